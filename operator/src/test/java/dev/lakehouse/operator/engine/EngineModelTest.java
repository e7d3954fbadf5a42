package dev.lakehouse.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class EngineModelTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Workspace WORKSPACE =
      YAML.unmarshal(
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Workspace
          metadata: {name: analytics}
          spec: {}
          """,
          Workspace.class);

  private static EngineModel model(String spec) {
    return model(spec, 1.0);
  }

  private static EngineModel model(String spec, double cpuRequestFraction) {
    Cluster cluster =
        YAML.unmarshal(
            """
            apiVersion: lakehouse.dev/v1alpha1
            kind: Cluster
            metadata: {name: etl, namespace: analytics}
            spec: %s
            """
                .formatted(spec),
            Cluster.class);
    return EngineModel.of(
        EngineDescription.of(cluster),
        WORKSPACE,
        RuntimeVersions.bundled().resolve(cluster.getSpec().runtimeVersion),
        "ghcr.io/lakehouse-dev/lakehouse-runtime",
        "IfNotPresent",
        cpuRequestFraction);
  }

  @Test
  void theCpuRequestFractionIsAllOfASizesCoresUnlessSaidOtherwiseAndAShareOfThemAtMost() {
    assertThat(model("{workers: 1}").cpuRequestFraction()).isEqualTo(1.0);
    for (double outside : new double[] {0, -0.5, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> model("{workers: 1}", outside))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CPU request fraction");
    }
    assertThat(model("{workers: 1}", 0.1).cpuRequestFraction()).isEqualTo(0.1);
  }

  @Test
  void theRuntimesImageIsTheRepositoryTaggedWithTheRuntimeName() {
    assertThat(model("{workers: 1, runtimeVersion: spark-3.5}").image())
        .isEqualTo("ghcr.io/lakehouse-dev/lakehouse-runtime:spark-3.5");
  }

  @Test
  void specImageReplacesTheRuntimesImage() {
    assertThat(model("{workers: 1, image: \"registry.example.com/spark:3.5-patched\"}").image())
        .isEqualTo("registry.example.com/spark:3.5-patched");
  }

  @Test
  void theEngineIsLabelledWithItsWorkspaceAndRenderedAgainstIt() {
    EngineModel model = model("{workers: 1}");

    assertThat(model.workspace()).isEqualTo("analytics");
    assertThat(model.config().sparkDefaults())
        .containsEntry("spark.lakehouse.workspace", "analytics")
        .containsEntry("spark.lakehouse.cluster", "analytics/etl");
  }
}
