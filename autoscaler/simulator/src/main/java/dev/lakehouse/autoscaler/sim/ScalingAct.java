package dev.lakehouse.autoscaler.sim;

/** One scaling action as seen by the platform: when, and the active size before and after. */
public record ScalingAct(long atMs, int from, int to) {
  public int direction() {
    return Integer.signum(to - from);
  }
}
