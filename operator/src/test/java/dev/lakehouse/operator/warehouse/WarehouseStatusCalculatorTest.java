package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.draining;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.load;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.member;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.ready;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.api.v1alpha1.Condition;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseStatus;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WarehouseStatusCalculatorTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.400Z");
  private static final String NOW_SECONDS = "2025-03-01T12:00:00Z";
  private static final Instant READY_AT = Instant.parse("2025-03-01T11:00:00Z");

  private final Warehouse warehouse =
      warehouse("minClusters: 2\nmaxClusters: 4\nautoStopMinutes: 15");

  private static Optional<Deployment> gateway(int ready) {
    return Optional.of(
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("sales-gateway")
            .endMetadata()
            .withNewStatus()
            .withReadyReplicas(ready == 0 ? null : ready)
            .endStatus()
            .build());
  }

  private static WarehouseObservation seen(
      int desired, List<Cluster> clusters, Map<String, SqlLoad> loads, Optional<Deployment> gw) {
    return new WarehouseObservation(
        Optional.empty(),
        Optional.empty(),
        false,
        desired,
        WarehouseFleet.observe(clusters),
        loads,
        gw,
        null,
        null,
        null,
        false);
  }

  private WarehouseStatus compute(WarehouseObservation seen) {
    return WarehouseStatusCalculator.compute(warehouse, seen, NOW);
  }

  private static Optional<Condition> condition(WarehouseStatus status, String type) {
    return status.conditions.stream().filter(c -> c.type.equals(type)).findFirst();
  }

  private static String state(WarehouseStatus status, String type) {
    return condition(status, type).map(c -> c.status + "/" + c.reason).orElse("absent");
  }

  private List<Cluster> readyFleet(int size) {
    return java.util.stream.IntStream.rangeClosed(1, size)
        .mapToObj(i -> ready(warehouse, i, READY_AT))
        .toList();
  }

  @Test
  void aProblemWithTheSpecIsAnErrorStalledForKstatus() {
    WarehouseStatus status =
        compute(
            new WarehouseObservation(
                Optional.of(new Problem(Reason.InvalidSpec, "runtime spark-4.0 has no JDBC")),
                Optional.empty(),
                false,
                0,
                List.of(),
                Map.of(),
                Optional.empty(),
                null,
                null,
                null,
                false));

    assertThat(status.phase).isEqualTo("Error");
    assertThat(state(status, "Ready")).isEqualTo("False/InvalidSpec");
    assertThat(state(status, "Stalled")).isEqualTo("True/InvalidSpec");
    assertThat(state(status, "Progressing")).isEqualTo("False/InvalidSpec");
    assertThat(state(status, "Reconciling")).isEqualTo("False/InvalidSpec");
    assertThat(state(status, "Degraded")).isEqualTo("True/InvalidSpec");
    assertThat(condition(status, "Ready").orElseThrow().message).contains("spark-4.0");
  }

  @Test
  void aWorkspaceNotReadyIsPendingAndInProgress() {
    WarehouseStatus status =
        compute(
            new WarehouseObservation(
                Optional.empty(),
                Optional.of(new Problem(Reason.WorkspaceNotReady, "Workspace analytics is not")),
                false,
                0,
                List.of(),
                Map.of(),
                Optional.empty(),
                null,
                null,
                null,
                false));

    assertThat(status.phase).isEqualTo("Pending");
    assertThat(state(status, "Ready")).isEqualTo("False/WorkspaceNotReady");
    assertThat(state(status, "Progressing")).isEqualTo("True/WaitingForWorkspace");
    assertThat(state(status, "Stalled")).isEqualTo("False/WaitingForWorkspace");
  }

  @Test
  void clustersNotReadyYetAreStarting() {
    WarehouseStatus status =
        compute(seen(2, List.of(member(warehouse, 1), member(warehouse, 2)), Map.of(), gateway(2)));

    assertThat(status.phase).isEqualTo("Starting");
    assertThat(status.clusters).isZero();
    assertThat(state(status, "Ready")).isEqualTo("False/Starting");
    assertThat(state(status, "Progressing")).isEqualTo("True/Starting");
    assertThat(state(status, "Reconciling")).isEqualTo("True/Starting");
    assertThat(state(status, "Stalled")).isEqualTo("False/AsExpected");
    assertThat(condition(status, "Progressing").orElseThrow().message).contains("0/2 clusters");
  }

  @Test
  void aWakeBeingHandledIsWakingWithTheHeldConnectionQueued() {
    WarehouseStatus status =
        compute(
            new WarehouseObservation(
                Optional.empty(),
                Optional.empty(),
                false,
                2,
                WarehouseFleet.observe(List.of(member(warehouse, 1))),
                Map.of(),
                gateway(2),
                NOW,
                "2025-03-01T11:59:58Z",
                null,
                true));

    assertThat(status.phase).isEqualTo("Starting");
    assertThat(state(status, "Progressing")).isEqualTo("True/Waking");
    assertThat(status.queuedQueries).isEqualTo(1);
    assertThat(status.lastWakeTime).isEqualTo("2025-03-01T11:59:58Z");
  }

  @Test
  void allClustersReadyBehindAReadyGatewayIsRunningAndReady() {
    WarehouseStatus status =
        compute(
            seen(
                2,
                readyFleet(2),
                Map.of("sales-1", load(3, 2, 1), "sales-2", load(4, 1, 0)),
                gateway(1)));

    assertThat(status.phase).isEqualTo("Running");
    assertThat(status.clusters).isEqualTo(2);
    assertThat(state(status, "Ready")).isEqualTo("True/Running");
    assertThat(state(status, "Progressing")).isEqualTo("False/Stable");
    assertThat(state(status, "Reconciling")).isEqualTo("False/Stable");
    assertThat(state(status, "Degraded")).isEqualTo("False/AsExpected");
    assertThat(state(status, "Suspended")).isEqualTo("False/NotSuspended");
    assertThat(state(status, "Stalled")).isEqualTo("False/AsExpected");
    assertThat(status.sessions).isEqualTo(7);
    assertThat(status.runningQueries).isEqualTo(3);
    assertThat(status.queuedQueries).isEqualTo(1);
    assertThat(status.draining).isNull();
    assertThat(status.endpoints.jdbc)
        .isEqualTo("jdbc:hive2://sales.analytics-ns.svc:10000/default");
    assertThat(status.selector).isEqualTo("lakehouse.dev/warehouse=sales");
    assertThat(status.observedGeneration).isEqualTo(3L);
    assertThat(condition(status, "Ready").orElseThrow().lastTransitionTime).isEqualTo(NOW_SECONDS);
    assertThat(condition(status, "Ready").orElseThrow().observedGeneration).isEqualTo(3L);
  }

  @Test
  void readyClustersBehindAGatewayWithoutReadyReplicaAreNotReady() {
    WarehouseStatus status = compute(seen(2, readyFleet(2), Map.of(), gateway(0)));

    assertThat(status.phase).isEqualTo("Running");
    assertThat(state(status, "Ready")).isEqualTo("False/Starting");
    assertThat(condition(status, "Ready").orElseThrow().message).contains("gateway");
    assertThat(compute(seen(2, readyFleet(2), Map.of(), Optional.empty())).phase)
        .isEqualTo("Running");
  }

  @Test
  void fewerReadyClustersThanDesiredIsScaling() {
    List<Cluster> clusters = List.of(ready(warehouse, 1, READY_AT), member(warehouse, 2));

    WarehouseStatus status = compute(seen(2, clusters, Map.of(), gateway(2)));

    assertThat(status.phase).isEqualTo("Scaling");
    assertThat(status.clusters).isEqualTo(1);
    assertThat(state(status, "Ready")).isEqualTo("True/Running");
    assertThat(state(status, "Progressing")).isEqualTo("True/Scaling");
  }

  @Test
  void aDrainingClusterIsListedAndTheWarehouseIsScaling() {
    List<Cluster> clusters =
        List.of(
            ready(warehouse, 1, READY_AT),
            ready(warehouse, 2, READY_AT),
            draining(ready(warehouse, 3, READY_AT), NOW));

    WarehouseStatus status = compute(seen(2, clusters, Map.of(), gateway(2)));

    assertThat(status.phase).isEqualTo("Scaling");
    assertThat(status.clusters).as("a draining cluster takes no connection").isEqualTo(2);
    assertThat(status.draining).containsExactly("sales-3");
    assertThat(condition(status, "Progressing").orElseThrow().message).contains("draining sales-3");
  }

  @Test
  void noReadyClusterAfterBeingReadyIsDegraded() {
    WarehouseStatus running = compute(seen(2, readyFleet(2), Map.of(), gateway(2)));
    warehouse.setStatus(running);

    WarehouseStatus lost =
        compute(seen(2, List.of(member(warehouse, 1), member(warehouse, 2)), Map.of(), gateway(2)));

    assertThat(state(lost, "Degraded")).isEqualTo("True/DriverNotReady");
    assertThat(state(lost, "Ready")).isEqualTo("False/Starting");
  }

  @Test
  void stoppingByTheUserIsNotReadyUntilTheClustersAreGone() {
    WarehouseStatus status =
        compute(
            new WarehouseObservation(
                Optional.empty(),
                Optional.empty(),
                true,
                0,
                WarehouseFleet.observe(readyFleet(2)),
                Map.of(),
                gateway(2),
                null,
                null,
                null,
                false));

    assertThat(status.phase).isEqualTo("Stopping");
    assertThat(state(status, "Ready")).isEqualTo("False/UserRequest");
    assertThat(state(status, "Progressing")).isEqualTo("True/Stopping");
    assertThat(state(status, "Suspended")).isEqualTo("True/UserRequest");
  }

  @Test
  void stoppedByTheUserHasNoReadyConditionSoKstatusReadsItAsCurrent() {
    warehouse.setStatus(compute(seen(2, readyFleet(2), Map.of(), gateway(2))));

    WarehouseStatus status =
        compute(
            new WarehouseObservation(
                Optional.empty(),
                Optional.empty(),
                true,
                0,
                List.of(),
                Map.of(),
                gateway(2),
                null,
                null,
                null,
                false));

    assertThat(status.phase).isEqualTo("Stopped");
    assertThat(condition(status, "Ready")).isEmpty();
    assertThat(state(status, "Progressing")).isEqualTo("False/Stopped");
    assertThat(state(status, "Reconciling")).isEqualTo("False/Stopped");
    assertThat(state(status, "Stalled")).isEqualTo("False/Stopped");
    assertThat(state(status, "Suspended")).isEqualTo("True/UserRequest");
    assertThat(status.clusters).isZero();
    assertThat(status.autoscaler).isNull();
  }

  @Test
  void autoStoppedIsReadyOnlyWhileTheGatewayTakesConnections() {
    WarehouseStatus up = compute(seen(0, List.of(), Map.of(), gateway(1)));
    WarehouseStatus down = compute(seen(0, List.of(), Map.of(), gateway(0)));

    assertThat(up.phase).isEqualTo("Stopped");
    assertThat(state(up, "Ready")).isEqualTo("True/AutoStopped");
    assertThat(condition(up, "Ready").orElseThrow().message)
        .contains("15 minutes")
        .contains("next connection");
    assertThat(state(up, "Suspended")).isEqualTo("True/AutoStopped");
    assertThat(state(up, "Progressing")).isEqualTo("False/Stopped");
    assertThat(up.endpoints).isNotNull();
    assertThat(down.phase).isEqualTo("Stopped");
    assertThat(state(down, "Ready")).isEqualTo("False/Starting");
  }

  @Test
  void autoStoppedWithoutAutoStopMinutesInTheSpecNamesTheDefault() {
    Warehouse plain = warehouse("{}");

    WarehouseStatus status =
        WarehouseStatusCalculator.compute(plain, seen(0, List.of(), Map.of(), gateway(1)), NOW);

    assertThat(condition(status, "Ready").orElseThrow().message)
        .contains("10 minutes")
        .doesNotContain("null");
  }

  @Test
  void autoStoppingWithClustersLeftIsStopping() {
    WarehouseStatus status = compute(seen(0, readyFleet(1), Map.of(), gateway(2)));

    assertThat(status.phase).isEqualTo("Stopping");
    assertThat(state(status, "Progressing")).isEqualTo("True/Stopping");
    assertThat(condition(status, "Progressing").orElseThrow().message).contains("sales-1");
  }

  @Test
  void theAutoscalerStateAndWakeTimeAreRecordedAsSeen() {
    ClusterAutoscalerStatus autoscaler = new ClusterAutoscalerStatus();
    autoscaler.desiredWorkers = 2;

    WarehouseStatus status =
        compute(
            new WarehouseObservation(
                Optional.empty(),
                Optional.empty(),
                false,
                2,
                WarehouseFleet.observe(readyFleet(2)),
                Map.of(),
                gateway(2),
                null,
                "2025-03-01T11:00:00Z",
                autoscaler,
                false));

    assertThat(status.autoscaler).isSameAs(autoscaler);
    assertThat(status.lastWakeTime).isEqualTo("2025-03-01T11:00:00Z");
  }

  @Test
  void theLastQueryTimeMovesAtMostOnceAMinute() {
    String recorded = "2025-03-01T12:00:00Z";

    assertThat(
            WarehouseStatusCalculator.lastQueryTime(
                null, Instant.parse("2025-03-01T12:00:00.900Z")))
        .isEqualTo("2025-03-01T12:00:00Z");
    assertThat(
            WarehouseStatusCalculator.lastQueryTime(
                recorded, Instant.parse("2025-03-01T12:00:59Z")))
        .isEqualTo(recorded);
    assertThat(
            WarehouseStatusCalculator.lastQueryTime(
                recorded, Instant.parse("2025-03-01T12:01:00Z")))
        .isEqualTo("2025-03-01T12:01:00Z");
    assertThat(
            WarehouseStatusCalculator.lastQueryTime(
                recorded, Instant.parse("2025-03-01T11:00:00Z")))
        .as("never backwards")
        .isEqualTo(recorded);
    assertThat(WarehouseStatusCalculator.lastQueryTime(recorded, null)).isEqualTo(recorded);
    assertThat(WarehouseStatusCalculator.lastQueryTime(recorded, Instant.EPOCH))
        .isEqualTo(recorded);
    assertThat(
            WarehouseStatusCalculator.lastQueryTime(
                "garbage", Instant.parse("2025-03-01T12:00:00Z")))
        .isEqualTo("2025-03-01T12:00:00Z");
  }

  @Test
  void theSameObservationGivesTheSameStatusSoNothingIsWritten() {
    WarehouseObservation seen =
        seen(
            2,
            readyFleet(2),
            Map.of("sales-1", load(1, 0, 0), "sales-2", load(0, 0, 0)),
            gateway(2));
    WarehouseStatus first = compute(seen);
    warehouse.setStatus(WarehouseFixtures.copy(first, WarehouseStatus.class));

    WarehouseStatus second =
        WarehouseStatusCalculator.compute(warehouse, seen, NOW.plusSeconds(300));

    assertThat(dev.lakehouse.operator.kube.StatusRecorder.differs(warehouse.getStatus(), second))
        .isFalse();
  }
}
