package dev.lakehouse.operator.cluster;

import static dev.lakehouse.api.status.ConditionType.Degraded;
import static dev.lakehouse.api.status.ConditionType.Ready;
import static dev.lakehouse.api.status.ConditionType.SettingsIgnored;
import static dev.lakehouse.api.status.ConditionType.Suspended;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Cluster's status (phase, conditions, workers, endpoints) from what was observed: a pure
 * function. Besides Ready, Progressing, Degraded and Suspended it sets kstatus's Reconciling (with
 * Progressing) and Stalled (a spec that cannot run), so Flux and kubectl wait agree.
 */
public final class ClusterStatusCalculator {
  private ClusterStatusCalculator() {}

  public static ClusterStatus compute(Cluster cluster, ClusterObservation seen, Instant now) {
    ClusterStatus previous = Optional.ofNullable(cluster.getStatus()).orElseGet(ClusterStatus::new);
    long generation = Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L);
    Conditions conditions = new Conditions(previous.conditions, generation, now);
    ClusterStatus status = new ClusterStatus();
    status.observedGeneration = generation;
    status.selector = ClusterResources.workerSelector(cluster);
    status.workers = seen.workers().map(ClusterStatusCalculator::readyWorkers).orElse(0);
    status.lastActivityTime = seen.lastActivity() == null ? null : seen.lastActivity().toString();
    boolean wasReady = Conditions.isTrue(previous.conditions, Ready);

