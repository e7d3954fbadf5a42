package dev.lakehouse.autoscaler.sim.workload;

/** Minutes of a workload's timeline, scaled for short test runs. */
final class Minutes {
  private Minutes() {}

  static long min(double minutes, double timeScale) {
    return Math.round(minutes * 60_000 * timeScale);
  }
}
