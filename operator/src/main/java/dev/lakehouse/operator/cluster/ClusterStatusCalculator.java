package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a Cluster's status (phase, conditions, workers, endpoints) from what was observed: a
 * pure function.
 */
public final class ClusterStatusCalculator {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String SUSPENDED = "Suspended";

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
    boolean wasReady = Conditions.isTrue(previous.conditions, READY);

    if (seen.problem().isPresent()) {
      ClusterChecks.Problem problem = seen.problem().get();
      status.phase = "Error";
      conditions
          .set(READY, false, problem.reason(), problem.message())
          .set(PROGRESSING, false, problem.reason(), "nothing is started until the spec is fixed")
          .set(DEGRADED, true, problem.reason(), problem.message())
          .set(SUSPENDED, false, "NotSuspended", "the Cluster is not stopped");
    } else if (seen.workspaceProblem().isPresent()) {
      status.phase = "Pending";
      conditions
          .set(READY, false, "WorkspaceNotReady", seen.workspaceProblem().get())
          .set(PROGRESSING, false, "WaitingForWorkspace", seen.workspaceProblem().get())
          .set(DEGRADED, false, "AsExpected", "nothing is degraded")
          .set(SUSPENDED, false, "NotSuspended", "the Cluster is not stopped");
    } else if (!seen.running()) {
      // Terminating workers count: a stop is over once their decommission has finished.
      boolean podsLeft =
          replicas(seen.driver()) + Math.max(seen.workerPods(), workerPods(seen.workers())) > 0;
      status.phase = podsLeft ? "Terminating" : "Terminated";
      status.terminationReason = seen.stoppedReason();
      String why =
          "AutoTerminated".equals(seen.stoppedReason())
              ? "stopped after "
                  + cluster.getSpec().autoTerminationMinutes
                  + " idle minutes; change the spec (for "
                  + "example kubectl scale) to start it again"
              : "stopped by spec.state: Stopped; set it to Running to start again";
      conditions
          .set(READY, false, seen.stoppedReason(), why)
          .set(
              PROGRESSING,
              podsLeft,
              podsLeft ? "Stopping" : "Stopped",
              podsLeft ? "engine pods are stopping" : "no engine pods run")
          .set(DEGRADED, false, "AsExpected", "nothing is degraded")
          .set(SUSPENDED, true, seen.stoppedReason(), why);
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
        conditions.set(PROGRESSING, true, "Starting", "starting the driver; " + workersText);
      } else if (rolling) {
        status.phase = "Restarting";
        conditions.set(
            PROGRESSING,
            true,
            "RollingRestart",
            "rolling the engine pods onto a new image, configuration or resources; " + workersText);
      } else if (!driverReady) {
        // It was ready and lost its driver (a node went, the pod was evicted): not Running until it
        // is back.
        status.phase = "Pending";
        degraded = true;
        conditions.set(
            PROGRESSING,
            true,
            "DriverRecovering",
            "waiting for the driver to be ready again; " + workersText);
      } else if (!allWorkers) {
        status.phase = wasReady ? "Resizing" : "Pending";
        conditions.set(
            PROGRESSING,
            true,
            wasReady ? "Scaling" : "Starting",
            (wasReady ? "scaling to " : "starting ")
                + seen.desiredWorkers()
                + " workers; "
                + workersText);
      } else {
        status.phase = "Running";
        conditions.set(PROGRESSING, false, "Stable", "driver and " + workersText);
      }
      String notReadyReason = driverReady ? "WorkersStarting" : "DriverNotReady";
      String notReadyMessage =
          driverReady
              ? "the driver is ready, waiting for workers; " + workersText
              : "the driver is not ready; " + workersText;
      conditions
          .set(
              READY,
              ready,
              ready ? "Running" : notReadyReason,
              ready ? "Spark Connect is available; " + workersText : notReadyMessage)
          .set(
              DEGRADED,
              degraded,
              degraded ? "DriverNotReady" : "AsExpected",
              degraded
                  ? "the driver is not ready; Spark Connect sessions fail until it is back"
                  : "nothing is degraded")
          .set(SUSPENDED, false, "NotSuspended", "the Cluster is not stopped");
      ClusterStatus.ClusterEndpoints endpoints = new ClusterStatus.ClusterEndpoints();
      ClusterNames names = ClusterNames.of(cluster);
      endpoints.sparkConnect = names.sparkConnectUrl();
      endpoints.master = names.masterUrl();
      endpoints.ui = names.uiUrl();
      status.endpoints = endpoints;
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
