package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.annotate;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.deleting;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.draining;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.member;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.ready;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.api.v1alpha1.Condition;
import dev.lakehouse.api.v1alpha1.Warehouse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetMemberTest {
  private static final Instant SINCE = Instant.parse("2025-03-01T09:00:00Z");
  private final Warehouse warehouse = warehouse("{}");

  @Test
  void aReadyMemberTakesConnections() {
    FleetMember member = FleetMember.of(ready(warehouse, 2, SINCE));

    assertThat(member.name()).isEqualTo("sales-2");
    assertThat(member.index()).isEqualTo(2);
    assertThat(member.ready()).isTrue();
    assertThat(member.draining()).isFalse();
    assertThat(member.deleting()).isFalse();
    assertThat(member.routable()).isTrue();
    assertThat(member.readySince()).contains(SINCE);
    assertThat(member.createdAt()).isEqualTo(WarehouseFixtures.CREATED.plusSeconds(2));
  }

  @Test
  void aMemberWithoutStatusOrWithReadyFalseIsNotReady() {
    Cluster starting = member(warehouse, 1);
    Cluster notReady = member(warehouse, 1);
    notReady.setStatus(new ClusterStatus());
    notReady.getStatus().conditions =
        List.of(new Condition("Ready", "False", "Starting", "", 1L, SINCE.toString()));

    for (Cluster cluster : List.of(starting, notReady)) {
      FleetMember member = FleetMember.of(cluster);
      assertThat(member.ready()).isFalse();
      assertThat(member.routable()).isFalse();
      assertThat(member.readySince()).isEmpty();
    }
  }

  @Test
  void aDrainingMemberIsReadyButNotRoutable() {
    FleetMember member =
        FleetMember.of(draining(ready(warehouse, 1, SINCE), Instant.parse("2025-03-01T10:00:00Z")));

    assertThat(member.ready()).isTrue();
    assertThat(member.draining()).isTrue();
    assertThat(member.drainingSince()).contains(Instant.parse("2025-03-01T10:00:00Z"));
    assertThat(member.routable()).isFalse();
  }

  @Test
  void aDrainingValueThatIsNoTimeStillDrainsAndItsTimeoutIsOver() {
    FleetMember member =
        FleetMember.of(annotate(ready(warehouse, 1, SINCE), FleetMember.DRAINING, "yes"));

    assertThat(member.draining()).isTrue();
    assertThat(member.drainingSince()).contains(Instant.EPOCH);
  }

  @Test
  void aMemberBeingDeletedIsNotRoutable() {
    FleetMember member = FleetMember.of(deleting(ready(warehouse, 1, SINCE)));

    assertThat(member.ready()).isTrue();
    assertThat(member.deleting()).isTrue();
    assertThat(member.draining()).isFalse();
    assertThat(member.routable()).isFalse();
  }
}
