package dev.lakehouse.autoscaler.oracle;

import dev.lakehouse.autoscaler.sim.FlapCounter;
import dev.lakehouse.autoscaler.sim.ScalingAct;
import java.util.List;

/**
 * The oracle's schedule: its cost, the work it carries, and its switch points (for actions and
 * flaps).
 *
 * @param unitMs billed unit time of the optimal schedule
 * @param busySlotMs slot time spent on work
 * @param acts the schedule's size changes
 */
public record OracleResult(long unitMs, long busySlotMs, List<ScalingAct> acts) {
  public OracleResult {
    acts = List.copyOf(acts);
  }

  public int flaps() {
    return FlapCounter.flaps(acts);
  }
}
