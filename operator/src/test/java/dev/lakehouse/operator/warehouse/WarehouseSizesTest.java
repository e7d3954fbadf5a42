package dev.lakehouse.operator.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.WarehouseSize;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseSizesTest {
  @Test
  void eachSizeDoublesTheWorkersOfACluster() {
    Map<String, Integer> workers = new LinkedHashMap<>();
    for (WarehouseSize size : WarehouseSize.values()) {
      workers.put(WarehouseSizes.label(size), WarehouseSizes.of(size).workers());
    }

    assertThat(workers)
        .containsExactly(
            Map.entry("2X-Small", 1),
            Map.entry("X-Small", 2),
            Map.entry("Small", 4),
            Map.entry("Medium", 8),
            Map.entry("Large", 16),
            Map.entry("X-Large", 32),
            Map.entry("2X-Large", 64),
            Map.entry("3X-Large", 128),
            Map.entry("4X-Large", 256));
  }

  @Test
  void theDriverGrowsFromLarge() {
    assertThat(WarehouseSizes.of(WarehouseSize.XXSMALL))
        .isEqualTo(new WarehouseSizes.ClusterShape(1, 4, "16Gi"));
    assertThat(WarehouseSizes.of(WarehouseSize.MEDIUM))
        .isEqualTo(new WarehouseSizes.ClusterShape(8, 4, "16Gi"));
    assertThat(WarehouseSizes.of(WarehouseSize.LARGE))
        .isEqualTo(new WarehouseSizes.ClusterShape(16, 8, "32Gi"));
    assertThat(WarehouseSizes.of(WarehouseSize.XXXXLARGE))
        .isEqualTo(new WarehouseSizes.ClusterShape(256, 8, "32Gi"));
  }

  @Test
  void everyWorkerHasFourCoresAndSixteenGibibytes() {
    assertThat(WarehouseSizes.WORKER_CORES).isEqualTo(4);
    assertThat(WarehouseSizes.WORKER_MEMORY).isEqualTo("16Gi");
  }

  @Test
  void noSizeMeansSmall() {
    assertThat(WarehouseSizes.of(null)).isEqualTo(WarehouseSizes.of(WarehouseSize.SMALL));
  }

  @Test
  void labelsAreTheNamesUsersWriteAndReadBackAsTheSameSize() {
    for (WarehouseSize size : WarehouseSize.values()) {
      String json = "\"" + WarehouseSizes.label(size) + "\"";
      assertThat(WarehouseFixtures.SERIALIZATION.unmarshal(json, WarehouseSize.class))
          .isEqualTo(size);
    }
    assertThat(Arrays.stream(WarehouseSize.values()).map(WarehouseSizes::label))
        .contains("2X-Small", "Small", "4X-Large");
  }
}
