package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.WarehouseSpec;
import io.fabric8.generator.annotation.Default;
import org.junit.jupiter.api.Test;

/**
 * The API's default runtimeVersion is the runtime table's default, so a defaulted Cluster always
 * resolves.
 */
class RuntimeDefaultsAgreeTest {
  @Test
  void clusterAndWarehouseDefaultToTheTablesDefaultRuntime() throws NoSuchFieldException {
    String tableDefault = RuntimeVersions.bundled().defaultRuntime().name();

    assertThat(ClusterSpec.class.getField("runtimeVersion").getAnnotation(Default.class).value())
        .isEqualTo(tableDefault);
    assertThat(WarehouseSpec.class.getField("runtimeVersion").getAnnotation(Default.class).value())
        .isEqualTo(tableDefault);
  }
}
