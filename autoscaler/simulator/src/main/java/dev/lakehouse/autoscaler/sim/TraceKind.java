package dev.lakehouse.autoscaler.sim;

/**
 * Whether a trace drives a Cluster (tasks on workers) or a Warehouse (queries on member clusters).
 */
public enum TraceKind {
  CLUSTER,
  WAREHOUSE
}
