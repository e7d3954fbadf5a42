package dev.lakehouse.autoscaler.model;

import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one policy evaluation: what to do, why, the numbers behind it (for events and
 * logs), and the state to remember for the next evaluation.
 *
 * <p>A decision either adds units (desired &gt; current, nobody named), removes the named units
 * (desired = current - named), or holds. Only the policy chooses which units go.
 *
 * @param action hold, scale up or scale down
 * @param currentUnits units counted as capacity when deciding (ready + starting, not leaving)
 * @param desiredUnits units wanted after this decision
 * @param decommission names of the units to decommission (scale-down only), in the order they
 *     should go
 * @param reason why
 * @param message one line for a person
 * @param numbers the inputs and estimates behind the decision, units in the key names
 * @param nextState what to persist for the next evaluation
 */
public record ScalingDecision(
    ScalingAction action,
    int currentUnits,
    int desiredUnits,
    List<String> decommission,
    Reason reason,
    String message,
    Map<String, Long> numbers,
    ScalerState nextState) {

  public ScalingDecision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(nextState, "nextState");
    decommission = List.copyOf(decommission);
    numbers = Map.copyOf(numbers == null ? Map.of() : numbers);
    message = message == null ? "" : message;
    switch (action) {
      case SCALE_UP -> {
        if (desiredUnits <= currentUnits || !decommission.isEmpty()) {
          throw new IllegalArgumentException(
              "scale-up must raise the size and name nobody: "
                  + currentUnits
                  + " -> "
                  + desiredUnits
                  + " "
                  + decommission);
        }
      }
      case SCALE_DOWN -> {
        if (decommission.isEmpty() || desiredUnits != currentUnits - decommission.size()) {
          throw new IllegalArgumentException(
              "scale-down must name exactly the units that go: "
                  + currentUnits
                  + " -> "
                  + desiredUnits
                  + " "
                  + decommission);
        }
      }
      case HOLD -> {
        if (!decommission.isEmpty()) {
          throw new IllegalArgumentException("hold names nobody");
        }
      }
    }
  }

  /** Whether applying this decision changes anything on the platform. */
  public boolean changesSize() {
    return action != ScalingAction.HOLD;
  }

  /** Numbers in a stable order (sorted by name), for deterministic logs and event messages. */
  public Map<String, Long> sortedNumbers() {
    Map<String, Long> sorted = new LinkedHashMap<>();
    numbers.keySet().stream().sorted().forEach(k -> sorted.put(k, numbers.get(k)));
    return sorted;
  }

  /** One line for an event or a log: reason, sizes and the numbers behind it. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(reason).append(": ").append(currentUnits).append(" -> ").append(desiredUnits);
    if (!decommission.isEmpty()) {
      sb.append(" decommission ").append(decommission);
    }
    if (!message.isEmpty()) {
      sb.append(" (").append(message).append(')');
    }
    sortedNumbers().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }
}
