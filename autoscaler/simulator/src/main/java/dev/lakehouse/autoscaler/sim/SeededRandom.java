package dev.lakehouse.autoscaler.sim;

import java.util.SplittableRandom;

/**
 * Random numbers that are the same on every run and every JVM: SplitMix64 from a seed, and
 * distributions computed with {@link StrictMath} (bit-reproducible, unlike {@link Math}).
 */
public final class SeededRandom {
  private final SplittableRandom random;

  public SeededRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public double nextDouble() {
    return random.nextDouble();
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Uniform in [from, to]. */
  public long uniform(long from, long to) {
    return from + random.nextLong(to - from + 1);
  }

  /** Exponential with the given mean (inter-arrival times of a Poisson process). */
  public double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - random.nextDouble());
  }

  /** Standard normal (Box-Muller). */
  public double gaussian() {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Log-normal given its median and the sigma of the underlying normal. */
  public double lognormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian());
  }

  /** 1 + geometric(p) capped at {@code max}: the number of trials until the first success. */
  public int geometric(double p, int max) {
    int n = 1;
    while (n < max && random.nextDouble() >= p) {
      n++;
    }
    return n;
  }
}
