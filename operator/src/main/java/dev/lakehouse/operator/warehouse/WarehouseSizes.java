package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.v1alpha1.WarehouseSize;

/**
 * What each T-shirt size of a Warehouse means for one of its clusters: the number of workers
 * doubles with each step; every worker has 4 cores and 16 GiB; the driver (which runs the SQL
 * endpoint and Spark Connect, each a driver application with these resources) has 4 cores and 16
 * GiB up to Medium and 8 cores and 32 GiB from Large.
 */
public final class WarehouseSizes {
  public static final int WORKER_CORES = 4;
  public static final String WORKER_MEMORY = "16Gi";

  private WarehouseSizes() {}

  /** One cluster of a size: its workers, and its driver's cores and memory. */
  public record ClusterShape(int workers, int driverCores, String driverMemory) {}

  public static ClusterShape of(WarehouseSize size) {
    WarehouseSize s = size == null ? WarehouseSize.SMALL : size;
    int workers = 1 << s.ordinal();
    boolean large = s.ordinal() >= WarehouseSize.LARGE.ordinal();
    return new ClusterShape(workers, large ? 8 : 4, large ? "32Gi" : "16Gi");
  }

  /** The size as users write it, for example 2X-Small. */
  public static String label(WarehouseSize size) {
    try {
      return WarehouseSize.class
          .getField(size.name())
          .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class)
          .value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}
