package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseSpec;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.warehouse.WarehousePolicyConfig;
import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.service.WarehouseAutoscaler;
import dev.lakehouse.autoscaler.state.PendingScaleDown;
import dev.lakehouse.autoscaler.state.ScalerState;
import dev.lakehouse.operator.cluster.autoscaling.CapturingStateStore;
import dev.lakehouse.operator.cluster.autoscaling.ScalerStateMapping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The autoscaler library's ports for one Warehouse, evaluated once per reconcile: metrics from the
 * fleet and its SQL endpoints, state from and to {@code status.autoscaler}, decisions as events.
 * The units are the Warehouse's clusters; a scale-in names the clusters that drain. It returns the
 * clusters wanted and those to drain; the reconciler applies and records them.
 */
public class WarehouseAutoscaling {
  /** Running Warehouses are looked at this often. */
  public static final Duration EVALUATION_PERIOD = Duration.ofSeconds(5);

  private final SqlLoadSource load;
  private final DecisionEvents events;
  private final Optional<Duration> scaleInWindow;
  private final Clock clock;

  /** Tells people about a decision (Kubernetes events in the operator). */
  @FunctionalInterface
  public interface DecisionEvents {
    /**
     * @param woken whether a connection asked for this start (the gateway's wake request), rather
     *     than a Warehouse created or started again
     */
    void record(Warehouse warehouse, ScalingDecision decision, boolean woken);
  }

  /**
   * What one evaluation settled.
   *
   * @param desiredClusters clusters that take connections, starting ones included
   * @param drain clusters named to go: they drain, then are deleted
   * @param loads the load read from each member, by name
   * @param status what to record in status.autoscaler
   * @param decision the policy's decision; null when nothing was evaluated
   */
  public record Outcome(
      int desiredClusters,
      List<String> drain,
      Map<String, SqlLoad> loads,
      ClusterAutoscalerStatus status,
      ScalingDecision decision) {

    public boolean metricsUnavailable() {
      return decision != null
          && (decision.reason() == Reason.METRICS_MISSING
              || decision.reason() == Reason.METRICS_STALE);
    }
  }

  /**
   * @param scaleInWindow overrides the policy's low-load and peak windows (5 and 10 minutes)
   */
  public WarehouseAutoscaling(
      SqlLoadSource load, DecisionEvents events, Optional<Duration> scaleInWindow, Clock clock) {
    this.load = load;
    this.events = events;
    this.scaleInWindow = scaleInWindow;
    this.clock = clock;
  }

  /**
   * Evaluates a running Warehouse.
   *
   * @param wake when the gateway last asked to wake it, if that request is not handled yet
   * @param activityFloor the latest activity recorded before (last query time, a wake)
   */
  public Outcome evaluate(
      Warehouse warehouse,
      List<FleetMember> members,
      Optional<Instant> wake,
      Instant activityFloor) {
    Instant now = clock.instant();
    ClusterAutoscalerStatus stored = recorded(warehouse);
    CapturingStateStore store = new CapturingStateStore(ScalerStateMapping.fromStatus(stored));
    Map<String, SqlLoad> loads = new java.util.LinkedHashMap<>();
    for (FleetMember member : members) {
      if (member.ready()) {
        load.read(member.cluster()).ifPresent(l -> loads.put(member.name(), l));
      }
    }
    int asked = askedClusters(store.before(), members);
    // A fleet that is not stopped but has no cluster to take connections (just created, started
    // again, its clusters deleted by hand or being deleted) waits on a start as a woken one does.
    boolean stopped = store.before().lastDesiredUnits() == 0;
    Optional<Instant> demand =
        members.stream().anyMatch(WarehouseAutoscaling::takesConnections)
            ? Optional.empty()
            : wake.or(() -> stopped ? Optional.empty() : Optional.of(now));
    // Asking for clusters is activity: a fleet just started (again) has served nothing yet, and
    // auto-stop counting from the last query before the stop would stop it at once.
    Instant floor =
        store.before().lastScaleUpAtMs() > activityFloor.toEpochMilli()
            ? Instant.ofEpochMilli(store.before().lastScaleUpAtMs())
            : activityFloor;
    WarehousePolicyConfig config = policy(warehouse.getSpec());
    WarehouseAutoscaler autoscaler =
        new WarehouseAutoscaler(
            target ->
                WarehouseMetricsAssembler.assemble(
                    config.queriesPerCluster(), members, loads, asked, demand, floor, now),
            (target, desired, leaving) -> {},
            store,
            (target, decision) -> events.record(warehouse, decision, wake.isPresent()),
            clock::millis);
    ScalingDecision decision =
        autoscaler.reconcile(
            new ScalingTarget(
                warehouse.getMetadata().getNamespace(), warehouse.getMetadata().getName()),
            config);
    ClusterAutoscalerStatus status =
        !store.changed() ? stored : ScalerStateMapping.toStatus(store.saved());
    return new Outcome(
        Math.max(0, askedClusters(store.saved(), members)),
        store.saved().pendingScaleDowns().stream().map(PendingScaleDown::unit).toList(),
        loads,
        status,
        decision);
  }

  WarehousePolicyConfig policy(WarehouseSpec spec) {
    int min = spec.minClusters == null ? 1 : spec.minClusters;
    int max = spec.maxClusters == null ? min : Math.max(min, spec.maxClusters);
    WarehousePolicyConfig defaults = WarehousePolicyConfig.defaults(min, max);
    WarehousePolicyConfig config =
        new WarehousePolicyConfig(
            min,
            max,
            spec.maxConcurrentQueriesPerCluster == null ? 10 : spec.maxConcurrentQueriesPerCluster,
            Duration.ofMinutes(spec.autoStopMinutes == null ? 10 : spec.autoStopMinutes).toMillis(),
            defaults.maxQueueWaitMs(),
            defaults.lowLoadWindowMs(),
            defaults.peakWindowMs(),
            defaults.staffingMargin(),
            defaults.staleAfterMs(),
            defaults.assumedStartupMs(),
            defaults.assumedQueryMillis());
    return scaleInWindow.map(w -> config.withWindows(w.toMillis(), w.toMillis())).orElse(config);
  }

  /**
   * The clusters last decided, or, before any decision, those that take connections now (a
   * Warehouse whose status was lost keeps its fleet).
   */
  private static int askedClusters(ScalerState state, List<FleetMember> members) {
    if (state.lastDesiredUnits() >= 0) {
      return state.lastDesiredUnits();
    }
    return (int) members.stream().filter(WarehouseAutoscaling::takesConnections).count();
  }

  /** Neither draining nor being deleted: the cluster counts in the fleet's size. */
  static boolean takesConnections(FleetMember member) {
    return !member.draining() && !member.deleting();
  }

  private static ClusterAutoscalerStatus recorded(Warehouse warehouse) {
    return warehouse.getStatus() == null ? null : warehouse.getStatus().autoscaler;
  }
}
