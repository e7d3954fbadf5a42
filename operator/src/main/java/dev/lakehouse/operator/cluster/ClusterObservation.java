package dev.lakehouse.operator.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.Optional;

/**
 * What the Cluster reconciler knows when it computes status.
 *
 * @param problem why the Cluster cannot run (invalid spec, policy violation), if anything
 * @param workspaceProblem why the Workspace is not usable (missing, not ready), if anything
 * @param running whether engine pods are wanted
 * @param stoppedReason why they are not wanted (UserRequest, AutoTerminated), when not running
 * @param desiredWorkers workers wanted while running
 * @param driver the driver StatefulSet as observed
 * @param workers the workers Deployment as observed
 * @param workerPods worker pods that exist, terminating ones included (they may still be
 *     decommissioning)
 * @param change how the change just applied affects what runs
 * @param lastActivity the last engine activity known, for auto-termination
 */
public record ClusterObservation(
    Optional<ClusterChecks.Problem> problem,
    Optional<String> workspaceProblem,
    boolean running,
    String stoppedReason,
    int desiredWorkers,
    Optional<StatefulSet> driver,
    Optional<Deployment> workers,
    int workerPods,
    SpecChange change,
    Instant lastActivity) {}
