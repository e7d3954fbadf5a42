package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.api.status.ConditionType.Degraded;
import static dev.lakehouse.api.status.ConditionType.Ready;
import static dev.lakehouse.api.status.ConditionType.Suspended;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseStatus;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A Warehouse's status (phase, conditions, clusters, load, endpoints) from what was observed: a
 * pure function. Phases: Starting, Running, Scaling, Stopping, Stopped, Error (and Pending while
 * its Workspace is not ready). An auto-stopped Warehouse is Ready: its gateway takes connections
 * and the next one wakes it. One stopped by {@code spec.state} has no Ready condition, as a stopped
 * Cluster, so kstatus reads it as Current.
 */
public final class WarehouseStatusCalculator {
  /** The last query time moves at most this often, so a busy Warehouse is not a status writer. */
  static final Duration QUERY_TIME_RESOLUTION = Duration.ofMinutes(1);

  private WarehouseStatusCalculator() {}

  public static WarehouseStatus compute(
      Warehouse warehouse, WarehouseObservation seen, Instant now) {
    WarehouseStatus previous =
        Optional.ofNullable(warehouse.getStatus()).orElseGet(WarehouseStatus::new);
    long generation = Optional.ofNullable(warehouse.getMetadata().getGeneration()).orElse(0L);
    Conditions conditions = new Conditions(previous.conditions, generation, now);
    WarehouseStatus status = new WarehouseStatus();
    status.observedGeneration = generation;
    status.selector = WarehouseFleet.selector(warehouse);
    List<FleetMember> members = seen.members();
    int routable = (int) members.stream().filter(FleetMember::routable).count();
    List<String> draining =
        members.stream().filter(FleetMember::draining).map(FleetMember::name).toList();
    status.clusters = routable;
    status.draining = draining.isEmpty() ? null : draining;
    status.sessions = seen.loads().values().stream().mapToInt(SqlLoad::sessions).sum();
    status.runningQueries = seen.loads().values().stream().mapToInt(SqlLoad::running).sum();
    status.queuedQueries =
        seen.loads().values().stream().mapToInt(SqlLoad::queued).sum() + (seen.waking() ? 1 : 0);
    status.lastQueryTime = lastQueryTime(previous.lastQueryTime, seen.lastQueryTime());
    status.lastWakeTime = seen.lastWakeTime();
    status.autoscaler = seen.autoscaler();
    boolean gatewayUp = readyReplicas(seen.gateway()) > 0;
    String clustersText =
        routable + "/" + seen.desiredClusters() + " clusters ready" + drainingText(draining);

    if (seen.problem().isPresent()) {
      Problem problem = seen.problem().get();
      status.phase = "Error";
      conditions
          .set(Ready, false, problem.reason(), problem.message())
          .progressing(false, problem.reason(), "nothing is started until the spec is fixed")
          .set(Degraded, true, problem.reason(), problem.message())
          .set(Suspended, false, Reason.NotSuspended, "the Warehouse is not stopped")
          .stalled(true, problem.reason(), problem.message());
    } else if (seen.workspaceProblem().isPresent()) {
      Problem problem = seen.workspaceProblem().get();
      status.phase = "Pending";
      conditions
          .set(Ready, false, problem.reason(), problem.message())
          .progressing(true, Reason.WaitingForWorkspace, problem.message())
          .set(Degraded, false, Reason.AsExpected, "nothing is degraded")
          .set(Suspended, false, Reason.NotSuspended, "the Warehouse is not stopped")
          .stalled(false, Reason.WaitingForWorkspace, problem.message());
    } else if (seen.desiredClusters() == 0) {
      boolean left = !members.isEmpty();
      status.phase = left ? "Stopping" : "Stopped";
      Reason why = seen.stoppedByUser() ? Reason.UserRequest : Reason.AutoStopped;
      String message =
          seen.stoppedByUser()
              ? "stopped by spec.state: Stopped; set it to Running to start again"
              : "stopped after "
                  + Optional.ofNullable(warehouse.getSpec().autoStopMinutes).orElse(10)
                  + " minutes without a query; the next connection to the gateway starts it";
      status.endpoints = WarehouseResources.endpoints(warehouse);
      if (seen.stoppedByUser()) {
        if (left) {
          conditions.set(Ready, false, why, message);
        }
      } else {
        conditions.set(
            Ready,
            gatewayUp,
            gatewayUp ? why : Reason.Starting,
            gatewayUp ? message : "waiting for the gateway to be ready; " + message);
      }
      conditions
          .progressing(
              left,
              left ? Reason.Stopping : Reason.Stopped,
              left ? "clusters are stopping: " + names(members) : "no cluster runs")
          .set(Degraded, false, Reason.AsExpected, "nothing is degraded")
          .set(Suspended, true, why, message)
          .stalled(false, Reason.Stopped, "the Warehouse is stopped as asked");
    } else {
      boolean wasReady = Conditions.isTrue(previous.conditions, Ready);
      boolean ready = routable > 0 && gatewayUp;
      if (routable == 0) {
        status.phase = "Starting";
        conditions.progressing(
            true,
            seen.waking() ? Reason.Waking : Reason.Starting,
            (seen.waking() ? "a connection woke the Warehouse; " : "starting; ") + clustersText);
      } else if (routable != seen.desiredClusters() || !draining.isEmpty()) {
        status.phase = "Scaling";
        conditions.progressing(
            true, Reason.Scaling, "scaling to " + seen.desiredClusters() + "; " + clustersText);
      } else {
        status.phase = "Running";
        conditions.progressing(false, Reason.Stable, clustersText);
      }
      boolean degraded = wasReady && routable == 0;
      conditions
          .set(
              Ready,
              ready,
              ready ? Reason.Running : Reason.Starting,
              ready
                  ? "the SQL endpoint is available; " + clustersText
                  : gatewayUp
                      ? "no cluster is ready yet; connections wait; " + clustersText
                      : "waiting for the gateway to be ready; " + clustersText)
          .set(
              Degraded,
              degraded,
              degraded ? Reason.DriverNotReady : Reason.AsExpected,
              degraded ? "no cluster is ready; connections wait for one" : "nothing is degraded")
          .set(Suspended, false, Reason.NotSuspended, "the Warehouse is not stopped")
          .stalled(false, Reason.AsExpected, "nothing keeps the Warehouse from its spec");
      status.endpoints = WarehouseResources.endpoints(warehouse);
    }
    status.conditions = conditions.build();
    return status;
  }

  /** The recorded last query time, moved only when a minute or more newer. */
  static String lastQueryTime(String recorded, Instant seen) {
    if (seen == null || seen.equals(Instant.EPOCH)) {
      return recorded;
    }
    Instant observed = seen.truncatedTo(ChronoUnit.SECONDS);
    if (recorded != null) {
      try {
        Instant before = Instant.parse(recorded);
        if (observed.isBefore(before.plus(QUERY_TIME_RESOLUTION))) {
          return recorded;
        }
      } catch (java.time.format.DateTimeParseException e) {
        // An unreadable time is replaced.
      }
    }
    return observed.toString();
  }

  private static String drainingText(List<String> draining) {
    return draining.isEmpty() ? "" : ", draining " + String.join(", ", draining);
  }

  private static String names(List<FleetMember> members) {
    return String.join(", ", members.stream().map(FleetMember::name).toList());
  }

  private static int readyReplicas(Optional<Deployment> deployment) {
    return deployment
        .map(
            d ->
                d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                    ? 0
                    : d.getStatus().getReadyReplicas())
        .orElse(0);
  }
}