    if (seen.problem().isPresent()) {
      Problem problem = seen.problem().get();
      status.phase = "Error";
      conditions
          .set(Ready, false, problem.reason(), problem.message())
          .progressing(false, problem.reason(), "nothing is started until the spec is fixed")
          .set(Degraded, true, problem.reason(), problem.message())
          .set(Suspended, false, Reason.NotSuspended, "the Cluster is not stopped")
          .stalled(true, problem.reason(), problem.message());
    } else if (seen.workspaceProblem().isPresent()) {
      Problem problem = seen.workspaceProblem().get();
      status.phase = "Pending";
      conditions
          .set(Ready, false, problem.reason(), problem.message())
          .progressing(true, Reason.WaitingForWorkspace, problem.message())
          .set(Degraded, false, Reason.AsExpected, "nothing is degraded")
          .set(Suspended, false, Reason.NotSuspended, "the Cluster is not stopped")
          .stalled(false, Reason.WaitingForWorkspace, problem.message());
    } else if (!seen.running()) {
      // Terminating workers count: a stop is over once their decommission has finished.
      boolean podsLeft =
          replicas(seen.driver()) + Math.max(seen.workerPods(), workerPods(seen.workers())) > 0;
      status.phase = podsLeft ? "Terminating" : "Terminated";
      status.terminationReason = seen.stoppedReason().name();
      String why =
          seen.stoppedReason() == Reason.AutoTerminated
              ? "stopped after "
                  + cluster.getSpec().autoTerminationMinutes
                  + " idle minutes; change the spec (for "
                  + "example kubectl scale) to start it again"
              : "stopped by spec.state: Stopped; set it to Running to start again";
      if (podsLeft) {
        conditions.set(Ready, false, seen.stoppedReason(), why);
      }
      // Once stopped, no Ready condition: the Cluster serves nothing, and kstatus (Flux) reads it
      // as Current, stopped as asked, rather than in progress for ever (kstatus takes Ready=False
      // for work still to do); kubectl wait --for=condition=Ready waits for a start.
      conditions
          .progressing(
              podsLeft,
              podsLeft ? Reason.Stopping : Reason.Stopped,
              podsLeft ? "engine pods are stopping" : "no engine pods run")
          .set(Degraded, false, Reason.AsExpected, "nothing is degraded")
          .set(Suspended, true, seen.stoppedReason(), why)
          .stalled(false, Reason.Stopped, "the Cluster is stopped as asked");
    } else {
      boolean driverReady = seen.driver().map(ClusterStatusCalculator::ready).orElse(0) >= 1;
      boolean rolling =
          seen.change() == SpecChange.RESTART
              || rolling(seen.driver())
              || rollingWorkers(seen.workers());
      boolean allWorkers = status.workers == seen.desiredWorkers();
      boolean ready = driverReady && (allWorkers || wasReady);
      String workersText = status.workers + "/" + seen.desiredWorkers() + " workers ready";
      boolean degraded = false;
      if (!driverReady && !wasReady) {
        status.phase = "Pending";
        conditions.progressing(true, Reason.Starting, "starting the driver; " + workersText);
      } else if (rolling) {
        status.phase = "Restarting";
        conditions.progressing(
            true,
            Reason.RollingRestart,
            "rolling the engine pods onto a new image, configuration or resources; " + workersText);
      } else if (!driverReady) {
        // It was ready and lost its driver (a node went, the pod was evicted): not Running until it
        // is back.
        status.phase = "Pending";
        degraded = true;
        conditions.progressing(
            true,
            Reason.DriverRecovering,
            "waiting for the driver to be ready again; " + workersText);
      } else if (!allWorkers) {
        status.phase = wasReady ? "Resizing" : "Pending";
        conditions.progressing(
            true,
            wasReady ? Reason.Scaling : Reason.Starting,
            (wasReady ? "scaling to " : "starting ")
                + seen.desiredWorkers()
                + " workers; "
                + workersText);
      } else {
        status.phase = "Running";
        conditions.progressing(false, Reason.Stable, "driver and " + workersText);
      }
      Reason notReadyReason = driverReady ? Reason.WorkersStarting : Reason.DriverNotReady;
      String notReadyMessage =
          driverReady
              ? "the driver is ready, waiting for workers; " + workersText
              : "the driver is not ready; " + workersText;
      conditions
          .set(
              Ready,
              ready,
              ready ? Reason.Running : notReadyReason,
              ready ? "Spark Connect is available; " + workersText : notReadyMessage)
          .set(
              Degraded,
              degraded,
              degraded ? Reason.DriverNotReady : Reason.AsExpected,
              degraded
                  ? "the driver is not ready; Spark Connect sessions fail until it is back"
                  : "nothing is degraded")
          .set(Suspended, false, Reason.NotSuspended, "the Cluster is not stopped")
          .stalled(false, Reason.AsExpected, "nothing keeps the Cluster from its spec");
      ClusterStatus.ClusterEndpoints endpoints = new ClusterStatus.ClusterEndpoints();
      EngineNames names = EngineNames.of(cluster);
      endpoints.sparkConnect = names.sparkConnectUrl();
      endpoints.master = names.masterUrl();
      endpoints.ui = names.uiUrl();
      status.endpoints = endpoints;
    }
    if (seen.ignoredSettings().isEmpty()) {
      conditions.set(
          SettingsIgnored, false, Reason.AllSettingsApplied, "every setting is passed on");
    } else {
      conditions.set(
          SettingsIgnored, true, Reason.SettingsIgnored, String.join("; ", seen.ignoredSettings()));
    }
    status.conditions = conditions.build();
    return status;
  }

  private static int ready(StatefulSet set) {
    return set.getStatus() == null || set.getStatus().getReadyReplicas() == null
        ? 0
        : set.getStatus().getReadyReplicas();
  }

  private static int readyWorkers(Deployment workers) {
    return workers.getStatus() == null || workers.getStatus().getReadyReplicas() == null
        ? 0
        : workers.getStatus().getReadyReplicas();
  }

  private static int workerPods(Optional<Deployment> workers) {
    return workers
        .map(
            d ->
                d.getStatus() == null || d.getStatus().getReplicas() == null
                    ? 0
                    : d.getStatus().getReplicas())
        .orElse(0);
  }

  /**
   * Workers roll while some pods still run an older template (a scale only adds or removes updated
   * pods).
   */
  public static boolean rollingWorkers(Optional<Deployment> observed) {
    if (observed.isEmpty() || observed.get().getStatus() == null) {
      return false;
    }
    var status = observed.get().getStatus();
    int pods = status.getReplicas() == null ? 0 : status.getReplicas();
    int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    return updated < pods;
  }

  private static int replicas(Optional<StatefulSet> set) {
    return set.map(
            s ->
                s.getStatus() == null || s.getStatus().getReplicas() == null
                    ? 0
                    : s.getStatus().getReplicas())
        .orElse(0);
  }

  /**
   * A StatefulSet is rolling while not all its pods run its update revision (a scale keeps the
   * revision).
   */
  private static boolean rolling(Optional<StatefulSet> observed) {
    if (observed.isEmpty() || observed.get().getStatus() == null) {
      return false;
    }
    var status = observed.get().getStatus();
    return status.getUpdateRevision() != null
        && !Objects.equals(status.getUpdateRevision(), status.getCurrentRevision());
  }
}
