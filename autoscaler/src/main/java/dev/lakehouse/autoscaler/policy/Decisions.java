package dev.lakehouse.autoscaler.policy;

import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingAction;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.state.PendingScaleDown;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds decisions and records them in the state, so every policy remembers them the same way. */
public final class Decisions {
  private Decisions() {}

  public static ScalingDecision hold(
      ScalerState state,
      long nowMs,
      int units,
      Reason reason,
      String message,
      Map<String, Long> numbers) {
    return new ScalingDecision(
        ScalingAction.HOLD,
        units,
        units,
        List.of(),
        reason,
        message,
        numbers,
        state.withDecisionAt(nowMs, reason.name()));
  }

  public static ScalingDecision scaleUp(
      ScalerState state,
      long nowMs,
      int from,
      int to,
      Reason reason,
      String message,
      Map<String, Long> numbers) {
    ScalerState next =
        state.withDecisionAt(nowMs, reason.name()).withResize(nowMs, from, to, reason.name());
    return new ScalingDecision(
        ScalingAction.SCALE_UP, from, to, List.of(), reason, message, numbers, next);
  }

  /**
   * @param pending the scale-downs already remembered; the named units are added to them
   */
  public static ScalingDecision scaleDown(
      ScalerState state,
      long nowMs,
      int from,
      List<String> names,
      List<PendingScaleDown> pending,
      Reason reason,
      String message,
      Map<String, Long> numbers) {
    List<PendingScaleDown> all = new ArrayList<>(pending);
    for (String n : names) {
      if (all.stream().noneMatch(p -> p.unit().equals(n))) {
        all.add(new PendingScaleDown(n, nowMs));
      }
    }
    int to = from - names.size();
    ScalerState next =
        state
            .withDecisionAt(nowMs, reason.name())
            .withResize(nowMs, from, to, reason.name())
            .withPendingScaleDowns(all);
    return new ScalingDecision(
        ScalingAction.SCALE_DOWN, from, to, names, reason, message, numbers, next);
  }

  /** The size last asked for, for decisions taken without metrics. */
  public static int lastKnownUnits(ScalerState state) {
    return Math.max(0, state.lastDesiredUnits());
  }

  public static int ceilDiv(long a, long b) {
    return (int) Math.max(0, (a + b - 1) / b);
  }
}
