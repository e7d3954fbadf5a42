package dev.lakehouse.autoscaler.sim.workload;

import dev.lakehouse.autoscaler.sim.Job;
import dev.lakehouse.autoscaler.sim.SeededRandom;

/**
 * Query run times: log-normal, most queries take seconds, a long tail takes minutes.
 *
 * @param medianMs median run time
 * @param sigma log-normal sigma
 * @param maxMs run time at most
 */
public record QueryShape(double medianMs, double sigma, int maxMs) {

  /** BI and ad-hoc SQL: median 2 s, mean about 4.7 s, 1 in 100 queries above about 40 s. */
  public static QueryShape analytics() {
    return new QueryShape(2_000, 1.3, 1_200_000);
  }

  public Job draw(SeededRandom rnd, long arriveAtMs) {
    int d = (int) Math.max(50, Math.min(maxMs, Math.round(rnd.lognormal(medianMs, sigma))));
    return Job.query(arriveAtMs, d);
  }

  /** Mean of the (uncapped) log-normal, for sizing. */
  public double meanMs() {
    return medianMs * StrictMath.exp(sigma * sigma / 2);
  }
}
