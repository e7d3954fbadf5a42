package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.deleting;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.load;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.member;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.ready;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseStatus;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.operator.cluster.autoscaling.ScalerStateMapping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Warehouse autoscaler's adapter with a fixed clock and loads from a map: what it asks of the
 * fleet, and what it remembers in {@code status.autoscaler}.
 */
class WarehouseAutoscalingTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Instant LONG_AGO = NOW.minus(Duration.ofHours(2));
  private static final Instant READY_AT = NOW.minus(Duration.ofMinutes(30));

  private final Map<String, SqlLoad> loads = new HashMap<>();
  private final List<Reason> told = new ArrayList<>();
  private final Warehouse warehouse =
      warehouse(
          """
          minClusters: 2
          maxClusters: 4
          maxConcurrentQueriesPerCluster: 10
          autoStopMinutes: 10
          """);

  private WarehouseAutoscaling at(Instant now) {
    return new WarehouseAutoscaling(
        member -> Optional.ofNullable(loads.get(member.getMetadata().getName())),
        (w, decision, woken) -> told.add(decision.reason()),
        Optional.of(Duration.ofSeconds(1)),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private WarehouseAutoscaling.Outcome evaluate(
      Instant now, List<Cluster> clusters, Optional<Instant> wake, Instant activityFloor) {
    return at(now).evaluate(warehouse, WarehouseFleet.observe(clusters), wake, activityFloor);
  }

  /** Records an outcome's autoscaler state as the reconciler does, for the next evaluation. */
  private void remember(WarehouseAutoscaling.Outcome outcome) {
    WarehouseStatus status =
        warehouse.getStatus() == null ? new WarehouseStatus() : warehouse.getStatus();
    status.autoscaler = outcome.status();
    warehouse.setStatus(status);
  }

  private void decided(int clusters) {
    ClusterAutoscalerStatus status = new ClusterAutoscalerStatus();
    status.desiredWorkers = clusters;
    status.lastReason = "STEADY";
    warehouse.setStatus(new WarehouseStatus());
    warehouse.getStatus().autoscaler = status;
  }

  private List<Cluster> readyFleet(int size) {
    List<Cluster> clusters = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      clusters.add(ready(warehouse, i, READY_AT));
      loads.putIfAbsent("sales-" + i, load(0, 0, 0));
    }
    return clusters;
  }

  @Test
  void aNewWarehouseWithoutClustersStartsItsMinimum() {
    WarehouseAutoscaling.Outcome outcome = evaluate(NOW, List.of(), Optional.empty(), LONG_AGO);

    assertThat(outcome.desiredClusters()).isEqualTo(2);
    assertThat(outcome.drain()).isEmpty();
    assertThat(outcome.decision().reason()).isEqualTo(Reason.START_ON_DEMAND);
    assertThat(outcome.status().desiredWorkers).isEqualTo(2);
    assertThat(told).containsExactly(Reason.START_ON_DEMAND);
  }

  @Test
  void queuedQueriesScaleOutUpToTheMaximum() {
    decided(2);
    List<Cluster> fleet = readyFleet(2);
    // 1,200 queries a minute of 5 s each: about 100 in flight, for 2 x 10 slots.
    loads.put("sales-1", new SqlLoad(30, 10, 40, 2_000, 600, 60_000, 5_000, NOW.toEpochMilli()));
    loads.put("sales-2", new SqlLoad(30, 10, 40, 2_000, 600, 60_000, 5_000, NOW.toEpochMilli()));

    WarehouseAutoscaling.Outcome outcome = evaluate(NOW, fleet, Optional.empty(), LONG_AGO);

    assertThat(outcome.desiredClusters()).isEqualTo(4);
    assertThat(outcome.decision().reason()).isEqualTo(Reason.EXPECTED_WORK);
    assertThat(outcome.loads()).containsOnlyKeys("sales-1", "sales-2");
    assertThat(outcome.status().lastScaleUpTime).isEqualTo(NOW.toString());
  }

  @Test
  void aFewQueuedQueriesThatTheFreeSlotsTakeAddNoCluster() {
    decided(2);
    List<Cluster> fleet = readyFleet(2);
    loads.put("sales-1", new SqlLoad(3, 2, 1, 100, 3, 60_000, 1_000, NOW.toEpochMilli()));

    WarehouseAutoscaling.Outcome outcome = evaluate(NOW, fleet, Optional.empty(), LONG_AGO);

    assertThat(outcome.desiredClusters()).isEqualTo(2);
    assertThat(outcome.drain()).isEmpty();
  }

  @Test
  void lowLoadForTheScaleInWindowNamesTheLongestIdleClusterToDrain() {
    decided(3);
    List<Cluster> fleet = readyFleet(3);
    loads.put(
        "sales-1", new SqlLoad(1, 0, 0, 0, 0, 60_000, 0, NOW.minusSeconds(30).toEpochMilli()));
    loads.put(
        "sales-2", new SqlLoad(1, 0, 0, 0, 0, 60_000, 0, NOW.minusSeconds(60).toEpochMilli()));
    loads.put("sales-3", load(1, 0, 0));

    WarehouseAutoscaling.Outcome first = evaluate(NOW, fleet, Optional.empty(), LONG_AGO);
    assertThat(first.desiredClusters()).isEqualTo(3);
    assertThat(first.drain()).isEmpty();
    assertThat(first.decision().reason()).isEqualTo(Reason.UNDERUTILIZED_WAITING);
    remember(first);

    WarehouseAutoscaling.Outcome second =
        evaluate(NOW.plusSeconds(2), fleet, Optional.empty(), LONG_AGO);

    assertThat(second.decision().reason()).isEqualTo(Reason.UNDERUTILIZED);
    assertThat(second.desiredClusters()).as("never below minClusters").isEqualTo(2);
    assertThat(second.drain()).containsExactly("sales-3");
    assertThat(second.status().decommissioning)
        .extracting(d -> d.worker)
        .containsExactly("sales-3");
    remember(second);

    // Draining (annotated), it is still named until it is gone, and no second cluster goes.
    fleet.set(2, WarehouseFixtures.draining(fleet.get(2), NOW.plusSeconds(2)));
    WarehouseAutoscaling.Outcome third =
        evaluate(NOW.plusSeconds(4), fleet, Optional.empty(), LONG_AGO);
    assertThat(third.drain()).containsExactly("sales-3");
    assertThat(third.desiredClusters()).isEqualTo(2);
    remember(third);

    WarehouseAutoscaling.Outcome gone =
        evaluate(NOW.plusSeconds(6), fleet.subList(0, 2), Optional.empty(), LONG_AGO);
    assertThat(gone.drain()).isEmpty();
    assertThat(gone.desiredClusters()).isEqualTo(2);
  }

  @Test
  void idlePastAutoStopStopsEveryCluster() {
    decided(2);
    List<Cluster> fleet = readyFleet(2);

    WarehouseAutoscaling.Outcome outcome =
        evaluate(NOW, fleet, Optional.empty(), NOW.minus(Duration.ofMinutes(11)));

    assertThat(outcome.decision().reason()).isEqualTo(Reason.AUTO_STOP);
    assertThat(outcome.desiredClusters()).isZero();
    assertThat(outcome.drain()).containsExactlyInAnyOrder("sales-1", "sales-2");
    assertThat(told).containsExactly(Reason.AUTO_STOP);
  }

  @Test
  void idleForLessThanAutoStopKeepsTheFleet() {
    decided(2);

    WarehouseAutoscaling.Outcome outcome =
        evaluate(NOW, readyFleet(2), Optional.empty(), NOW.minus(Duration.ofMinutes(9)));

    assertThat(outcome.desiredClusters()).isEqualTo(2);
    assertThat(outcome.drain()).isEmpty();
  }

  @Test
  void autoStopZeroNeverStops() {
    Warehouse never = warehouse("minClusters: 1\nmaxClusters: 1\nautoStopMinutes: 0\n");
    loads.put("sales-1", load(0, 0, 0));

    WarehouseAutoscaling.Outcome outcome =
        at(NOW)
            .evaluate(
                never,
                WarehouseFleet.observe(List.of(ready(never, 1, READY_AT))),
                Optional.empty(),
                NOW.minus(Duration.ofDays(3)));

    assertThat(outcome.desiredClusters()).isEqualTo(1);
  }

  @Test
  void afterAutoStopNothingStartsWithoutAWake() {
    decided(2);
    WarehouseAutoscaling.Outcome stop =
        evaluate(NOW, readyFleet(2), Optional.empty(), NOW.minus(Duration.ofMinutes(11)));
    remember(stop);

    WarehouseAutoscaling.Outcome later =
        evaluate(NOW.plusSeconds(60), List.of(), Optional.empty(), NOW.minusSeconds(600));

    assertThat(later.desiredClusters()).isZero();
    assertThat(later.decision().reason()).isEqualTo(Reason.STOPPED);
    assertThat(later.drain()).as("the stopped clusters are gone and forgotten").isEmpty();
  }

  @Test
  void aPendingWakeStartsAStoppedWarehouse() {
    decided(2);
    WarehouseAutoscaling.Outcome stop =
        evaluate(NOW, readyFleet(2), Optional.empty(), NOW.minus(Duration.ofMinutes(11)));
    remember(stop);
    told.clear();

    Instant wake = NOW.plusSeconds(55);
    WarehouseAutoscaling.Outcome woken =
        evaluate(NOW.plusSeconds(60), List.of(), Optional.of(wake), NOW.minusSeconds(600));

    assertThat(woken.decision().reason()).isEqualTo(Reason.START_ON_DEMAND);
    assertThat(woken.desiredClusters()).isEqualTo(2);
    assertThat(told).containsExactly(Reason.START_ON_DEMAND);
  }

  @Test
  void aFleetStartedAgainAfterALongIdleIsNotStoppedBeforeItServes() {
    // Stopped by the user long ago: no autoscaler state, the last query hours back.
    WarehouseAutoscaling.Outcome start = evaluate(NOW, List.of(), Optional.empty(), LONG_AGO);
    assertThat(start.desiredClusters()).isEqualTo(2);
    remember(start);

    List<Cluster> starting = List.of(member(warehouse, 1), member(warehouse, 2));
    WarehouseAutoscaling.Outcome next =
        evaluate(NOW.plusSeconds(5), starting, Optional.empty(), LONG_AGO);

    assertThat(next.decision().reason()).isNotEqualTo(Reason.AUTO_STOP);
    assertThat(next.desiredClusters()).isEqualTo(2);
    assertThat(next.drain()).isEmpty();
  }

  @Test
  void aFleetWhoseClustersAreAllBeingDeletedIsStartedAgainNotStopped() {
    decided(2);
    List<Cluster> leaving =
        List.of(deleting(ready(warehouse, 1, READY_AT)), deleting(ready(warehouse, 2, READY_AT)));
    loads.put("sales-1", load(0, 0, 0));
    loads.put("sales-2", load(0, 0, 0));

    WarehouseAutoscaling.Outcome outcome = evaluate(NOW, leaving, Optional.empty(), LONG_AGO);

    assertThat(outcome.desiredClusters()).isEqualTo(2);
    assertThat(outcome.drain()).isEmpty();
  }

  @Test
  void aReadyClusterWhoseLoadCannotBeReadHoldsTheSizeAndSaysSo() {
    decided(3);
    List<Cluster> fleet = readyFleet(3);
    loads.remove("sales-2");

    WarehouseAutoscaling.Outcome outcome =
        evaluate(NOW, fleet, Optional.empty(), NOW.minus(Duration.ofHours(1)));

    assertThat(outcome.metricsUnavailable()).isTrue();
    assertThat(outcome.desiredClusters()).isEqualTo(3);
    assertThat(outcome.drain()).isEmpty();
    assertThat(told).containsExactly(Reason.METRICS_MISSING);
  }

  @Test
  void theAutoscalerStateRoundTripsThroughTheStatus() {
    decided(3);
    List<Cluster> fleet = readyFleet(3);
    WarehouseAutoscaling.Outcome first =
        evaluate(NOW, fleet, Optional.empty(), NOW.minusSeconds(60));
    remember(first);
    ClusterAutoscalerStatus stored =
        WarehouseFixtures.copy(first.status(), ClusterAutoscalerStatus.class);

    assertThat(ScalerStateMapping.fromStatus(stored))
        .isEqualTo(ScalerStateMapping.fromStatus(first.status()));
    assertThat(stored.lowLoadSince).as("the low-load window began").isEqualTo(NOW.toString());

    WarehouseAutoscaling.Outcome again =
        evaluate(NOW.plusMillis(500), fleet, Optional.empty(), NOW.minusSeconds(60));
    assertThat(again.status())
        .as("an evaluation that learns nothing new leaves the recorded state as it was")
        .isSameAs(warehouse.getStatus().autoscaler);
  }

  @Test
  void thePolicyFollowsTheSpecAndTheScaleInWindowOverride() {
    var config =
        at(NOW)
            .policy(
                warehouse(
                        "minClusters: 2\nmaxClusters: 6\nmaxConcurrentQueriesPerCluster: 25\n"
                            + "autoStopMinutes: 45\n")
                    .getSpec());

    assertThat(config.minClusters()).isEqualTo(2);
    assertThat(config.maxClusters()).isEqualTo(6);
    assertThat(config.queriesPerCluster()).isEqualTo(25);
    assertThat(config.autoStopMs()).isEqualTo(Duration.ofMinutes(45).toMillis());
    assertThat(config.lowLoadWindowMs()).isEqualTo(1_000);
    assertThat(config.peakWindowMs()).isEqualTo(1_000);

    var defaults =
        new WarehouseAutoscaling(
                m -> Optional.empty(), (w, d, woken) -> {}, Optional.empty(), Clock.systemUTC())
            .policy(warehouse("{}").getSpec());
    assertThat(defaults.minClusters()).isEqualTo(1);
    assertThat(defaults.maxClusters()).isEqualTo(1);
    assertThat(defaults.autoStopMs()).isEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(defaults.lowLoadWindowMs()).isEqualTo(Duration.ofMinutes(5).toMillis());
  }
}
