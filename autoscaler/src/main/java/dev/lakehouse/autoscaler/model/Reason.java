package dev.lakehouse.autoscaler.model;

/**
 * Why a decision was taken. Names are stable: they become the reason of Kubernetes events and the
 * {@code lastReason} of the persisted state.
 */
public enum Reason {
  /** Metrics could not be read: keep the size. */
  METRICS_MISSING,
  /** Metrics are older than allowed: keep the size. */
  METRICS_STALE,
  /** Fewer units than the configured minimum. */
  BELOW_MIN,
  /** More units than the configured maximum. */
  ABOVE_MAX,
  /**
   * Pending tasks that the current and starting capacity cannot start before new workers would be
   * ready.
   */
  BACKLOG,
  /**
   * A backlog exists but current and starting capacity will absorb it: adding workers would not
   * help.
   */
  BACKLOG_DRAINS,
  /** Expected work (running, queued, arriving) needs more clusters. */
  EXPECTED_WORK,
  /** A query waited longer than the configured bound. */
  QUEUE_WAIT_BOUND,
  /** Capacity has been underused for the whole window. */
  UNDERUTILIZED,
  /** Underused, but the window has not elapsed yet. */
  UNDERUTILIZED_WAITING,
  /** Underused, but the recent peak or the anti-flap hold keeps the size. */
  PEAK_HOLD,
  /** Decommissions decided earlier (maybe before an operator restart) are re-issued. */
  RESUME_DECOMMISSION,
  /** No query for the auto-stop time: stop every member cluster. */
  AUTO_STOP,
  /** Stopped, and a query arrived: start. */
  START_ON_DEMAND,
  /** Stopped and nothing to do. */
  STOPPED,
  /** Size matches the load. */
  STEADY
}
