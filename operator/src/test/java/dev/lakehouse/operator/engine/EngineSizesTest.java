package dev.lakehouse.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The operator defaults what a stored object leaves out exactly as the API server defaults it: the
 * committed CRD's defaults and EngineSizes' come from the same constants, and this proves it.
 */
class EngineSizesTest {
  private static JsonNode crdSpecProperties() throws Exception {
    try (InputStream in =
        EngineSizesTest.class.getResourceAsStream(
            "/META-INF/lakehouse/crds/clusters.lakehouse.dev-v1.yml")) {
      JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(in);
      return crd.path("spec")
          .path("versions")
          .get(0)
          .path("schema")
          .path("openAPIV3Schema")
          .path("properties")
          .path("spec")
          .path("properties");
    }
  }

  private static EngineDescription unsized() {
    Cluster cluster = new Cluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("n").build());
    cluster.setSpec(new ClusterSpec());
    return EngineDescription.of(cluster);
  }

  @Test
  void theOperatorsDefaultsAreTheCrdsDefaults() throws Exception {
    JsonNode spec = crdSpecProperties();
    EngineDescription engine = unsized();

    assertThat(EngineSizes.driverCores(engine))
        .isEqualTo(spec.path("driver").path("properties").path("cores").path("default").asInt());
    assertThat(EngineSizes.driverMemory(engine))
        .isEqualTo(spec.path("driver").path("properties").path("memory").path("default").asText());
    assertThat(EngineSizes.workerCores(engine))
        .isEqualTo(spec.path("worker").path("properties").path("cores").path("default").asInt());
    assertThat(EngineSizes.workerMemory(engine))
        .isEqualTo(spec.path("worker").path("properties").path("memory").path("default").asText());
    assertThat(Integer.parseInt(ClusterSpec.DEFAULT_AUTO_TERMINATION_MINUTES))
        .isEqualTo(spec.path("autoTerminationMinutes").path("default").asInt());
  }
}
