package dev.lakehouse.autoscaler.sim;

import java.util.List;

/**
 * Counts flaps: an action whose direction reverses the previous action's within a horizon (10
 * minutes).
 */
public final class FlapCounter {
  public static final long FLAP_HORIZON_MS = 600_000L;

  private FlapCounter() {}

  public static int flaps(List<ScalingAct> acts) {
    return count(acts, null);
  }

  /** Flaps whose two actions both fall inside the same one of {@code segments}. */
  public static int flapsWithin(List<ScalingAct> acts, List<Segment> segments) {
    return count(acts, segments);
  }

  private static int count(List<ScalingAct> acts, List<Segment> segments) {
    int flaps = 0;
    ScalingAct previous = null;
    for (ScalingAct a : acts) {
      if (a.direction() == 0) {
        continue;
      }
      if (previous != null
          && previous.direction() == -a.direction()
          && a.atMs() - previous.atMs() <= FLAP_HORIZON_MS
          && (segments == null || sameSegment(previous.atMs(), a.atMs(), segments))) {
        flaps++;
      }
      previous = a;
    }
    return flaps;
  }

  private static boolean sameSegment(long a, long b, List<Segment> segments) {
    for (Segment s : segments) {
      if (s.contains(a) && s.contains(b)) {
        return true;
      }
    }
    return false;
  }
}
