package dev.lakehouse.autoscaler.model;

import java.util.List;

/**
 * What the metrics source reports about one Warehouse (a fleet of member Clusters behind one SQL
 * endpoint).
 *
 * @param observedAtMs when these numbers were taken, epoch ms
 * @param queriesPerCluster concurrent queries one member cluster runs (10 by default)
 * @param desiredClusters member clusters currently asked for
 * @param clusters member clusters with phase and running queries
 * @param runningQueries queries running now
 * @param queuedQueries queries admitted but waiting for a slot
 * @param oldestQueuedWaitMs how long the oldest queued query has waited; 0 when none waits
 * @param recentArrivals queries that arrived within the last {@code arrivalWindowMs}
 * @param arrivalWindowMs the window of {@code recentArrivals}
 * @param meanQueryMillis mean run time of recently completed queries; 0 when none completed
 *     recently
 * @param lastActivityMs last time a query arrived or finished, epoch ms (drives auto-stop)
 */
public record WarehouseMetrics(
    long observedAtMs,
    int queriesPerCluster,
    int desiredClusters,
    List<CapacityUnit> clusters,
    int runningQueries,
    int queuedQueries,
    long oldestQueuedWaitMs,
    int recentArrivals,
    long arrivalWindowMs,
    long meanQueryMillis,
    long lastActivityMs) {

  public WarehouseMetrics {
    if (queriesPerCluster <= 0) {
      throw new IllegalArgumentException("queriesPerCluster must be > 0, was " + queriesPerCluster);
    }
    if (arrivalWindowMs <= 0) {
      throw new IllegalArgumentException("arrivalWindowMs must be > 0");
    }
    clusters = List.copyOf(clusters);
  }

  public int readyClusters() {
    return UnitCounts.count(clusters, UnitPhase.READY);
  }

  public int startingClusters() {
    return UnitCounts.count(clusters, UnitPhase.STARTING);
  }
}
