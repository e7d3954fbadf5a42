package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.member;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.api.v1alpha1.Warehouse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarehouseFleetTest {
  private final Warehouse warehouse =
      warehouse(
          """
          size: Medium
          minClusters: 1
          maxClusters: 4
          maxConcurrentQueriesPerCluster: 25
          runtimeVersion: spark-3.5
          sparkConf: {spark.sql.shuffle.partitions: "64"}
          pod:
            nodeSelector: {pool: sql}
            priorityClassName: analytics
          """);

  private static List<FleetMember> fleet(Cluster... clusters) {
    return WarehouseFleet.observe(List.of(clusters));
  }

  @Test
  void membersAreNamedAfterTheWarehouseAndNumbered() {
    assertThat(WarehouseFleet.memberName(warehouse, 1)).isEqualTo("sales-1");
    assertThat(WarehouseFleet.memberName(warehouse, 12)).isEqualTo("sales-12");
    assertThat(WarehouseFleet.indexOf("sales-12")).isEqualTo(12);
    assertThat(WarehouseFleet.indexOf("sales-x")).isZero();
    assertThat(WarehouseFleet.indexOf("sales")).isZero();
  }

  @Test
  void newMembersTakeTheSmallestFreeNumbers() {
    assertThat(WarehouseFleet.newNames(warehouse, List.of(), 2))
        .containsExactly("sales-1", "sales-2");
    assertThat(
            WarehouseFleet.newNames(
                warehouse, fleet(member(warehouse, 2), member(warehouse, 4)), 3))
        .containsExactly("sales-1", "sales-3", "sales-5");
    assertThat(WarehouseFleet.newNames(warehouse, fleet(member(warehouse, 1)), 0)).isEmpty();
    assertThat(WarehouseFleet.newNames(warehouse, fleet(member(warehouse, 1)), -1)).isEmpty();
  }

  @Test
  void theObservedFleetIsOrderedByNumberNotByName() {
    assertThat(
            fleet(member(warehouse, 10), member(warehouse, 2), member(warehouse, 1)).stream()
                .map(FleetMember::name))
        .containsExactly("sales-1", "sales-2", "sales-10");
  }

  @Test
  void aMemberHasTheSizeTheSqlEndpointAndTheWarehouseSettings() {
    Cluster cluster = WarehouseFleet.member(warehouse, "analytics", "sales-3", null);

    assertThat(cluster.getMetadata().getName()).isEqualTo("sales-3");
    assertThat(cluster.getMetadata().getNamespace()).isEqualTo("analytics-ns");
    assertThat(cluster.getSpec().workers).isEqualTo(8);
    assertThat(cluster.getSpec().autoscale).isNull();
    assertThat(cluster.getSpec().driver.cores).isEqualTo(4);
    assertThat(cluster.getSpec().driver.memory).isEqualTo("16Gi");
    assertThat(cluster.getSpec().worker.cores).isEqualTo(4);
    assertThat(cluster.getSpec().worker.memory).isEqualTo("16Gi");
    assertThat(cluster.getSpec().sqlEndpoint.maxConcurrentQueries).isEqualTo(25);
    assertThat(cluster.getSpec().runtimeVersion).isEqualTo("spark-3.5");
    assertThat(cluster.getSpec().sparkConf)
        .containsExactlyEntriesOf(java.util.Map.of("spark.sql.shuffle.partitions", "64"));
    assertThat(cluster.getSpec().pod.nodeSelector).containsEntry("pool", "sql");
    assertThat(cluster.getSpec().pod.priorityClassName).isEqualTo("analytics");
    assertThat(cluster.getSpec().state).isEqualTo(State.Running);
    assertThat(cluster.getSpec().autoTerminationMinutes)
        .as("the Warehouse stops its clusters, they never stop by themselves")
        .isZero();
  }

  @Test
  void aMemberWithoutConcurrencyGetsTheDefault() {
    Cluster cluster = WarehouseFleet.member(warehouse("{}"), "analytics", "sales-1", null);

    assertThat(cluster.getSpec().sqlEndpoint.maxConcurrentQueries).isEqualTo(10);
    assertThat(cluster.getSpec().workers).as("Small").isEqualTo(4);
  }

  @Test
  void aMemberIsLabelledAndControlledByItsWarehouse() {
    Cluster cluster = WarehouseFleet.member(warehouse, "analytics", "sales-1", null);

    assertThat(cluster.getMetadata().getLabels())
        .containsEntry("lakehouse.dev/warehouse", "sales")
        .containsEntry("lakehouse.dev/workspace", "analytics")
        .containsEntry("app.kubernetes.io/managed-by", "lakehouse-operator");
    assertThat(cluster.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Warehouse");
              assertThat(o.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
              assertThat(o.getName()).isEqualTo("sales");
              assertThat(o.getUid()).isEqualTo(WarehouseFixtures.UID);
              assertThat(o.getController()).isTrue();
            });
    assertThat(cluster.getMetadata().getAnnotations()).isNull();
  }

  @Test
  void aDrainingMemberCarriesWhenItBeganToDrain() {
    Instant since = Instant.parse("2025-03-01T10:15:30Z");

    Cluster cluster = WarehouseFleet.member(warehouse, "analytics", "sales-2", since);

    assertThat(cluster.getMetadata().getAnnotations())
        .containsExactly(java.util.Map.entry("lakehouse.dev/draining", "2025-03-01T10:15:30Z"));
    assertThat(FleetMember.of(cluster).drainingSince()).contains(since);
  }

  @Test
  void theSelectorSelectsTheFleetByItsWarehouseLabel() {
    assertThat(WarehouseFleet.selector(warehouse)).isEqualTo("lakehouse.dev/warehouse=sales");
  }
}
