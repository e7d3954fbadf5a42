package dev.lakehouse.autoscaler.baseline;

import static dev.lakehouse.autoscaler.policy.Decisions.ceilDiv;

import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.CapacityView;
import dev.lakehouse.autoscaler.policy.Decisions;
import dev.lakehouse.autoscaler.policy.DecommissionOrder;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.policy.cluster.ClusterKind;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Baseline: a managed platform's documented "optimized" autoscaling. Scales up from min to max in
 * two steps (each step at most half the range, towards what pending and running tasks need,
 * counting workers already starting); scales down even when not idle (busy workers are
 * decommissioned gracefully, as shuffle-aware scale-down allows), by a percentage of the current
 * workers, once the cluster has been underutilized for the last 150 s (interactive) or 40 s (job),
 * one decision per window.
 *
 * <p>The documentation does not give the percentage: we use half of the current workers per
 * decision.
 */
public final class OptimizedAutoscaling implements ScalingPolicy<ClusterMetrics> {
  static final double DOWN_FRACTION = 0.5;

  private final int min;
  private final int max;
  private final long windowMs;
  private long underutilizedSinceMs = -1;

  public OptimizedAutoscaling(int min, int max, ClusterKind kind) {
    this.min = min;
    this.max = max;
    this.windowMs = kind.defaultUnderutilizationWindowMs();
  }

  @Override
  public ScalingDecision decide(ClusterMetrics m, ScalerState state, long nowMs) {
    if (m == null) {
      return Decisions.hold(state, nowMs, 0, Reason.METRICS_MISSING, "", Map.of());
    }
    CapacityView cap = CapacityView.of(m.workers(), m.desiredWorkers(), Set.of());
    int active = cap.activeUnits();
    int slots = m.slotsPerWorker();
    int busyUnits = ceilDiv(m.runningTasks(), slots);
    if (m.pendingTasks() > 0) {
      underutilizedSinceMs = -1;
      int needed =
          Math.max(min, Math.min(max, ceilDiv(m.runningTasks() + m.pendingTasks(), slots)));
      int step = Math.max(1, ceilDiv(max - min, 2));
      int target = Math.min(needed, active + step);
      if (target > active) {
        return Decisions.scaleUp(state, nowMs, active, target, Reason.BACKLOG, "", Map.of());
      }
      return Decisions.hold(state, nowMs, active, Reason.BACKLOG, "", Map.of());
    }
    if (busyUnits >= active || active <= min) {
      underutilizedSinceMs = -1;
      return Decisions.hold(state, nowMs, active, Reason.STEADY, "", Map.of());
    }
    if (underutilizedSinceMs < 0) {
      underutilizedSinceMs = nowMs;
    }
    if (nowMs - underutilizedSinceMs >= windowMs) {
      int excess = active - Math.max(min, busyUnits);
      int remove = Math.min(excess, Math.max(1, (int) Math.ceil(active * DOWN_FRACTION)));
      underutilizedSinceMs = nowMs;
      List<String> names = DecommissionOrder.pick(cap.activeUnitsList(), remove);
      if (!names.isEmpty()) {
        return Decisions.scaleDown(
            state, nowMs, active, names, List.of(), Reason.UNDERUTILIZED, "", Map.of());
      }
    }
    return Decisions.hold(state, nowMs, active, Reason.UNDERUTILIZED_WAITING, "", Map.of());
  }
}
