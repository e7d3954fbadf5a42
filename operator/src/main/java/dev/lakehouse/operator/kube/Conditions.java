package dev.lakehouse.operator.kube;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a resource's conditions, keeping a condition's transition time while its status does not
 * change. Progress is set through {@link #progressing}, which also sets kstatus's Reconciling, and
 * {@link #stalled} sets kstatus's Stalled, so GitOps tools read the same state as kubectl wait.
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

  /** Starts from every previous condition, for a status that changes only some of them. */
  public Conditions carryOver() {
    next.clear();
    next.addAll(previous);
    return this;
  }

  /** Sets a condition; returns this for chaining. */
  public Conditions set(ConditionType type, boolean status, Reason reason, String message) {
    String value = status ? TRUE : FALSE;
    String since =
        find(previous, type)
            .filter(c -> value.equals(c.status))
            .map(c -> c.lastTransitionTime)
            .orElse(now.toString());
    Condition condition =
        new Condition(type.name(), value, reason.name(), message, generation, since);
    int at = indexOf(type);
    if (at >= 0) {
      next.set(at, condition);
    } else {
      next.add(condition);
    }
    return this;
  }

  /** Progressing, and kstatus's Reconciling with it. */
  public Conditions progressing(boolean status, Reason reason, String message) {
    return set(ConditionType.Progressing, status, reason, message)
        .set(ConditionType.Reconciling, status, reason, message);
  }

  /** kstatus's Stalled: True while nothing changes until someone changes the spec or its inputs. */
  public Conditions stalled(boolean status, Reason reason, String message) {
    return set(ConditionType.Stalled, status, reason, message);
  }

  private int indexOf(ConditionType type) {
    for (int i = 0; i < next.size(); i++) {
      if (type.name().equals(next.get(i).type)) {
        return i;
      }
    }
    return -1;
  }

  public List<Condition> build() {
    return List.copyOf(next);
  }

  public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(c.type, type.name())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, ConditionType type) {
    return find(conditions, type).map(c -> TRUE.equals(c.status)).orElse(false);
  }

  /** Whether the condition is present with the given reason. */
  public static boolean hasReason(List<Condition> conditions, ConditionType type, Reason reason) {
    return find(conditions, type).map(c -> reason.name().equals(c.reason)).orElse(false);
  }
}
