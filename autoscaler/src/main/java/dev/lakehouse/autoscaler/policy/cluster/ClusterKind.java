package dev.lakehouse.autoscaler.policy.cluster;

/** How a Cluster is used, which sets how patient scale-down is. */
public enum ClusterKind {
  /** All-purpose, people at notebooks and BI tools: pauses between commands are normal. */
  INTERACTIVE(150_000L),
  /** An ephemeral cluster running a Job: nobody is waiting to type the next command. */
  JOB(40_000L);

  private final long defaultUnderutilizationWindowMs;

  ClusterKind(long defaultUnderutilizationWindowMs) {
    this.defaultUnderutilizationWindowMs = defaultUnderutilizationWindowMs;
  }

  public long defaultUnderutilizationWindowMs() {
    return defaultUnderutilizationWindowMs;
  }
}
