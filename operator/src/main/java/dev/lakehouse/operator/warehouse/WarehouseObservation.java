package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile saw and settled of a Warehouse, the input of its status.
 *
 * @param problem what keeps the spec from running (invalid, against the Workspace's policy)
 * @param workspaceProblem why the Warehouse waits for its Workspace
 * @param stoppedByUser {@code spec.state: Stopped}
 * @param desiredClusters clusters wanted that take connections (0: stopped)
 * @param members the fleet as observed, draining clusters included
 * @param loads the SQL load of each member that could be read, by name
 * @param gateway the gateway Deployment as observed
 * @param lastQueryTime the last query activity, to record (written at most once a minute)
 * @param lastWakeTime the last wake request handled
 * @param autoscaler the autoscaler's state to record
 * @param waking whether a wake request is being handled: a connection waits
 */
public record WarehouseObservation(
    Optional<Problem> problem,
    Optional<Problem> workspaceProblem,
    boolean stoppedByUser,
    int desiredClusters,
    List<FleetMember> members,
    Map<String, SqlLoad> loads,
    Optional<Deployment> gateway,
    Instant lastQueryTime,
    String lastWakeTime,
    ClusterAutoscalerStatus autoscaler,
    boolean waking) {}
