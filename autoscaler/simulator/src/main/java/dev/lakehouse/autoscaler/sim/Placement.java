package dev.lakehouse.autoscaler.sim;

/** How work is placed on units with free slots. */
public enum Placement {
  /**
   * Spark's task scheduler shuffles executor offers, so tasks spread: a random unit with a free
   * slot.
   */
  SPREAD_RANDOM,
  /** A query router sends a query to the least busy member cluster. */
  LEAST_LOADED
}
