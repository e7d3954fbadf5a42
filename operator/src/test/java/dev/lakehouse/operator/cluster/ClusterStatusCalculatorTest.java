package dev.lakehouse.operator.cluster;

import static dev.lakehouse.operator.cluster.ClusterFixtures.cluster;
import static dev.lakehouse.operator.cluster.ClusterFixtures.copy;
import static dev.lakehouse.operator.cluster.ClusterFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.api.v1alpha1.Condition;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterStatusCalculatorTest {
  private static final String READY = ConditionType.Ready.name();
  private static final String PROGRESSING = ConditionType.Progressing.name();
  private static final String DEGRADED = ConditionType.Degraded.name();
  private static final String SUSPENDED = ConditionType.Suspended.name();
  private static final String RECONCILING = ConditionType.Reconciling.name();
  private static final String STALLED = ConditionType.Stalled.name();
  private static final String SETTINGS_IGNORED = ConditionType.SettingsIgnored.name();

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.750Z");
  private static final String NOW_SECONDS = "2025-03-01T12:00:00Z";
  private static final String EARLIER = "2025-03-01T09:30:00Z";
  private static final Instant LAST_ACTIVITY = Instant.parse("2025-03-01T11:45:00Z");

  private final Cluster cluster = cluster("workers: 3\nautoTerminationMinutes: 45\n");
  private final ClusterChildren children = ClusterFixtures.build(workspace(), cluster, true);

  /** A StatefulSet as the API server would report it: built by ClusterResources, with a status. */
  private static Optional<StatefulSet> observed(
      StatefulSet desired, int replicas, int ready, String current, String update) {
    StatefulSet set = copy(desired, StatefulSet.class);
    set.setStatus(
        new StatefulSetStatusBuilder()
            .withReplicas(replicas)
            .withReadyReplicas(ready)
            .withCurrentRevision(current)
            .withUpdateRevision(update)
            .build());
    return Optional.of(set);
  }

  private Optional<StatefulSet> driver(int ready) {
    return observed(children.driver(), 1, ready, "etl-driver-1", "etl-driver-1");
  }

  private Optional<Deployment> workers(int replicas, int ready) {
    return workers(replicas, ready, replicas);
  }

  /**
   * The workers Deployment as the API server would report it, {@code updated} of its pods on the
   * new template.
   */
  private Optional<Deployment> workers(int replicas, int ready, int updated) {
    Deployment workers = copy(children.workers(), Deployment.class);
    workers.setStatus(
        new DeploymentStatusBuilder()
            .withReplicas(replicas)
            .withReadyReplicas(ready)
            .withUpdatedReplicas(updated)
            .build());
    return Optional.of(workers);
  }

  private static ClusterObservation running(
      int desiredWorkers,
      Optional<StatefulSet> driver,
      Optional<Deployment> workers,
      SpecChange change) {
    return new ClusterObservation(
        Optional.empty(),
        Optional.empty(),
        true,
        null,
        desiredWorkers,
        driver,
        workers,
        0,
        change,
        LAST_ACTIVITY,
        List.of());
  }

  private static ClusterObservation stopped(
      Reason reason, Optional<StatefulSet> driver, Optional<Deployment> workers) {
    return stopped(reason, driver, workers, 0);
  }

  private static ClusterObservation stopped(
      Reason reason, Optional<StatefulSet> driver, Optional<Deployment> workers, int workerPods) {
    return new ClusterObservation(
        Optional.empty(),
        Optional.empty(),
        false,
        reason,
        3,
        driver,
        workers,
        workerPods,
        SpecChange.SCALE,
        null,
        List.of());
  }

  /** A Cluster whose spec cannot run. */
  private static ClusterObservation cannotRun(Problem problem, int desiredWorkers) {
    return new ClusterObservation(
        Optional.of(problem),
        Optional.empty(),
        true,
        null,
        desiredWorkers,
        Optional.empty(),
        Optional.empty(),
        0,
        SpecChange.NONE,
        null,
        List.of());
  }

  /** A Cluster waiting for its Workspace. */
  private static ClusterObservation waitingForWorkspace(Problem problem) {
    return new ClusterObservation(
        Optional.empty(),
        Optional.of(problem),
        true,
        null,
        3,
        Optional.empty(),
        Optional.empty(),
        0,
        SpecChange.NONE,
        null,
        List.of());
  }

  private ClusterStatus compute(ClusterObservation seen) {
    return ClusterStatusCalculator.compute(cluster, seen, NOW);
  }

  /** Makes the Cluster's stored status one that was Ready (and stable) since {@link #EARLIER}. */
  private void wasReadySinceEarlier() {
    ClusterStatus previous = new ClusterStatus();
    previous.phase = "Running";
    previous.conditions =
        List.of(
            new Condition(
                READY,
                "True",
                "Running",
                "Spark Connect is available; 3/3 workers ready",
                3L,
                EARLIER),
            new Condition(
                PROGRESSING, "False", "Stable", "driver and 3/3 workers ready", 3L, EARLIER),
            new Condition(DEGRADED, "False", "AsExpected", "nothing is degraded", 3L, EARLIER),
            new Condition(
                SUSPENDED, "False", "NotSuspended", "the Cluster is not stopped", 3L, EARLIER));
    cluster.setStatus(previous);
  }

  private static Condition condition(ClusterStatus status, String type) {
    return Conditions.find(status.conditions, ConditionType.valueOf(type))
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private ClusterStatus runningAndReady() {
    return compute(running(3, driver(1), workers(3, 3), SpecChange.NONE));
  }

  // ------------------------------------------------------------------------------------------
  // common fields

  @Test
  void observedGenerationIsTheClustersGeneration() {
    assertThat(runningAndReady().observedGeneration).isEqualTo(4L);
  }

  @Test
  void conditionsCarryTheClustersGeneration() {
    assertThat(runningAndReady().conditions)
        .allSatisfy(c -> assertThat(c.observedGeneration).isEqualTo(4L));
  }

  @Test
  void selectorSelectsTheWorkerPods() {
    assertThat(runningAndReady().selector)
        .isEqualTo("lakehouse.dev/cluster=etl,lakehouse.dev/role=worker");
  }

  @Test
  void workersAreTheReadyWorkerReplicas() {
    assertThat(compute(running(3, driver(1), workers(3, 2), SpecChange.NONE)).workers).isEqualTo(2);
  }

  @Test
  void workersAreZeroBeforeTheWorkersDeploymentExists() {
    assertThat(compute(running(3, driver(0), Optional.empty(), SpecChange.NONE)).workers).isZero();
  }

  @Test
  void lastActivityTimeIsTheObservedActivity() {
    assertThat(runningAndReady().lastActivityTime).isEqualTo("2025-03-01T11:45:00Z");
  }

  @Test
  void everyPhaseReportsAllFourConditions() {
    List<ClusterObservation> observations =
        List.of(
            running(3, driver(0), workers(3, 0), SpecChange.NONE),
            running(3, driver(1), workers(3, 3), SpecChange.NONE),
            stopped(Reason.UserRequest, driver(1), workers(3, 3)),
            cannotRun(new Problem(Reason.InvalidSpec, "bad"), 3),
            waitingForWorkspace(
                new Problem(Reason.WorkspaceNotFound, "Workspace analytics not found")));

    assertThat(observations)
        .allSatisfy(
            seen ->
                assertThat(compute(seen).conditions)
                    .extracting(c -> c.type)
                    .containsExactlyInAnyOrder(
                        READY,
                        PROGRESSING,
                        DEGRADED,
                        SUSPENDED,
                        RECONCILING,
                        STALLED,
                        SETTINGS_IGNORED));
  }

  // ----------------------------------------------------------------------------------------------
  // starting

  @Test
  void driverNotReadyYetIsPending() {
    ClusterStatus status = compute(running(3, driver(0), workers(3, 0), SpecChange.NONE));

    assertThat(status.phase).isEqualTo("Pending");
    assertThat(condition(status, READY).status).isEqualTo("False");
    assertThat(condition(status, PROGRESSING))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("Starting");
            });
  }

  @Test
  void driverReadyButWorkersStillStartingIsPendingAndNotReady() {
    ClusterStatus status = compute(running(3, driver(1), workers(3, 1), SpecChange.NONE));

    assertThat(status.phase).isEqualTo("Pending");
    assertThat(condition(status, READY).status).isEqualTo("False");
    assertThat(condition(status, PROGRESSING).reason).isEqualTo("Starting");
    assertThat(condition(status, PROGRESSING).message).contains("1/3 workers ready");
  }

  /** The driver is ready; what is missing are workers, so Ready must not say DriverNotReady. */
  @Test
  void notReadyOnFirstStartDoesNotBlameAReadyDriver() {
    ClusterStatus status = compute(running(3, driver(1), workers(3, 1), SpecChange.NONE));

    assertThat(condition(status, READY).reason).isNotEqualTo("DriverNotReady");
    assertThat(condition(status, READY).message).doesNotContain("driver is not ready");
  }

  // ------------------------------------------------------------------------------------------------ running

  @Test
  void driverAndAllWorkersReadyIsRunning() {
    assertThat(runningAndReady().phase).isEqualTo("Running");
  }

  @Test
  void runningIsReady() {
    assertThat(condition(runningAndReady(), READY))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("Running");
              assertThat(c.message).contains("3/3 workers ready");
            });
  }

  @Test
  void runningIsNotProgressingDegradedOrSuspended() {
    ClusterStatus status = runningAndReady();

    assertThat(condition(status, PROGRESSING))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("Stable");
            });
    assertThat(condition(status, DEGRADED))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("AsExpected");
            });
    assertThat(condition(status, SUSPENDED))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("NotSuspended");
            });
  }

  @Test
  void runningReportsTheEndpointsOfTheDriverService() {
    ClusterStatus.ClusterEndpoints endpoints = runningAndReady().endpoints;

    assertThat(endpoints.sparkConnect).isEqualTo("sc://etl-driver.analytics-ns.svc:15002");
    assertThat(endpoints.master).isEqualTo("spark://etl-driver.analytics-ns.svc:7077");
    assertThat(endpoints.ui).isEqualTo("http://etl-driver.analytics-ns.svc:4040");
  }

  @Test
  void clusterWithoutWorkersIsRunningOnceTheDriverIsReady() {
    ClusterStatus status = compute(running(0, driver(1), workers(0, 0), SpecChange.NONE));

    assertThat(status.phase).isEqualTo("Running");
    assertThat(condition(status, READY).status).isEqualTo("True");
  }

  /**
   * A driver lost after having been ready: phase Running (and Progressing "Stable") would
   * contradict Ready.
   */
  @Test
  void phaseIsNotRunningWhileTheDriverIsNotReady() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(3, driver(0), workers(3, 3), SpecChange.NONE));

    assertThat(condition(status, READY).status).isEqualTo("False");
    assertThat(status.phase).isNotEqualTo("Running");
  }

  // -----------------------------------------------------------------------------------------------
  // resizing

  @Test
  void scalingUpAfterHavingBeenReadyIsResizing() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(5, driver(1), workers(5, 3), SpecChange.SCALE));

    assertThat(status.phase).isEqualTo("Resizing");
    assertThat(condition(status, PROGRESSING))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("Scaling");
              assertThat(c.message).contains("scaling to 5 workers").contains("3/5 workers ready");
            });
  }

  @Test
  void scalingDownAfterHavingBeenReadyIsResizing() {
    wasReadySinceEarlier();

    assertThat(compute(running(1, driver(1), workers(1, 3), SpecChange.SCALE)).phase)
        .isEqualTo("Resizing");
  }

  @Test
  void readyStaysTrueWhileResizing() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(5, driver(1), workers(5, 3), SpecChange.SCALE));

    assertThat(condition(status, READY).status).isEqualTo("True");
    assertThat(condition(status, READY).reason).isEqualTo("Running");
  }

  @Test
  void readyKeepsItsTransitionTimeWhileResizing() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(5, driver(1), workers(5, 3), SpecChange.SCALE));

    assertThat(condition(status, READY).lastTransitionTime).isEqualTo(EARLIER);
  }

  @Test
  void progressingGetsANewTransitionTimeWhenResizingStarts() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(5, driver(1), workers(5, 3), SpecChange.SCALE));

    assertThat(condition(status, PROGRESSING).lastTransitionTime).isEqualTo(NOW_SECONDS);
  }

  @Test
  void scalingKeepsTheRevisionSoItIsNotARestart() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(5, driver(1), workers(5, 3), SpecChange.SCALE));

    assertThat(status.phase).isNotEqualTo("Restarting");
  }

  // ---------------------------------------------------------------------------------------------
  // restarting

  @Test
  void workersOnTwoRevisionsAreRestarting() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(3, driver(1), workers(3, 3, 1), SpecChange.NONE));

    assertThat(status.phase).isEqualTo("Restarting");
    assertThat(condition(status, PROGRESSING))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("RollingRestart");
            });
  }

  @Test
  void driverOnTwoRevisionsIsRestarting() {
    wasReadySinceEarlier();

    ClusterStatus status =
        compute(
            running(
                3,
                observed(children.driver(), 1, 1, "etl-driver-1", "etl-driver-2"),
                workers(3, 3),
                SpecChange.NONE));

    assertThat(status.phase).isEqualTo("Restarting");
  }

  @Test
  void restartJustAppliedIsRestartingBeforeTheWorkloadsNoticed() {
    wasReadySinceEarlier();

    assertThat(compute(running(3, driver(1), workers(3, 3), SpecChange.RESTART)).phase)
        .isEqualTo("Restarting");
  }

  @Test
  void readyStaysTrueWhileRestartingWithAReadyDriver() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(3, driver(1), workers(3, 2), SpecChange.RESTART));

    assertThat(condition(status, READY).status).isEqualTo("True");
    assertThat(condition(status, READY).lastTransitionTime).isEqualTo(EARLIER);
  }

  // ------------------------------------------------------------------------------------------------- errors

  @Test
  void invalidSpecIsAnError() {
    ClusterStatus status =
        compute(
            cannotRun(new Problem(Reason.InvalidSpec, "runtimeVersion spark-9 is not known"), 3));

    assertThat(status.phase).isEqualTo("Error");
    assertThat(condition(status, READY))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("InvalidSpec");
              assertThat(c.message).isEqualTo("runtimeVersion spark-9 is not known");
            });
  }

  @Test
  void policyViolationIsDegradedWithItsReasonAndMessage() {
    ClusterStatus status =
        compute(cannotRun(new Problem(Reason.PolicyViolation, "workers 12 exceeds 10"), 12));

    assertThat(condition(status, DEGRADED))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("PolicyViolation");
              assertThat(c.message).isEqualTo("workers 12 exceeds 10");
            });
    assertThat(condition(status, PROGRESSING))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("PolicyViolation");
            });
  }

  @Test
  void errorReportsNoEndpoints() {
    ClusterStatus status = compute(cannotRun(new Problem(Reason.InvalidSpec, "bad"), 3));

    assertThat(status.endpoints).isNull();
  }

  @Test
  void workspaceNotReadyIsPendingWithTheWorkspacesProblem() {
    ClusterStatus status =
        compute(
            waitingForWorkspace(
                new Problem(
                    Reason.WorkspaceNotReady, "Workspace analytics is not ready: SecretNotFound")));

    assertThat(status.phase).isEqualTo("Pending");
    assertThat(condition(status, READY))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("WorkspaceNotReady");
              assertThat(c.message).isEqualTo("Workspace analytics is not ready: SecretNotFound");
            });
    assertThat(condition(status, PROGRESSING).reason).isEqualTo("WaitingForWorkspace");
    assertThat(condition(status, DEGRADED).status).isEqualTo("False");
  }

  // ------------------------------------------------------------------------------------------------ stopping

  @Test
  void stoppedWithPodsLeftIsTerminating() {
    ClusterStatus status = compute(stopped(Reason.UserRequest, driver(1), workers(3, 3)));

    assertThat(status.phase).isEqualTo("Terminating");
    assertThat(condition(status, PROGRESSING))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("Stopping");
            });
  }

  @Test
  void stoppedWithoutPodsIsTerminated() {
    ClusterStatus status =
        compute(
            stopped(
                Reason.UserRequest,
                driver(0)
                    .map(
                        s -> {
                          s.getStatus().setReplicas(0);
                          return s;
                        }),
                workers(0, 0)));

    assertThat(status.phase).isEqualTo("Terminated");
    assertThat(condition(status, PROGRESSING))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("Stopped");
            });
  }

  @Test
  void stoppedWithoutDriverOrWorkerPodsIsTerminated() {
    assertThat(compute(stopped(Reason.UserRequest, Optional.empty(), Optional.empty())).phase)
        .isEqualTo("Terminated");
  }

  @Test
  void workersStillDecommissioningKeepAStoppedClusterTerminating() {
    // A Deployment scaled to zero reports no replicas while its pods still run their preStop
    // decommission.
    ClusterStatus status = compute(stopped(Reason.UserRequest, Optional.empty(), workers(0, 0), 2));

    assertThat(status.phase).isEqualTo("Terminating");
    assertThat(condition(status, PROGRESSING).reason).isEqualTo("Stopping");
  }

  @Test
  void stoppedByTheUserIsSuspendedWithReasonUserRequest() {
    ClusterStatus status = compute(stopped(Reason.UserRequest, Optional.empty(), Optional.empty()));

    assertThat(status.terminationReason).isEqualTo("UserRequest");
    assertThat(condition(status, SUSPENDED))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("UserRequest");
              assertThat(c.message).contains("spec.state");
            });
    assertThat(status.conditions)
        .as("stopped as asked: no Ready condition, so kstatus reads it Current")
        .noneMatch(c -> c.type.equals(READY));
  }

  @Test
  void aClusterStillStoppingIsNotReadyForTheReasonItStops() {
    ClusterStatus status = compute(stopped(Reason.UserRequest, driver(1), workers(3, 3)));

    assertThat(condition(status, READY))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("UserRequest");
            });
    assertThat(condition(status, RECONCILING).status).isEqualTo("True");
  }

  @Test
  void autoTerminatedIsSuspendedNamingTheIdleMinutes() {
    ClusterStatus status =
        compute(stopped(Reason.AutoTerminated, Optional.empty(), Optional.empty()));

    assertThat(status.terminationReason).isEqualTo("AutoTerminated");
    assertThat(condition(status, SUSPENDED))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("AutoTerminated");
              assertThat(c.message).contains("45 idle minutes");
            });
  }

  @Test
  void stoppedIsNotDegraded() {
    assertThat(
            condition(
                    compute(stopped(Reason.AutoTerminated, Optional.empty(), Optional.empty())),
                    DEGRADED)
                .status)
        .isEqualTo("False");
  }

  @Test
  void readyLosesItsTransitionTimeWhenStopped() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(stopped(Reason.UserRequest, driver(1), workers(3, 3)));

    assertThat(condition(status, READY).lastTransitionTime).isEqualTo(NOW_SECONDS);
    assertThat(condition(status, DEGRADED).lastTransitionTime).isEqualTo(EARLIER);
  }

  // ------------------------------------------------------------------------------------------
  // a driver lost after the Cluster was ready

  @Test
  void aReadyClusterThatLosesItsDriverIsPendingDegradedAndRecovering() {
    wasReadySinceEarlier();

    ClusterStatus status = compute(running(3, driver(0), workers(3, 3), SpecChange.NONE));

    assertThat(status.phase).isEqualTo("Pending");
    assertThat(condition(status, DEGRADED))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("DriverNotReady");
              assertThat(c.message).contains("Spark Connect sessions fail");
            });
    assertThat(condition(status, PROGRESSING).reason).isEqualTo("DriverRecovering");
    assertThat(condition(status, RECONCILING).status).isEqualTo("True");
    assertThat(condition(status, READY))
        .as("no Spark Connect without the driver")
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("DriverNotReady");
            });
    assertThat(condition(status, STALLED).status).isEqualTo("False");
  }

  @Test
  void theDriverBackMakesItRunningAndNotDegradedAgain() {
    wasReadySinceEarlier();
    ClusterStatus lost = compute(running(3, driver(0), workers(3, 3), SpecChange.NONE));
    cluster.setStatus(lost);

    ClusterStatus back = runningAndReady();

    assertThat(back.phase).isEqualTo("Running");
    assertThat(condition(back, DEGRADED).status).isEqualTo("False");
    assertThat(condition(back, DEGRADED).reason).isEqualTo("AsExpected");
  }

  // ------------------------------------------------------------------------------------------
  // kstatus

  @Test
  void aSpecThatCannotRunIsStalledForKstatus() {
    ClusterStatus status =
        compute(cannotRun(new Problem(Reason.PolicyViolation, "workers 12 exceeds 10"), 12));

    assertThat(condition(status, STALLED).status).isEqualTo("True");
    assertThat(condition(status, STALLED).message).isEqualTo("workers 12 exceeds 10");
    assertThat(condition(status, RECONCILING).status).isEqualTo("False");
  }

  @Test
  void reconcilingFollowsProgressing() {
    assertThat(
            compute(running(3, driver(1), workers(3, 1), SpecChange.NONE)).conditions.stream()
                .filter(c -> c.type.equals(RECONCILING) || c.type.equals(PROGRESSING))
                .map(c -> c.status + "/" + c.reason))
        .containsExactly("True/Starting", "True/Starting");
    assertThat(condition(runningAndReady(), RECONCILING).status).isEqualTo("False");
  }

  @Test
  void ignoredSettingsAreAConditionThatListsThem() {
    ClusterObservation seen =
        new ClusterObservation(
            Optional.empty(),
            Optional.empty(),
            true,
            null,
            3,
            driver(1),
            workers(3, 3),
            0,
            SpecChange.NONE,
            LAST_ACTIVITY,
            List.of("catalog uc: a UnityCatalog catalog has no warehouse"));

    assertThat(condition(compute(seen), SETTINGS_IGNORED))
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("SettingsIgnored");
              assertThat(c.message).contains("UnityCatalog");
            });
    assertThat(condition(runningAndReady(), SETTINGS_IGNORED).status).isEqualTo("False");
  }
}
