package dev.lakehouse.e2e.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.e2e.image.OciArchive.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's image built without Docker (runtime-image/build-oci operator) runs the packaged
 * Quarkus application as a numeric non-root user that cannot change the application, so the chart's
 * runAsNonRoot and readOnlyRootFilesystem hold. Skipped, with the reason, when the archive has not
 * been built on this machine.
 */
class OperatorImageTest {
  static OciArchive image;

  @BeforeAll
  static void read() throws Exception {
    Path archive = OciImages.archive("operator");
    OciImages.assumeBuilt(archive, "operator");
    image = OciArchive.read(archive, null, Set.of("etc/passwd"));
  }

  @Test
  void runsTheQuarkusApplicationAsANumericNonRootUser() {
    String user = image.runConfig().path("User").asText();
    assertThat(user)
        .as("Kubernetes checks runAsNonRoot only on a numeric user")
        .matches("[0-9]+:[0-9]+");
    assertThat(user).doesNotStartWith("0:");
    List<String> entrypoint = new ArrayList<>();
    image.runConfig().path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint).first().isEqualTo("java");
    String jar = entrypoint.get(entrypoint.size() - 1);
    assertThat(jar).endsWith("quarkus-run.jar");
    assertThat(image.files()).containsKey(OciArchive.normalize(jar));
    assertThat(image.files().keySet())
        .anyMatch(p -> p.startsWith("deployments/quarkus-app/lib/main/"))
        .anyMatch(p -> p.startsWith("deployments/quarkus-app/app/"))
        .anyMatch(p -> p.matches("usr/lib/jvm/java-17-openjdk-amd64/bin/java"));
    assertThat(image.files()).containsKey("tmp");
    assertThat(image.runConfig().path("ExposedPorts").has("8080/tcp")).isTrue();
  }

  @Test
  void theApplicationBelongsToRootAndOnlyRootMayWriteIt() {
    List<Entry> app =
        image.files().values().stream().filter(e -> e.path().startsWith("deployments")).toList();
    assertThat(app).isNotEmpty();
    assertThat(app)
        .allSatisfy(
            e -> {
              assertThat(e.uid()).as(e.path()).isZero();
              assertThat(e.mode() & 0022).as("group/other write on " + e.path()).isZero();
              assertThat(e.mode() & 0004).as("readable by everyone: " + e.path()).isNotZero();
            });
  }
}
