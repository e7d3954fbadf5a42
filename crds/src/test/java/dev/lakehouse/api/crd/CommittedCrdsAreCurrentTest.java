package dev.lakehouse.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed CRD YAML must be what the API classes generate; otherwise the build fails here. */
class CommittedCrdsAreCurrentTest {
  private static final String HOW_TO_FIX =
      "the committed CRDs (crds/generated, charts/lakehouse-operator/crds) are stale: regenerate them with "
          + "`./mvnw -pl crds process-test-classes -Pupdate-crds` and commit the result";

  @Test
  void committedCrdsEqualTheGeneratedOnes() throws IOException {
    Path generated = Path.of(System.getProperty("lakehouse.crds.generated"));
    Path committed = Path.of(System.getProperty("lakehouse.crds.committed"));

    List<String> generatedFiles = yamlFiles(generated);
    assertThat(generatedFiles)
        .as("generated CRDs")
        .containsExactlyInAnyOrder(
            "clusters.lakehouse.dev-v1.yml",
            "jobs.lakehouse.dev-v1.yml",
            "jobruns.lakehouse.dev-v1.yml",
            "warehouses.lakehouse.dev-v1.yml",
            "workspaces.lakehouse.dev-v1.yml");
    assertThat(yamlFiles(committed))
        .as(HOW_TO_FIX)
        .containsExactlyInAnyOrderElementsOf(generatedFiles);
    for (String file : generatedFiles) {
      assertThat(Files.readString(committed.resolve(file)))
          .as(HOW_TO_FIX + " (" + file + " differs)")
          .isEqualTo(Files.readString(generated.resolve(file)));
    }
  }

  @Test
  void theHelmChartShipsTheSameCrds() throws IOException {
    Path committed = Path.of(System.getProperty("lakehouse.crds.committed"));
    Path chart = Path.of(System.getProperty("lakehouse.crds.chart"));
    assertThat(yamlFiles(chart))
        .as(HOW_TO_FIX)
        .containsExactlyInAnyOrderElementsOf(yamlFiles(committed));
    for (String file : yamlFiles(committed)) {
      assertThat(Files.readString(chart.resolve(file)))
          .as(HOW_TO_FIX + " (charts/lakehouse-operator/crds/" + file + " differs)")
          .isEqualTo(Files.readString(committed.resolve(file)));
    }
  }

  private static List<String> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
