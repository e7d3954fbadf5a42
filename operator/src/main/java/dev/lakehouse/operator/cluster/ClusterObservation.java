package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the Cluster reconciler knows when it computes status.
 *
 * @param problem why the Cluster cannot run (invalid spec, policy violation), if anything
 * @param workspaceProblem why its Workspace is not usable (missing, not ready), if anything
 * @param running whether engine pods are wanted
 * @param stoppedReason why they are not wanted (UserRequest, AutoTerminated), when not running
 * @param desiredWorkers workers wanted while running
 * @param driver the driver StatefulSet as observed
 * @param workers the workers Deployment as observed
 * @param workerPods worker pods that exist, terminating ones included (they may still be
 *     decommissioning)
 * @param change how the change just applied affects what runs
 * @param lastActivity the last engine activity known, for auto-termination
 * @param ignoredSettings settings of the spec or the Workspace the operator does not pass on, and
 *     why
 */
public record ClusterObservation(
    Optional<Problem> problem,
    Optional<Problem> workspaceProblem,
    boolean running,
    Reason stoppedReason,
    int desiredWorkers,
    Optional<StatefulSet> driver,
    Optional<Deployment> workers,
    int workerPods,
    SpecChange change,
    Instant lastActivity,
    List<String> ignoredSettings) {}
