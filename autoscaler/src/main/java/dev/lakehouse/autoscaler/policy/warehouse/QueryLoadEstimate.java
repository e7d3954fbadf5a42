package dev.lakehouse.autoscaler.policy.warehouse;

import static dev.lakehouse.autoscaler.policy.Decisions.ceilDiv;

import dev.lakehouse.autoscaler.model.WarehouseMetrics;

/**
 * How many member clusters the query load needs.
 *
 * <p>Steady part: by Little's law the recent arrival rate times the mean query time is the number
 * of queries in flight on average; square-root staffing adds a margin of {@code margin *
 * sqrt(load)} slots so that random bursts rarely queue. Backlog part: queued queries that the spare
 * slots will not have started within one startup delay need clusters of their own, because only
 * those are helped by a new cluster.
 *
 * @param offeredLoadMilli queries in flight on average, times 1000
 * @param steadyClusters clusters for the offered load with its margin
 * @param residualQueued queued queries still waiting when a cluster started now is ready
 * @param neededClusters the larger of the steady need and current size plus the backlog's clusters
 */
public record QueryLoadEstimate(
    long offeredLoadMilli, int steadyClusters, long residualQueued, int neededClusters) {

  public static QueryLoadEstimate of(
      WarehouseMetrics m,
      int activeClusters,
      double margin,
      long startupMs,
      long assumedQueryMillis) {
    int perCluster = m.queriesPerCluster();
    double meanQueryMs = m.meanQueryMillis() > 0 ? m.meanQueryMillis() : assumedQueryMillis;
    double ratePerMs = (double) m.recentArrivals() / m.arrivalWindowMs();
    double offered = ratePerMs * meanQueryMs;
    double withMargin = offered + margin * Math.sqrt(offered);
    // Queries running now occupy their slots whatever the estimated rate says.
    int steady = ceilDiv((long) Math.ceil(Math.max(withMargin, m.runningQueries())), perCluster);
    double spareSlots = Math.max(0, (double) activeClusters * perCluster - offered);
    long startedWhileBooting = (long) Math.floor(spareSlots * startupMs / meanQueryMs);
    long residual = m.queuedQueries() - startedWhileBooting;
    int needed = steady;
    if (residual > 0) {
      needed = Math.max(needed, activeClusters + ceilDiv(residual, perCluster));
    }
    return new QueryLoadEstimate(Math.round(offered * 1000), steady, residual, needed);
  }
}
