package dev.lakehouse.operator.cluster;

import java.time.Duration;
import java.time.Instant;

/** When an idle Cluster stops by itself. */
public final class AutoTermination {
  private AutoTermination() {}

  /**
   * True when auto-termination is on and the engine has been idle for at least the configured
   * minutes.
   */
  public static boolean idleTooLong(Integer minutes, Instant lastActivity, Instant now) {
    if (minutes == null || minutes <= 0 || lastActivity == null) {
      return false;
    }
    return !Duration.between(lastActivity, now).minusMinutes(minutes).isNegative();
  }

  /** How long until the Cluster would stop if nothing happens, for the next check. */
  public static Duration remaining(Integer minutes, Instant lastActivity, Instant now) {
    if (minutes == null || minutes <= 0 || lastActivity == null) {
      return Duration.ofMinutes(5);
    }
    Duration left = Duration.between(now, lastActivity.plus(Duration.ofMinutes(minutes)));
    return left.isNegative() ? Duration.ZERO : left;
  }
}
