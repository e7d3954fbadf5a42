package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseWakeTest {
  private static final String REQUESTED = "2025-03-01T12:00:05Z";

  private static Warehouse requested(String at, String handled) {
    Warehouse warehouse = warehouse("{}");
    if (at != null) {
      warehouse.getMetadata().setAnnotations(Map.of(WarehouseWake.ANNOTATION, at));
    }
    if (handled != null) {
      warehouse.setStatus(new WarehouseStatus());
      warehouse.getStatus().lastWakeTime = handled;
    }
    return warehouse;
  }

  @Test
  void noRequestIsNothingPending() {
    assertThat(WarehouseWake.pending(requested(null, null))).isEmpty();
    assertThat(WarehouseWake.pending(requested(null, "2025-03-01T11:00:00Z"))).isEmpty();
  }

  @Test
  void aRequestNeverHandledIsPending() {
    assertThat(WarehouseWake.pending(requested(REQUESTED, null)))
        .contains(Instant.parse(REQUESTED));
  }

  @Test
  void aRequestNewerThanTheLastHandledIsPending() {
    assertThat(WarehouseWake.pending(requested(REQUESTED, "2025-03-01T11:59:00Z")))
        .contains(Instant.parse(REQUESTED));
  }

  @Test
  void theRequestLastHandledOrAnOlderOneIsNotPending() {
    assertThat(WarehouseWake.pending(requested(REQUESTED, REQUESTED))).isEmpty();
    assertThat(WarehouseWake.pending(requested(REQUESTED, "2025-03-01T12:01:00Z"))).isEmpty();
  }

  @Test
  void aRequestWithAnOffsetOrFractionIsReadAsTheSameInstant() {
    assertThat(WarehouseWake.pending(requested("2025-03-01T13:00:05+01:00", null)))
        .contains(Instant.parse(REQUESTED));
    assertThat(WarehouseWake.pending(requested("2025-03-01T12:00:05.250Z", REQUESTED)))
        .contains(Instant.parse("2025-03-01T12:00:05.250Z"));
  }

  @Test
  void aValueThatIsNoTimeWakesNothing() {
    assertThat(WarehouseWake.pending(requested("soon", null))).isEmpty();
  }
}
