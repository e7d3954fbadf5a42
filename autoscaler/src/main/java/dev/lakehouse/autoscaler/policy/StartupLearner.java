package dev.lakehouse.autoscaler.policy;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.state.ScalerState;

/**
 * Learns how long a unit takes from request to ready (pod creation to Ready condition) from the
 * units that became ready since the last evaluation, as a moving average. Units that existed before
 * the first evaluation are not sampled: their history is unknown.
 */
public final class StartupLearner {
  private StartupLearner() {}

  public static ScalerState observe(ScalerState state, Iterable<CapacityUnit> units) {
    if (state.lastDecisionAtMs() == ScalerState.UNSET) {
      return state;
    }
    long learned = state.learnedStartupMs();
    for (CapacityUnit u : units) {
      long ready = u.readyAtMs();
      if (ready > state.lastDecisionAtMs() && ready > u.requestedAtMs()) {
        long sample = ready - u.requestedAtMs();
        learned = learned == 0 ? sample : (3 * learned + sample) / 4;
      }
    }
    return learned == state.learnedStartupMs() ? state : state.withLearnedStartup(learned);
  }

  /** The learned delay, or {@code assumedMs} until one start was seen. */
  public static long expectedStartupMs(ScalerState state, long assumedMs) {
    return state.learnedStartupMs() > 0 ? state.learnedStartupMs() : assumedMs;
  }
}
