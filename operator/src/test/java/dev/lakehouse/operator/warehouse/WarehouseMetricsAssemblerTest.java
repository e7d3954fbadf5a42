package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.deleting;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.draining;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.load;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.member;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.ready;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.UnitPhase;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WarehouseMetricsAssemblerTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Instant READY_AT = Instant.parse("2025-03-01T11:00:00Z");
  private static final Instant FLOOR = Instant.parse("2025-03-01T11:30:00Z");
  private final Warehouse warehouse = warehouse("{}");

  private static Optional<WarehouseMetrics> assemble(
      List<Cluster> clusters, Map<String, SqlLoad> loads, Optional<Instant> demand) {
    return WarehouseMetricsAssembler.assemble(
        10, WarehouseFleet.observe(clusters), loads, clusters.size(), demand, FLOOR, NOW);
  }

  private static CapacityUnit unit(WarehouseMetrics metrics, String name) {
    return metrics.clusters().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void eachMemberIsAUnitInThePhaseItIsIn() {
    List<Cluster> clusters =
        List.of(
            member(warehouse, 1),
            ready(warehouse, 2, READY_AT),
            draining(ready(warehouse, 3, READY_AT), NOW.minusSeconds(30)),
            deleting(member(warehouse, 4)));
    Map<String, SqlLoad> loads = Map.of("sales-2", load(3, 2, 0), "sales-3", load(1, 1, 0));

    WarehouseMetrics metrics = assemble(clusters, loads, Optional.empty()).orElseThrow();

    assertThat(metrics.clusters())
        .extracting(CapacityUnit::name, CapacityUnit::phase, CapacityUnit::busySlots)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sales-1", UnitPhase.STARTING, 0),
            org.assertj.core.groups.Tuple.tuple("sales-2", UnitPhase.READY, 2),
            org.assertj.core.groups.Tuple.tuple("sales-3", UnitPhase.DECOMMISSIONING, 1),
            org.assertj.core.groups.Tuple.tuple("sales-4", UnitPhase.DECOMMISSIONING, 0));
    assertThat(unit(metrics, "sales-1").requestedAtMs())
        .isEqualTo(WarehouseFixtures.CREATED.plusSeconds(1).toEpochMilli());
    assertThat(unit(metrics, "sales-2").readyAtMs()).isEqualTo(READY_AT.toEpochMilli());
    assertThat(unit(metrics, "sales-2").idleSinceMs()).as("busy").isEqualTo(-1);
    assertThat(metrics.queriesPerCluster()).isEqualTo(10);
    assertThat(metrics.desiredClusters()).isEqualTo(4);
    assertThat(metrics.observedAtMs()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void theLoadsAreSummedOverTheFleet() {
    List<Cluster> clusters = List.of(ready(warehouse, 1, READY_AT), ready(warehouse, 2, READY_AT));
    Map<String, SqlLoad> loads =
        Map.of(
            "sales-1",
                new SqlLoad(4, 3, 2, 900, 30, 60_000, 400, NOW.minusSeconds(5).toEpochMilli()),
            "sales-2",
                new SqlLoad(1, 1, 1, 1_500, 10, 60_000, 800, NOW.minusSeconds(9).toEpochMilli()));

    WarehouseMetrics metrics = assemble(clusters, loads, Optional.empty()).orElseThrow();

    assertThat(metrics.runningQueries()).isEqualTo(4);
    assertThat(metrics.queuedQueries()).isEqualTo(3);
    assertThat(metrics.oldestQueuedWaitMs()).isEqualTo(1_500);
    assertThat(metrics.recentArrivals()).isEqualTo(40);
    assertThat(metrics.arrivalWindowMs()).isEqualTo(60_000);
    assertThat(metrics.meanQueryMillis())
        .as("weighted by arrivals: (400*30 + 800*10) / 40")
        .isEqualTo(500);
    assertThat(metrics.lastActivityMs()).isEqualTo(NOW.minusSeconds(5).toEpochMilli());
  }

  @Test
  void anIdleReadyMemberIsIdleSinceItsLastActivityOrItsReadiness() {
    Instant lastQuery = READY_AT.plusSeconds(600);
    List<Cluster> clusters = List.of(ready(warehouse, 1, READY_AT), ready(warehouse, 2, READY_AT));
    Map<String, SqlLoad> loads =
        Map.of(
            "sales-1",
            new SqlLoad(0, 0, 0, 0, 0, 60_000, 0, lastQuery.toEpochMilli()),
            "sales-2",
            load(0, 0, 0));

    WarehouseMetrics metrics = assemble(clusters, loads, Optional.empty()).orElseThrow();

    assertThat(unit(metrics, "sales-1").idleSinceMs()).isEqualTo(lastQuery.toEpochMilli());
    assertThat(unit(metrics, "sales-2").idleSinceMs()).isEqualTo(READY_AT.toEpochMilli());
  }

  @Test
  void aReadyMemberWhoseLoadCannotBeReadLeavesNoMetrics() {
    List<Cluster> clusters = List.of(ready(warehouse, 1, READY_AT), ready(warehouse, 2, READY_AT));

    assertThat(assemble(clusters, Map.of("sales-1", load(0, 0, 0)), Optional.empty())).isEmpty();
  }

  @Test
  void membersThatLeaveOrStartNeedNoLoad() {
    List<Cluster> clusters =
        List.of(
            ready(warehouse, 1, READY_AT),
            member(warehouse, 2),
            draining(ready(warehouse, 3, READY_AT), NOW),
            deleting(ready(warehouse, 4, READY_AT)));

    assertThat(assemble(clusters, Map.of("sales-1", load(0, 0, 0)), Optional.empty()))
        .as("a member being deleted takes no connection: its endpoint may be gone already")
        .isPresent();
  }

  @Test
  void aHeldConnectionIsAQueuedQueryThatHasWaitedSinceTheDemand() {
    Instant demand = NOW.minusSeconds(12);

    WarehouseMetrics metrics = assemble(List.of(), Map.of(), Optional.of(demand)).orElseThrow();

    assertThat(metrics.clusters()).isEmpty();
    assertThat(metrics.queuedQueries()).isEqualTo(1);
    assertThat(metrics.recentArrivals()).isEqualTo(1);
    assertThat(metrics.oldestQueuedWaitMs()).isEqualTo(12_000);
    assertThat(metrics.lastActivityMs()).isEqualTo(demand.toEpochMilli());
  }

  @Test
  void theActivityFloorIsTheLastActivityWhenTheEndpointsSayNothingNewer() {
    List<Cluster> clusters = List.of(ready(warehouse, 1, READY_AT));

    WarehouseMetrics quiet =
        assemble(clusters, Map.of("sales-1", load(0, 0, 0)), Optional.empty()).orElseThrow();
    WarehouseMetrics older =
        assemble(
                clusters,
                Map.of(
                    "sales-1",
                    new SqlLoad(0, 0, 0, 0, 0, 60_000, 0, FLOOR.minusSeconds(60).toEpochMilli())),
                Optional.empty())
            .orElseThrow();

    assertThat(quiet.lastActivityMs()).isEqualTo(FLOOR.toEpochMilli());
    assertThat(older.lastActivityMs()).isEqualTo(FLOOR.toEpochMilli());
  }
}
