package dev.lakehouse.autoscaler.baseline;

import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import dev.lakehouse.autoscaler.policy.CapacityView;
import dev.lakehouse.autoscaler.policy.Decisions;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Baselines static-min and static-max: a fixed size, restored if a unit is lost, never changed by
 * load.
 */
public final class StaticSize<M> implements ScalingPolicy<M> {
  private final int size;
  private final ToIntFunction<M> activeUnits;

  private StaticSize(int size, ToIntFunction<M> activeUnits) {
    this.size = size;
    this.activeUnits = activeUnits;
  }

  public static StaticSize<ClusterMetrics> cluster(int size) {
    return new StaticSize<>(
        size, m -> CapacityView.of(m.workers(), m.desiredWorkers(), Set.of()).activeUnits());
  }

  public static StaticSize<WarehouseMetrics> warehouse(int size) {
    return new StaticSize<>(
        size, m -> CapacityView.of(m.clusters(), m.desiredClusters(), Set.of()).activeUnits());
  }

  @Override
  public ScalingDecision decide(M metrics, ScalerState state, long nowMs) {
    if (metrics == null) {
      return Decisions.hold(state, nowMs, size, Reason.METRICS_MISSING, "", Map.of());
    }
    int active = activeUnits.applyAsInt(metrics);
    if (active < size) {
      return Decisions.scaleUp(
          state, nowMs, active, size, Reason.BELOW_MIN, "static size", Map.of());
    }
    return Decisions.hold(state, nowMs, active, Reason.STEADY, "", Map.of());
  }
}
