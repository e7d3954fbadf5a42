package dev.lakehouse.autoscaler.sim.workload;

import dev.lakehouse.autoscaler.sim.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrival times of a Poisson process with a time-varying rate, drawn by thinning (Lewis and
 * Shedler).
 */
public final class Arrivals {
  private Arrivals() {}

  /**
   * @param maxPerSecond an upper bound of {@code rate} over [fromMs, toMs)
   */
  public static List<Long> poisson(
      SeededRandom rnd, RateFunction rate, double maxPerSecond, long fromMs, long toMs) {
    List<Long> times = new ArrayList<>();
    if (maxPerSecond <= 0) {
      return times;
    }
    double meanGapMs = 1000.0 / maxPerSecond;
    double t = fromMs;
    while (true) {
      t += rnd.exponential(meanGapMs);
      if (t >= toMs) {
        return times;
      }
      long at = (long) t;
      double accept = rate.perSecond(at) / maxPerSecond;
      if (rnd.nextDouble() < accept) {
        times.add(at);
      }
    }
  }
}
