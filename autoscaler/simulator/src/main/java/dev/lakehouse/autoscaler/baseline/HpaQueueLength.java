package dev.lakehouse.autoscaler.baseline;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import dev.lakehouse.autoscaler.policy.CapacityView;
import dev.lakehouse.autoscaler.policy.Decisions;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Baseline: a Kubernetes HorizontalPodAutoscaler (autoscaling/v2) with the default behaviour,
 * driving the scale subresource from an external queue-length metric with an AverageValue target
 * (pending tasks per worker = its task slots; queued queries per member cluster = its concurrency).
 *
 * <ul>
 *   <li>Every 15 s (the controller's sync period) the recommendation is ceil(metric / target),
 *       unless the ratio to the current size is within the 10% tolerance.
 *   <li>Up: no stabilization; at most the larger of +100% and +4 pods per 15 s.
 *   <li>Down: the highest recommendation of the last 300 s (stabilization window); then up to 100%
 *       at once.
 *   <li>Replicas between minReplicas and maxReplicas; minReplicas is at least 1 (scale to zero
 *       needs an alpha feature gate).
 *   <li>Scale-down removes the highest ordinals (StatefulSet semantics), decommissioned gracefully
 *       by the operator.
 * </ul>
 */
public final class HpaQueueLength<M> implements ScalingPolicy<M> {
  static final long STABILIZATION_MS = 300_000L;
  static final double TOLERANCE = 0.1;

  private final int min;
  private final int max;
  private final double targetPerReplica;
  private final ToIntFunction<M> queueLength;
  private final Function<M, CapacityView> capacity;
  private final Deque<long[]> recommendations = new ArrayDeque<>();

  private HpaQueueLength(
      int min,
      int max,
      double targetPerReplica,
      ToIntFunction<M> queueLength,
      Function<M, CapacityView> capacity) {
    this.min = Math.max(1, min);
    this.max = max;
    this.targetPerReplica = targetPerReplica;
    this.queueLength = queueLength;
    this.capacity = capacity;
  }

  /** On pending tasks, target = task slots per worker. */
  public static HpaQueueLength<ClusterMetrics> cluster(int min, int max, int slotsPerWorker) {
    return new HpaQueueLength<>(
        min,
        max,
        slotsPerWorker,
        ClusterMetrics::pendingTasks,
        m -> CapacityView.of(m.workers(), m.desiredWorkers(), Set.of()));
  }

  /** On queued queries, target = concurrent queries per member cluster. */
  public static HpaQueueLength<WarehouseMetrics> warehouse(
      int min, int max, int queriesPerCluster) {
    return new HpaQueueLength<>(
        min,
        max,
        queriesPerCluster,
        WarehouseMetrics::queuedQueries,
        m -> CapacityView.of(m.clusters(), m.desiredClusters(), Set.of()));
  }

  @Override
  public ScalingDecision decide(M m, ScalerState state, long nowMs) {
    if (m == null) {
      return Decisions.hold(state, nowMs, 0, Reason.METRICS_MISSING, "", Map.of());
    }
    CapacityView cap = capacity.apply(m);
    int current = cap.activeUnits();
    double metric = queueLength.applyAsInt(m);
    int recommendation;
    double ratio = current == 0 ? Double.POSITIVE_INFINITY : metric / (targetPerReplica * current);
    if (current > 0 && Math.abs(ratio - 1.0) <= TOLERANCE) {
      recommendation = current;
    } else {
      recommendation = (int) Math.ceil(metric / targetPerReplica);
    }
    recommendation = Math.max(min, Math.min(max, recommendation));
    recommendations.addLast(new long[] {nowMs, recommendation});
    while (!recommendations.isEmpty()
        && recommendations.peekFirst()[0] < nowMs - STABILIZATION_MS) {
      recommendations.removeFirst();
    }
    if (recommendation > current) {
      int limit = Math.max(current * 2, current + 4);
      int desired = Math.min(recommendation, limit);
      return Decisions.scaleUp(state, nowMs, current, desired, Reason.BACKLOG, "", Map.of());
    }
    int stabilized = 0;
    for (long[] r : recommendations) {
      stabilized = Math.max(stabilized, (int) r[1]);
    }
    if (stabilized < current) {
      List<CapacityUnit> units = new ArrayList<>(cap.activeUnitsList());
      units.sort(Comparator.comparing(CapacityUnit::name).reversed());
      List<String> names = new ArrayList<>();
      for (int i = 0; i < Math.min(current - stabilized, units.size()); i++) {
        names.add(units.get(i).name());
      }
      if (!names.isEmpty()) {
        return Decisions.scaleDown(
            state, nowMs, current, names, List.of(), Reason.UNDERUTILIZED, "", Map.of());
      }
    }
    return Decisions.hold(state, nowMs, current, Reason.STEADY, "", Map.of());
  }
}
