package dev.lakehouse.operator.warehouse;

/**
 * The query load of one cluster's SQL endpoint, as its load endpoint ({@code GET /load} on port
 * 10002) reports it.
 *
 * @param sessions open JDBC sessions
 * @param running statements executing now
 * @param queued statements waiting for a slot
 * @param oldestQueuedWaitMs how long the oldest queued statement has waited; 0 when none waits
 * @param recentArrivals statements that arrived within {@code arrivalWindowMs}
 * @param meanQueryMillis mean run time of recently completed statements; 0 when none completed
 * @param lastActivityMs epoch ms of the last arrival or completion; 0 when never
 */
public record SqlLoad(
    int sessions,
    int running,
    int queued,
    long oldestQueuedWaitMs,
    int recentArrivals,
    long arrivalWindowMs,
    long meanQueryMillis,
    long lastActivityMs) {

  /** The window Spark's listener counts arrivals over, when the report leaves it out. */
  public static final long DEFAULT_ARRIVAL_WINDOW_MS = 60_000;
}
