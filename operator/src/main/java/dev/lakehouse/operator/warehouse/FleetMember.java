package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.operator.kube.Conditions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One cluster of a Warehouse's fleet as observed.
 *
 * @param drainingSince when the operator told it to drain, empty while it takes new connections
 */
public record FleetMember(Cluster cluster, int index, Optional<Instant> drainingSince) {
  /** Marks a cluster that takes no new connections; its value is when draining began. */
  public static final String DRAINING = "lakehouse.dev/draining";

  public static FleetMember of(Cluster cluster) {
    return new FleetMember(
        cluster, WarehouseFleet.indexOf(cluster.getMetadata().getName()), drainingSince(cluster));
  }

  public String name() {
    return cluster.getMetadata().getName();
  }

  public boolean ready() {
    return cluster.getStatus() != null
        && Conditions.isTrue(cluster.getStatus().conditions, ConditionType.Ready);
  }

  public boolean draining() {
    return drainingSince.isPresent();
  }

  public boolean deleting() {
    return cluster.getMetadata().getDeletionTimestamp() != null;
  }

  /** Ready, not draining, not being deleted: the gateway sends it new connections. */
  public boolean routable() {
    return ready() && !draining() && !deleting();
  }

  /** When its Ready condition last turned true, if it is ready. */
  public Optional<Instant> readySince() {
    if (!ready()) {
      return Optional.empty();
    }
    return cluster.getStatus().conditions.stream()
        .filter(c -> ConditionType.Ready.name().equals(c.type))
        .findFirst()
        .flatMap(c -> parse(c.lastTransitionTime));
  }

  public Instant createdAt() {
    return parse(cluster.getMetadata().getCreationTimestamp()).orElse(Instant.EPOCH);
  }

  private static Optional<Instant> drainingSince(Cluster cluster) {
    var annotations = cluster.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(DRAINING)) {
      return Optional.empty();
    }
    // A value that is not a time still drains; it counts from the epoch, so its timeout is over.
    return Optional.of(parse(annotations.get(DRAINING)).orElse(Instant.EPOCH));
  }

  private static Optional<Instant> parse(String time) {
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
