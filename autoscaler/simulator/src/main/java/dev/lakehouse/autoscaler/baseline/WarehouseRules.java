package dev.lakehouse.autoscaler.baseline;

import static dev.lakehouse.autoscaler.policy.Decisions.ceilDiv;

import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import dev.lakehouse.autoscaler.policy.CapacityView;
import dev.lakehouse.autoscaler.policy.Decisions;
import dev.lakehouse.autoscaler.policy.DecommissionOrder;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.state.PeakSample;
import dev.lakehouse.autoscaler.state.PeakWindow;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Baseline: the documented scaling rules of a managed platform's pro/classic SQL warehouses.
 *
 * <ul>
 *   <li>Expected work = the time to process running queries, queued queries and the queries
 *       expected in the next two minutes on the current clusters. Under 2 minutes: no change; 2-6:
 *       +1 cluster; 6-12: +2; 12-22: +3; beyond: +3 and +1 per further 15 minutes.
 *   <li>Always +1 when a query has waited 5 minutes in the queue.
 *   <li>After 15 minutes of low load, scale in to the clusters needed by the peak load of the last
 *       15 minutes.
 *   <li>Auto-stop after the configured minutes without queries; the next query starts the
 *       warehouse.
 * </ul>
 *
 * Charitable readings where the text is silent: clusters already starting count as capacity; the
 * expected time of running queries is half the recent mean; the peak load is running plus queued
 * queries.
 */
public final class WarehouseRules implements ScalingPolicy<WarehouseMetrics> {
  static final long LOOKAHEAD_MS = 120_000L;
  static final long QUEUE_WAIT_MS = 300_000L;
  static final long LOW_LOAD_MS = 900_000L;
  static final long PEAK_BUCKET_MS = 60_000L;
  static final long ASSUMED_QUERY_MS = 10_000L;

  private final int min;
  private final int max;
  private final long autoStopMs;
  private long lowSinceMs = -1;
  private List<PeakSample> peaks = List.of();

  public WarehouseRules(int min, int max, long autoStopMs) {
    this.min = min;
    this.max = max;
    this.autoStopMs = autoStopMs;
  }

  /** Clusters to add for an expected work of {@code minutes} per cluster. */
  static int clustersToAdd(double minutes) {
    if (minutes < 2) {
      return 0;
    }
    if (minutes < 6) {
      return 1;
    }
    if (minutes < 12) {
      return 2;
    }
    if (minutes < 22) {
      return 3;
    }
    return 3 + (int) Math.floor((minutes - 22) / 15);
  }

  @Override
  public ScalingDecision decide(WarehouseMetrics m, ScalerState state, long nowMs) {
    if (m == null) {
      return Decisions.hold(state, nowMs, 0, Reason.METRICS_MISSING, "", Map.of());
    }
    CapacityView cap = CapacityView.of(m.clusters(), m.desiredClusters(), Set.of());
    int active = cap.activeUnits();
    int perCluster = m.queriesPerCluster();
    int load = m.runningQueries() + m.queuedQueries();
    peaks = PeakWindow.record(peaks, nowMs, load, PEAK_BUCKET_MS, LOW_LOAD_MS + PEAK_BUCKET_MS);
    if (active == 0) {
      lowSinceMs = -1;
      if (m.queuedQueries() > 0) {
        return Decisions.scaleUp(
            state, nowMs, 0, Math.max(1, min), Reason.START_ON_DEMAND, "", Map.of());
      }
      return Decisions.hold(state, nowMs, 0, Reason.STOPPED, "", Map.of());
    }
    if (load == 0 && autoStopMs > 0 && nowMs - m.lastActivityMs() >= autoStopMs) {
      List<String> all =
          DecommissionOrder.pick(cap.activeUnitsList(), cap.activeUnitsList().size());
      return Decisions.scaleDown(
          state, nowMs, all.size(), all, List.of(), Reason.AUTO_STOP, "", Map.of());
    }
    double meanMs = m.meanQueryMillis() > 0 ? m.meanQueryMillis() : ASSUMED_QUERY_MS;
    double expectedArrivals = (double) m.recentArrivals() / m.arrivalWindowMs() * LOOKAHEAD_MS;
    double workMs =
        m.runningQueries() * meanMs / 2 + m.queuedQueries() * meanMs + expectedArrivals * meanMs;
    double minutes = workMs / ((double) active * perCluster) / 60_000.0;
    int add = clustersToAdd(minutes);
    if (m.oldestQueuedWaitMs() >= QUEUE_WAIT_MS) {
      add = Math.max(add, 1);
    }
    int target = Math.min(max, active + add);
    if (target > active) {
      lowSinceMs = -1;
      return Decisions.scaleUp(state, nowMs, active, target, Reason.EXPECTED_WORK, "", Map.of());
    }
    int neededNow = ceilDiv(load, perCluster);
    if (neededNow >= active || active <= min) {
      lowSinceMs = -1;
      return Decisions.hold(state, nowMs, active, Reason.STEADY, "", Map.of());
    }
    if (lowSinceMs < 0) {
      lowSinceMs = nowMs;
    }
    if (nowMs - lowSinceMs >= LOW_LOAD_MS) {
      int peakClusters =
          ceilDiv(PeakWindow.peak(peaks, nowMs, PEAK_BUCKET_MS, LOW_LOAD_MS), perCluster);
      int floor = Math.max(min, Math.min(max, peakClusters));
      List<String> names = DecommissionOrder.pick(cap.activeUnitsList(), active - floor);
      if (floor < active && !names.isEmpty()) {
        lowSinceMs = nowMs;
        return Decisions.scaleDown(
            state, nowMs, active, names, List.of(), Reason.UNDERUTILIZED, "", Map.of());
      }
    }
    return Decisions.hold(state, nowMs, active, Reason.UNDERUTILIZED_WAITING, "", Map.of());
  }
}
