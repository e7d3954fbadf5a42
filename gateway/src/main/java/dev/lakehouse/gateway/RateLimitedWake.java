package dev.lakehouse.gateway;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets a wake request through at most once per interval, however many connections are waiting: one
 * annotation patch (or wake file write) wakes the Warehouse, a flood of them only loads the API
 * server.
 */
final class RateLimitedWake {
  static final Duration INTERVAL = Duration.ofSeconds(10);

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Runnable wake;
  private boolean fired;
  private long lastFiredAt;

  /**
   * @param nanoClock a monotonic clock (System::nanoTime; tests pass their own)
   * @param wake what a request that gets through runs; must not block
   */
  RateLimitedWake(Duration interval, LongSupplier nanoClock, Runnable wake) {
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    this.wake = wake;
  }

  /** Fires the wake unless one fired within the interval; returns whether it fired. */
  boolean request() {
    synchronized (this) {
      long now = nanoClock.getAsLong();
      if (fired && now - lastFiredAt < intervalNanos) {
        return false;
      }
      fired = true;
      lastFiredAt = now;
    }
    wake.run();
    return true;
  }
}
