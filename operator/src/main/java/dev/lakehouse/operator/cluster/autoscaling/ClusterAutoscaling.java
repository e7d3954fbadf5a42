package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.Autoscale;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.cluster.ClusterKind;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicyConfig;
import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.service.ClusterAutoscaler;
import dev.lakehouse.autoscaler.state.PendingScaleDown;
import dev.lakehouse.autoscaler.state.ScalerState;
import dev.lakehouse.operator.engine.load.EngineLoadSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The autoscaler library's ports for one Cluster, evaluated once per reconcile: metrics from the
 * worker pods and the Spark load, state from and to {@code status.autoscaler}, removal by
 * pod-deletion cost, decisions as events. It returns the size to apply and the status to record;
 * the reconciler applies and records them.
 */
public class ClusterAutoscaling {
  /** Autoscaled Clusters are looked at this often: the policy is tuned for a 2 s evaluation. */
  public static final Duration EVALUATION_PERIOD = Duration.ofSeconds(2);

  /**
   * While Spark's load cannot be read, the size holds; looking again this often keeps threads free.
   */
  public static final Duration UNAVAILABLE_PERIOD = Duration.ofSeconds(15);

  private final EngineLoadSource load;
  private final WorkerRemoval removal;
  private final DecisionEvents events;
  private final Optional<Duration> scaleDownWindow;
  private final Clock clock;

  /** Tells people about a decision (Kubernetes events in the operator). */
  @FunctionalInterface
  public interface DecisionEvents {
    void record(Cluster cluster, ScalingDecision decision);
  }

  /**
   * What one evaluation settled.
   *
   * @param desiredWorkers workers the autoscaler wants
   * @param replicas replicas to ask of the workers Deployment now: the wanted workers, plus the
   *     named ones whose mark the informer has not shown yet
   * @param status what to record in status.autoscaler
   * @param decision the policy's decision, for logs and tests; null when nothing was evaluated
   */
  public record Outcome(
      int desiredWorkers, int replicas, ClusterAutoscalerStatus status, ScalingDecision decision) {

    /** Whether Spark's load could not be read: worth looking again less often than every 2 s. */
    public boolean metricsUnavailable() {
      return decision != null
          && (decision.reason() == Reason.METRICS_MISSING
              || decision.reason() == Reason.METRICS_STALE);
    }
  }

  /**
   * @param scaleDownWindow overrides the policy's underutilization window (150 s for interactive
   *     Clusters)
   */
  public ClusterAutoscaling(
      EngineLoadSource load,
      WorkerRemoval removal,
      DecisionEvents events,
      Optional<Duration> scaleDownWindow,
      Clock clock) {
    this.load = load;
    this.removal = removal;
    this.events = events;
    this.scaleDownWindow = scaleDownWindow;
    this.clock = clock;
  }

  /**
   * Evaluates an autoscaled, running Cluster; {@code workerPods} are its worker pods as observed.
   */
  public Outcome evaluate(Cluster cluster, List<Pod> workerPods) {
    Autoscale bounds = cluster.getSpec().autoscale;
    ClusterAutoscalerStatus stored = recorded(cluster);
    CapturingStateStore store = new CapturingStateStore(ScalerStateMapping.fromStatus(stored));
    int asked = desiredWorkers(bounds, store.before());
    Map<String, Pod> podsByName = byName(workerPods);
    String namespace = cluster.getMetadata().getNamespace();
    // Workers named earlier are marked again until they go (idempotent; covers a restart between
    // naming and
    // marking), and count as leaving, so the policy never names them twice.
    Set<String> named = names(store.before());
    List<String> notMarked = unmarked(List.copyOf(named), podsByName);
    if (!notMarked.isEmpty()) {
      removal.markForRemoval(namespace, notMarked);
    }
    ClusterAutoscaler autoscaler =
        new ClusterAutoscaler(
            target ->
                load.read(cluster, clock.instant())
                    .map(
                        l ->
                            ClusterMetricsAssembler.assemble(cluster, workerPods, l, asked, named)),
            (target, desired, leaving) -> {
              // Growth only changes replicas; a shrink marks the named workers that are still there
              // and not yet marked.
              List<String> toMark = unmarked(leaving, podsByName);
              if (!toMark.isEmpty()) {
                removal.markForRemoval(namespace, toMark);
              }
            },
            store,
            (target, decision) -> events.record(cluster, decision),
            clock::millis);
    ScalingDecision decision =
        autoscaler.reconcile(
            new ScalingTarget(namespace, cluster.getMetadata().getName()), policy(bounds));
    ClusterAutoscalerStatus status =
        !store.changed() ? stored : ScalerStateMapping.toStatus(store.saved());
    return outcome(bounds, store.saved(), status, podsByName, decision);
  }

  /**
   * The size last decided, without evaluating: before the driver is ready Spark cannot be asked,
   * and while the workers roll their surge pods are no capacity to decide on; neither is an outage
   * worth a warning.
   */
  public Outcome withoutEvaluating(Cluster cluster, List<Pod> workerPods) {
    ClusterAutoscalerStatus stored = recorded(cluster);
    return outcome(
        cluster.getSpec().autoscale,
        ScalerStateMapping.fromStatus(stored),
        stored,
        byName(workerPods),
        null);
  }

  /**
   * Replicas shrink only once the informer shows the named workers marked: the ReplicaSet
   * controller ranks pods by the deletion cost it has seen, and lowering replicas first could let
   * it remove another worker.
   */
  private static Outcome outcome(
      Autoscale bounds,
      ScalerState state,
      ClusterAutoscalerStatus status,
      Map<String, Pod> podsByName,
      ScalingDecision decision) {
    int desired = desiredWorkers(bounds, state);
    return new Outcome(
        desired,
        desired + unmarked(List.copyOf(names(state)), podsByName).size(),
        status,
        decision);
  }

  private static Set<String> names(ScalerState state) {
    return state.pendingScaleDowns().stream()
        .map(PendingScaleDown::unit)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  private static Map<String, Pod> byName(List<Pod> pods) {
    return pods.stream()
        .collect(
            Collectors.toMap(p -> p.getMetadata().getName(), Function.identity(), (a, b) -> a));
  }

  private static List<String> unmarked(List<String> names, Map<String, Pod> podsByName) {
    return names.stream()
        .filter(
            name ->
                podsByName.containsKey(name)
                    && !PodDeletionCost.alreadyLeaving(podsByName.get(name)))
        .toList();
  }

  /**
   * The autoscaler's state as recorded: the status recorder gives each reconcile the status it
   * wrote last, so a decision is never taken twice from an older state.
   */
  private static ClusterAutoscalerStatus recorded(Cluster cluster) {
    return cluster.getStatus() == null ? null : cluster.getStatus().autoscaler;
  }

  ClusterPolicyConfig policy(Autoscale bounds) {
    ClusterPolicyConfig config =
        ClusterPolicyConfig.defaults(ClusterKind.INTERACTIVE, bounds.minWorkers, bounds.maxWorkers);
    return scaleDownWindow
        .map(w -> config.withUnderutilizationWindowMs(w.toMillis()))
        .orElse(config);
  }

  /**
   * The size last decided, within today's bounds (they may have been edited since); the minimum at
   * first.
   */
  static int desiredWorkers(Autoscale bounds, ScalerState state) {
    int decided = state.lastDesiredUnits() < 0 ? bounds.minWorkers : state.lastDesiredUnits();
    return Math.max(bounds.minWorkers, Math.min(bounds.maxWorkers, decided));
  }
}
