package dev.lakehouse.autoscaler.model;

/**
 * Where a unit of capacity (a Cluster's worker, or a Warehouse's member cluster) is in its life.
 */
public enum UnitPhase {
  /** Requested and billed, not yet able to run work (pod scheduling, image pull, JVM start). */
  STARTING,
  /** Accepting work. */
  READY,
  /** Told to leave: accepts no new work, finishes what it runs, then goes. Still billed. */
  DECOMMISSIONING
}
