package dev.lakehouse.autoscaler.baseline;

import static dev.lakehouse.autoscaler.policy.Decisions.ceilDiv;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.model.UnitPhase;
import dev.lakehouse.autoscaler.policy.CapacityView;
import dev.lakehouse.autoscaler.policy.Decisions;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Baseline: Spark dynamic allocation with its documented defaults (one executor per worker).
 *
 * <ul>
 *   <li>When tasks have been pending for {@code schedulerBacklogTimeout} (1 s), the target grows by
 *       1, then by 2, 4, 8... every {@code sustainedSchedulerBacklogTimeout} (1 s) while the
 *       backlog lasts, never beyond what running and pending tasks need ({@code
 *       executorAllocationRatio} 1).
 *   <li>When fewer executors are needed than targeted, the target drops at once and requests not
 *       yet fulfilled are cancelled (as Spark on Kubernetes deletes excess pending pods).
 *   <li>An executor idle for {@code executorIdleTimeout} (60 s) is removed while more than the
 *       target and the minimum remain.
 * </ul>
 *
 * Keeps its own counters like the driver's ExecutorAllocationManager; evaluated every 100 ms as the
 * driver does. One instance per simulated cluster.
 */
public final class SparkDynamicAllocation implements ScalingPolicy<ClusterMetrics> {
  static final long BACKLOG_TIMEOUT_MS = 1_000L;
  static final long SUSTAINED_BACKLOG_TIMEOUT_MS = 1_000L;
  static final long IDLE_TIMEOUT_MS = 60_000L;

  private final int min;
  private final int max;
  private int target = -1;
  private int toAdd = 1;
  private long addTimeMs = -1;

  public SparkDynamicAllocation(int min, int max) {
    this.min = min;
    this.max = max;
  }

  @Override
  public ScalingDecision decide(ClusterMetrics m, ScalerState state, long nowMs) {
    if (m == null) {
      return Decisions.hold(
          state, nowMs, Math.max(0, target), Reason.METRICS_MISSING, "", Map.of());
    }
    CapacityView cap = CapacityView.of(m.workers(), m.desiredWorkers(), Set.of());
    int active = cap.activeUnits();
    if (target < 0) {
      target = Math.max(min, active);
    }
    int maxNeeded =
        Math.max(
            min, Math.min(max, ceilDiv(m.runningTasks() + m.pendingTasks(), m.slotsPerWorker())));
    if (maxNeeded < target) {
      target = maxNeeded;
      toAdd = 1;
    } else if (m.pendingTasks() > 0) {
      if (addTimeMs < 0) {
        addTimeMs = nowMs + BACKLOG_TIMEOUT_MS;
      }
      if (nowMs >= addTimeMs) {
        int old = target;
        target = Math.min(maxNeeded, target + toAdd);
        int delta = target - old;
        toAdd = delta == toAdd ? toAdd * 2 : 1;
        addTimeMs = nowMs + SUSTAINED_BACKLOG_TIMEOUT_MS;
      }
    }
    if (m.pendingTasks() == 0) {
      addTimeMs = -1;
      toAdd = 1;
    }

    List<String> remove = new ArrayList<>();
    List<CapacityUnit> starting = new ArrayList<>();
    List<CapacityUnit> idleTimedOut = new ArrayList<>();
    for (CapacityUnit u : cap.activeUnitsList()) {
      if (u.phase() == UnitPhase.STARTING) {
        starting.add(u);
      } else if (u.isIdle() && u.idleSinceMs() >= 0 && nowMs - u.idleSinceMs() >= IDLE_TIMEOUT_MS) {
        idleTimedOut.add(u);
      }
    }
    int remaining = active;
    starting.sort(
        Comparator.comparingLong(CapacityUnit::requestedAtMs)
            .reversed()
            .thenComparing(CapacityUnit::name));
    for (CapacityUnit u : starting) {
      if (remaining > target) {
        remove.add(u.name());
        remaining--;
      }
    }
    idleTimedOut.sort(
        Comparator.comparingLong(CapacityUnit::idleSinceMs).thenComparing(CapacityUnit::name));
    for (CapacityUnit u : idleTimedOut) {
      if (remaining - 1 >= Math.max(min, target)) {
        remove.add(u.name());
        remaining--;
      }
    }
    if (!remove.isEmpty()) {
      return Decisions.scaleDown(
          state, nowMs, active, remove, List.of(), Reason.UNDERUTILIZED, "", Map.of());
    }
    if (target > active) {
      return Decisions.scaleUp(state, nowMs, active, target, Reason.BACKLOG, "", Map.of());
    }
    return Decisions.hold(state, nowMs, active, Reason.STEADY, "", Map.of());
  }
}
