package dev.lakehouse.autoscaler.baseline;

import static dev.lakehouse.autoscaler.policy.Decisions.ceilDiv;

import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.CapacityView;
import dev.lakehouse.autoscaler.policy.Decisions;
import dev.lakehouse.autoscaler.policy.DecommissionOrder;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Baseline: a managed platform's documented "standard" autoscaling. Starts by adding 8 workers,
 * then scales up exponentially (16, 32...), one step at a time once the previous step's workers are
 * up; scales down only when the cluster is completely idle and has been underutilized for the last
 * 10 minutes, exponentially starting with one worker.
 *
 * <p>Where the documentation is silent we chose the charitable reading: a step never adds more
 * workers than the pending and running tasks can use, and "underutilized" means at least one
 * worker's worth of slots unused (the same test as the other policies).
 */
public final class StandardAutoscaling implements ScalingPolicy<ClusterMetrics> {
  static final int FIRST_STEP = 8;
  static final long IDLE_WINDOW_MS = 600_000L;

  private final int min;
  private final int max;
  private int nextUpStep = FIRST_STEP;
  private int nextDownStep = 1;
  private long underutilizedSinceMs = -1;

  public StandardAutoscaling(int min, int max) {
    this.min = min;
    this.max = max;
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
      nextDownStep = 1;
      if (cap.starting() == 0 && active < max) {
        int usable = ceilDiv(m.runningTasks() + m.pendingTasks(), slots);
        int target = Math.min(max, Math.min(active + nextUpStep, Math.max(usable, active + 1)));
        nextUpStep *= 2;
        return Decisions.scaleUp(state, nowMs, active, target, Reason.BACKLOG, "", Map.of());
      }
      return Decisions.hold(state, nowMs, active, Reason.BACKLOG, "", Map.of());
    }
    nextUpStep = FIRST_STEP;
    if (busyUnits >= active || active <= min) {
      underutilizedSinceMs = -1;
      nextDownStep = 1;
      return Decisions.hold(state, nowMs, active, Reason.STEADY, "", Map.of());
    }
    if (underutilizedSinceMs < 0) {
      underutilizedSinceMs = nowMs;
    }
    boolean completelyIdle = m.runningTasks() == 0;
    if (completelyIdle && nowMs - underutilizedSinceMs >= IDLE_WINDOW_MS) {
      int remove = Math.min(nextDownStep, active - min);
      nextDownStep *= 2;
      List<String> names = DecommissionOrder.pick(cap.activeUnitsList(), remove);
      if (!names.isEmpty()) {
        return Decisions.scaleDown(
            state, nowMs, active, names, List.of(), Reason.UNDERUTILIZED, "", Map.of());
      }
    }
    return Decisions.hold(state, nowMs, active, Reason.UNDERUTILIZED_WAITING, "", Map.of());
  }
}
