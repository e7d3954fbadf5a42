package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.v1alpha1.Warehouse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The gateway's wake request: it annotates the Warehouse with the time a connection found no
 * cluster to take it (rate-limited by the gateway). The operator, not the gateway, changes the
 * fleet; the request is pending until {@code status.lastWakeTime} records it.
 */
public final class WarehouseWake {
  public static final String ANNOTATION = "lakehouse.dev/wake-requested-at";

  private WarehouseWake() {}

  /** The wake request not yet handled, if any. */
  public static Optional<Instant> pending(Warehouse warehouse) {
    Optional<Instant> requested = requested(warehouse);
    Optional<Instant> handled =
        Optional.ofNullable(warehouse.getStatus())
            .map(s -> s.lastWakeTime)
            .flatMap(WarehouseWake::parse);
    return requested.filter(r -> handled.isEmpty() || r.isAfter(handled.get()));
  }

  static Optional<Instant> requested(Warehouse warehouse) {
    var annotations = warehouse.getMetadata().getAnnotations();
    return annotations == null ? Optional.empty() : parse(annotations.get(ANNOTATION));
  }

  static Optional<Instant> parse(String time) {
    if (time == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
