package dev.lakehouse.autoscaler.policy.warehouse;

/**
 * Settings of the Warehouse policy. The operator builds one from the Warehouse's spec.
 *
 * @param minClusters member clusters kept while the warehouse runs (at least 1 while running)
 * @param maxClusters never more member clusters than this
 * @param queriesPerCluster concurrent queries one member cluster runs
 * @param autoStopMs stop every member cluster after this long without a query; 0 disables
 * @param maxQueueWaitMs a query waiting longer than this always adds a cluster
 * @param lowLoadWindowMs load must stay below the current size this long before scaling in
 * @param peakWindowMs scale-in keeps enough clusters for the peak need of this window
 * @param staffingMargin safety margin in standard deviations of the offered load (square-root
 *     staffing)
 * @param staleAfterMs metrics older than this are not acted on
 * @param assumedStartupMs provisioning delay assumed until one start has been observed
 * @param assumedQueryMillis query duration assumed while no query has completed recently
 */
public record WarehousePolicyConfig(
    int minClusters,
    int maxClusters,
    int queriesPerCluster,
    long autoStopMs,
    long maxQueueWaitMs,
    long lowLoadWindowMs,
    long peakWindowMs,
    double staffingMargin,
    long staleAfterMs,
    long assumedStartupMs,
    long assumedQueryMillis) {

  public WarehousePolicyConfig {
    if (minClusters < 1 || maxClusters < minClusters) {
      throw new IllegalArgumentException(
          "need 1 <= minClusters <= maxClusters, got " + minClusters + ".." + maxClusters);
    }
    if (queriesPerCluster <= 0) {
      throw new IllegalArgumentException("queriesPerCluster must be > 0");
    }
    if (autoStopMs < 0
        || maxQueueWaitMs <= 0
        || lowLoadWindowMs < 0
        || peakWindowMs < 0
        || staleAfterMs <= 0
        || assumedStartupMs < 0
        || assumedQueryMillis <= 0
        || staffingMargin < 0) {
      throw new IllegalArgumentException("durations and margin must be >= 0");
    }
  }

  /** Defaults: 10 queries per cluster, auto-stop after 10 minutes, 30 s queue-wait bound. */
  public static WarehousePolicyConfig defaults(int min, int max) {
    return new WarehousePolicyConfig(
        min, max, 10, 600_000L, 30_000L, 300_000L, 600_000L, 1.0, 60_000L, 90_000L, 10_000L);
  }

  public WarehousePolicyConfig withAutoStopMs(long ms) {
    return new WarehousePolicyConfig(
        minClusters,
        maxClusters,
        queriesPerCluster,
        ms,
        maxQueueWaitMs,
        lowLoadWindowMs,
        peakWindowMs,
        staffingMargin,
        staleAfterMs,
        assumedStartupMs,
        assumedQueryMillis);
  }

  public WarehousePolicyConfig withWindows(long lowLoadMs, long peakMs) {
    return new WarehousePolicyConfig(
        minClusters,
        maxClusters,
        queriesPerCluster,
        autoStopMs,
        maxQueueWaitMs,
        lowLoadMs,
        peakMs,
        staffingMargin,
        staleAfterMs,
        assumedStartupMs,
        assumedQueryMillis);
  }

  public WarehousePolicyConfig withStaffingMargin(double margin) {
    return new WarehousePolicyConfig(
        minClusters,
        maxClusters,
        queriesPerCluster,
        autoStopMs,
        maxQueueWaitMs,
        lowLoadWindowMs,
        peakWindowMs,
        margin,
        staleAfterMs,
        assumedStartupMs,
        assumedQueryMillis);
  }

  public int clamp(int clusters) {
    return Math.max(minClusters, Math.min(maxClusters, clusters));
  }
}
