package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import dev.lakehouse.testing.TestEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Kubernetes manifest under examples/ is accepted by a real API server (server-side dry-run).
 */
class ExamplesAreAcceptedTest {
  private static final RealApiServer API = RealApiServer.shared();

  static Stream<Path> exampleManifests() throws IOException {
    Path examples = TestEnvironment.repoRoot().resolve("examples");
    try (Stream<Path> files = Files.walk(examples)) {
      List<Path> manifests =
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .filter(ExamplesAreAcceptedTest::isKubernetesManifest)
              .sorted()
              .toList();
      assertThat(manifests)
          .as("Kubernetes manifests under examples/")
          .hasSizeGreaterThanOrEqualTo(7);
      return manifests.stream();
    }
  }

  @BeforeAll
  static void createTheNamespacesExamplesUse() throws IOException {
    // Workspaces create their namespaces through the operator; a dry-run of a namespaced object
    // needs it to exist.
    try (Stream<Path> manifests = exampleManifests()) {
      manifests
          .flatMap(ExamplesAreAcceptedTest::documents)
          .map(d -> d.getMetadata().getNamespace())
          .filter(Objects::nonNull)
          .distinct()
          .forEach(
              ns ->
                  API.client()
                      .resource(
                          new NamespaceBuilder()
                              .withNewMetadata()
                              .withName(ns)
                              .endMetadata()
                              .build())
                      .serverSideApply());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleManifests")
  void isAcceptedByServerSideDryRun(Path manifest) {
    CommandResult result =
        API.kubectl("apply", "--dry-run=server", "--server-side", "-f", manifest.toString());
    assertThat(result.succeeded()).as(result.toString()).isTrue();
    assertThat(result.stdout()).contains("(server dry run)");
  }

  private static boolean isKubernetesManifest(Path file) {
    try {
      String text = Files.readString(file);
      return text.contains("apiVersion:") && text.contains("kind:");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Stream<HasMetadata> documents(Path file) {
    try (var in = Files.newInputStream(file)) {
      Object parsed = API.client().getKubernetesSerialization().unmarshal(in);
      List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
      return items.stream()
          .filter(HasMetadata.class::isInstance)
          .map(HasMetadata.class::cast)
          .toList()
          .stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
