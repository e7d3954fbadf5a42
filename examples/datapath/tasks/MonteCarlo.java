package dev.lakehouse.examples;

/** The library jar of the pi task (libraries: jar): a point of the unit square, from its index. */
public final class MonteCarlo {
  private MonteCarlo() {}

  /** Whether the i-th point of a fixed pseudo-random sequence falls inside the unit circle. */
  public static boolean inside(long i) {
    long h = i * 0x9E3779B97F4A7C15L;
    double x = ((h >>> 11) & 0xFFFFF) / (double) 0x100000;
    double y = ((h >>> 33) & 0xFFFFF) / (double) 0x100000;
    return x * x + y * y <= 1.0;
  }
}
