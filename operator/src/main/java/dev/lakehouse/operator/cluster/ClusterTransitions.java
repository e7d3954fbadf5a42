package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.Problem;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells what changed in a Cluster as Events, judged against the status recorded last (which the
 * reconciler reads back at once): a stop, a start, a roll, a scale, a problem, ignored settings.
 */
final class ClusterTransitions {
  private final EventRecorder events;

  ClusterTransitions(EventRecorder events) {
    this.events = events;
  }

  /** A problem that keeps the Cluster from running, once per reason. */
  void problem(Cluster cluster, ClusterStatus previous, Problem problem) {
    if (!Conditions.hasReason(previous.conditions, ConditionType.Ready, problem.reason())) {
      EventReason reason =
          problem.reason() == Reason.PolicyViolation
              ? EventReason.PolicyViolation
              : EventReason.InvalidSpec;
      events.warning(cluster, reason, problem.message(), problem.reason().name());
    }
  }

  /** Settings the renderer left out, each time the list changes. */
  void ignoredSettings(Cluster cluster, ClusterStatus previous, ClusterStatus next) {
    String before = message(previous, ConditionType.SettingsIgnored, Reason.SettingsIgnored);
    String after = message(next, ConditionType.SettingsIgnored, Reason.SettingsIgnored);
    if (after != null && !after.equals(before)) {
      events.warning(cluster, EventReason.SettingsIgnored, after);
    }
  }

  /**
   * Stopping, starting, rolling or scaling, from the run state decided and the change applied.
   *
   * @param workersFrom the workers' replicas before the change
   * @param workersTo the workers' replicas after it
   */
  void lifecycle(
      Cluster cluster,
      ClusterStatus previous,
      Reason stoppedReason,
      SpecChange change,
      int workersFrom,
      int workersTo) {
    String wasStopped = previous.terminationReason;
    if (stoppedReason != null && !stoppedReason.name().equals(wasStopped)) {
      if (stoppedReason == Reason.AutoTerminated) {
        events.normal(
            cluster,
            EventReason.AutoTerminated,
            "no Spark activity for "
                + cluster.getSpec().autoTerminationMinutes
                + " minutes: stopping");
      } else {
        events.normal(
            cluster, EventReason.Stopping, "spec.state is Stopped: scaling the Cluster to zero");
      }
      return;
    }
    if (stoppedReason == null && wasStopped != null) {
      events.normal(cluster, EventReason.Starting, "starting the Cluster again");
      return;
    }
    if (change == SpecChange.RESTART) {
      events.normal(
          cluster,
          EventReason.RollingRestart,
          "the image, configuration or resources changed: rolling the pods");
    } else if (change == SpecChange.SCALE && cluster.getSpec().autoscale == null) {
      // An autoscaled Cluster's resizes are told by the autoscaler's ScaledUp and ScaledDown.
      events.normal(
          cluster, EventReason.Scaling, "scaling workers from " + workersFrom + " to " + workersTo);
    }
  }

  private static String message(ClusterStatus status, ConditionType type, Reason reason) {
    return Optional.ofNullable(status)
        .flatMap(s -> Conditions.find(s.conditions, type))
        .filter(c -> Objects.equals(c.reason, reason.name()))
        .map(c -> c.message)
        .orElse(null);
  }
}
