package dev.lakehouse.operator.kube;

import dev.lakehouse.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a resource's conditions, keeping a condition's transition time while its status does not
 * change.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private final List<Condition> previous;
  private final List<Condition> next = new ArrayList<>();
  private final long generation;
  private final Instant now;

  public Conditions(List<Condition> previous, long generation, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Sets a condition; returns this for chaining. */
  public Conditions set(String type, boolean status, String reason, String message) {
    String value = status ? TRUE : FALSE;
    String since =
        find(previous, type)
            .filter(c -> value.equals(c.status))
            .map(c -> c.lastTransitionTime)
            .orElse(now.toString());
    next.removeIf(c -> c.type.equals(type));
    next.add(new Condition(type, value, reason, message, generation, since));
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(next);
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(c.type, type)).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.status)).orElse(false);
  }
}
