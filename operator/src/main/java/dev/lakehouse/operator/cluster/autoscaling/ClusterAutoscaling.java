package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.Autoscale;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.cluster.ClusterKind;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicyConfig;
import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.port.StateStore;
import dev.lakehouse.autoscaler.service.ClusterAutoscaler;
import dev.lakehouse.autoscaler.state.ScalerState;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The autoscaler library's ports for one Cluster, evaluated once per reconcile: metrics from the worker pods and the
 * Spark load, state from and to {@code status.autoscaler}, removal by pod-deletion cost, decisions as events. It
 * returns the size to apply and the status to record; the reconciler applies and records them.
 */
public class ClusterAutoscaling {
  /** Autoscaled Clusters are looked at this often: the policy is tuned for a 2 s evaluation. */
  public static final Duration EVALUATION_PERIOD = Duration.ofSeconds(2);

  private final ClusterLoadSource load;
  private final WorkerRemoval removal;
  private final DecisionEvents events;
  private final Optional<Duration> scaleDownWindow;
  private final Clock clock;
  private final RecordedStatus recorded = new RecordedStatus();

  /** Tells people about a decision (Kubernetes events in the operator). */
  @FunctionalInterface
  public interface DecisionEvents {
    void record(Cluster cluster, ScalingDecision decision);
  }

  /**
   * What one evaluation settled.
   *
   * @param desiredWorkers workers the Deployment should have
   * @param status         what to record in status.autoscaler
   * @param decision       the policy's decision, for logs and tests; null when nothing was evaluated
   */
  public record Outcome(int desiredWorkers, ClusterAutoscalerStatus status, ScalingDecision decision) {
  }

  /**
   * @param scaleDownWindow overrides the policy's underutilization window (150 s for interactive Clusters)
   */
  public ClusterAutoscaling(ClusterLoadSource load, WorkerRemoval removal, DecisionEvents events,
      Optional<Duration> scaleDownWindow, Clock clock) {
    this.load = load;
    this.removal = removal;
    this.events = events;
    this.scaleDownWindow = scaleDownWindow;
    this.clock = clock;
  }

  /** Evaluates an autoscaled, running Cluster; {@code workerPods} are its worker pods as observed. */
  public Outcome evaluate(Cluster cluster, List<Pod> workerPods) {
    Autoscale bounds = cluster.getSpec().autoscale;
    ClusterAutoscalerStatus stored = recorded.latest(cluster);
    ScalerState before = ScalerStateMapping.fromStatus(stored);
    int asked = desiredWorkers(bounds, before);
    Map<String, Pod> podsByName = workerPods.stream()
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity(), (a, b) -> a));
    ScalerState[] saved = {before};
    String namespace = cluster.getMetadata().getNamespace();

    StateStore store = new StateStore() {
      @Override
      public ScalerState load(ScalingTarget target) {
        return before;
      }

      @Override
      public void save(ScalingTarget target, ScalerState state) {
        saved[0] = state;
      }
    };
    ClusterAutoscaler autoscaler = new ClusterAutoscaler(
        target -> load.read(cluster, clock.instant())
            .map(l -> ClusterMetricsAssembler.assemble(cluster, workerPods, l, asked)),
        (target, desired, leaving) -> {
          // Growth only changes replicas; a shrink marks the named workers that are still there and not yet marked.
          List<String> toMark = leaving.stream().filter(name -> podsByName.containsKey(name)
              && !PodDeletionCost.alreadyLeaving(podsByName.get(name))).toList();
          if (!toMark.isEmpty()) {
            removal.markForRemoval(namespace, toMark);
          }
        },
        store,
        (target, decision) -> events.record(cluster, decision),
        clock::millis);
    ScalingDecision decision = autoscaler.reconcile(new ScalingTarget(namespace, cluster.getMetadata().getName()),
        policy(bounds));
    ClusterAutoscalerStatus status = saved[0] == before ? stored : ScalerStateMapping.toStatus(saved[0]);
    recorded.remember(cluster, stored, status);
    return new Outcome(desiredWorkers(bounds, saved[0]), status, decision);
  }

  /**
   * The size last decided, without evaluating: before the driver is ready Spark cannot be asked, and that is no
   * outage worth a warning.
   */
  public Outcome withoutEvaluating(Cluster cluster) {
    ClusterAutoscalerStatus stored = recorded.latest(cluster);
    return new Outcome(desiredWorkers(cluster.getSpec().autoscale, ScalerStateMapping.fromStatus(stored)), stored,
        null);
  }

  /** Forgets what was recorded for a Cluster that is no longer autoscaled and running. */
  public void forget(Cluster cluster) {
    recorded.forget(cluster);
  }

  ClusterPolicyConfig policy(Autoscale bounds) {
    ClusterPolicyConfig config = ClusterPolicyConfig.defaults(ClusterKind.INTERACTIVE, bounds.minWorkers,
        bounds.maxWorkers);
    return scaleDownWindow.map(w -> config.withUnderutilizationWindowMs(w.toMillis())).orElse(config);
  }

  /** The size last decided, within today's bounds (they may have been edited since); the minimum at first. */
  static int desiredWorkers(Autoscale bounds, ScalerState state) {
    int decided = state.lastDesiredUnits() < 0 ? bounds.minWorkers : state.lastDesiredUnits();
    return Math.max(bounds.minWorkers, Math.min(bounds.maxWorkers, decided));
  }
}
