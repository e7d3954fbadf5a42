package dev.lakehouse.autoscaler.policy.cluster;

/**
 * Settings of the Cluster policy. The operator builds one from the Cluster's spec.
 *
 * @param minWorkers never fewer workers than this
 * @param maxWorkers never more workers than this
 * @param kind interactive or job
 * @param underutilizationWindowMs how long at least one worker's worth of slots must stay unused
 *     before scaling down (150 s interactive, 40 s job)
 * @param staleAfterMs metrics older than this are not acted on
 * @param assumedStartupMs provisioning delay assumed until one start has been observed
 * @param unknownDurationGraceMs how long a backlog whose task durations are still unknown may wait
 *     before the policy assumes the tasks are long
 * @param decommissionCostMs expected time a removed worker stays billed (block migration, pod
 *     termination); part of the cost of giving a worker back
 * @param minHoldAfterScaleUpMs capacity added is kept at least this long (anti-flap)
 * @param scaleDownCooldownMs at least this long between two scale-downs
 * @param backlogDrainFraction share of a startup delay the backlog may take to drain on capacity
 *     that is there or starting before more workers are asked for (1.0: a backlog that starts
 *     within one startup delay adds no worker; 0: every task without a free or starting slot does)
 * @param flapGuardMs once the size has reversed direction within this long, capacity added is kept
 *     this long and scale-down keeps this long's peak (anti-flap damping)
 * @param oscillationMemoryMs how long a reversal keeps the damping on
 * @param persistentBacklogDrainRate a backlog that has persisted is evidence that work arrives
 *     faster than it drains: each millisecond of backlog age takes this many milliseconds off the
 *     drain budget ({@code startup * backlogDrainFraction})
 * @param minBacklogDrainFraction the drain budget never shrinks below this share of a startup delay
 */
public record ClusterPolicyConfig(
    int minWorkers,
    int maxWorkers,
    ClusterKind kind,
    long underutilizationWindowMs,
    long staleAfterMs,
    long assumedStartupMs,
    long unknownDurationGraceMs,
    long decommissionCostMs,
    long minHoldAfterScaleUpMs,
    long scaleDownCooldownMs,
    double backlogDrainFraction,
    long flapGuardMs,
    long oscillationMemoryMs,
    double persistentBacklogDrainRate,
    double minBacklogDrainFraction) {

  /**
   * A backlog of tasks whose durations are still unknown waits this long (one evaluation at the 2 s
   * requeue) before it is sized as long tasks: long enough to see the first tasks finish when they
   * are short, short enough that a burst on an idle cluster asks for workers almost as early as
   * Spark's own 1 s backlog timeout.
   */
  public static final long DEFAULT_UNKNOWN_DURATION_GRACE_MS = 2_000L;

  public ClusterPolicyConfig {
    if (minWorkers < 0 || maxWorkers < minWorkers) {
      throw new IllegalArgumentException(
          "need 0 <= minWorkers <= maxWorkers, got " + minWorkers + ".." + maxWorkers);
    }
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    if (underutilizationWindowMs < 0
        || staleAfterMs <= 0
        || assumedStartupMs < 0
        || unknownDurationGraceMs < 0
        || decommissionCostMs < 0
        || minHoldAfterScaleUpMs < 0
        || scaleDownCooldownMs < 0
        || backlogDrainFraction < 0
        || backlogDrainFraction > 1
        || flapGuardMs < 0
        || oscillationMemoryMs < 0
        || persistentBacklogDrainRate < 0
        || minBacklogDrainFraction < 0
        || minBacklogDrainFraction > backlogDrainFraction) {
      throw new IllegalArgumentException("durations must be >= 0 (staleAfterMs > 0)");
    }
  }

  /** The defaults for a Cluster of this kind between {@code min} and {@code max} workers. */
  public static ClusterPolicyConfig defaults(ClusterKind kind, int min, int max) {
    return new ClusterPolicyConfig(
        min,
        max,
        kind,
        kind.defaultUnderutilizationWindowMs(),
        60_000L,
        90_000L,
        DEFAULT_UNKNOWN_DURATION_GRACE_MS,
        15_000L,
        0L,
        30_000L,
        1.0,
        0L,
        1_800_000L,
        0.25,
        0.5);
  }

  public ClusterPolicyConfig withUnderutilizationWindowMs(long ms) {
    return new ClusterPolicyConfig(
        minWorkers,
        maxWorkers,
        kind,
        ms,
        staleAfterMs,
        assumedStartupMs,
        unknownDurationGraceMs,
        decommissionCostMs,
        minHoldAfterScaleUpMs,
        scaleDownCooldownMs,
        backlogDrainFraction,
        flapGuardMs,
        oscillationMemoryMs,
        persistentBacklogDrainRate,
        minBacklogDrainFraction);
  }

  public ClusterPolicyConfig withMinHoldAfterScaleUpMs(long ms) {
    return new ClusterPolicyConfig(
        minWorkers,
        maxWorkers,
        kind,
        underutilizationWindowMs,
        staleAfterMs,
        assumedStartupMs,
        unknownDurationGraceMs,
        decommissionCostMs,
        ms,
        scaleDownCooldownMs,
        backlogDrainFraction,
        flapGuardMs,
        oscillationMemoryMs,
        persistentBacklogDrainRate,
        minBacklogDrainFraction);
  }

  public ClusterPolicyConfig withUnknownDurationGraceMs(long ms) {
    return new ClusterPolicyConfig(
        minWorkers,
        maxWorkers,
        kind,
        underutilizationWindowMs,
        staleAfterMs,
        assumedStartupMs,
        ms,
        decommissionCostMs,
        minHoldAfterScaleUpMs,
        scaleDownCooldownMs,
        backlogDrainFraction,
        flapGuardMs,
        oscillationMemoryMs,
        persistentBacklogDrainRate,
        minBacklogDrainFraction);
  }

  public ClusterPolicyConfig withBacklogDrainFraction(double fraction) {
    return new ClusterPolicyConfig(
        minWorkers,
        maxWorkers,
        kind,
        underutilizationWindowMs,
        staleAfterMs,
        assumedStartupMs,
        unknownDurationGraceMs,
        decommissionCostMs,
        minHoldAfterScaleUpMs,
        scaleDownCooldownMs,
        fraction,
        flapGuardMs,
        oscillationMemoryMs,
        persistentBacklogDrainRate,
        Math.min(minBacklogDrainFraction, fraction));
  }

  /**
   * Drain budget shrinking with backlog age: {@code rate} ms per ms of age, never below {@code
   * minFraction}.
   */
  public ClusterPolicyConfig withPersistentBacklog(double rate, double minFraction) {
    return new ClusterPolicyConfig(
        minWorkers,
        maxWorkers,
        kind,
        underutilizationWindowMs,
        staleAfterMs,
        assumedStartupMs,
        unknownDurationGraceMs,
        decommissionCostMs,
        minHoldAfterScaleUpMs,
        scaleDownCooldownMs,
        backlogDrainFraction,
        flapGuardMs,
        oscillationMemoryMs,
        rate,
        minFraction);
  }

  /** How long the backlog may take on capacity already there, given how long it has persisted. */
  public long drainBudgetMs(long startupMs, long backlogAgeMs) {
    long budget =
        (long) (startupMs * backlogDrainFraction)
            - (long) (persistentBacklogDrainRate * backlogAgeMs);
    return Math.max((long) (startupMs * minBacklogDrainFraction), budget);
  }

  public ClusterPolicyConfig withFlapGuard(long guardMs, long memoryMs) {
    return new ClusterPolicyConfig(
        minWorkers,
        maxWorkers,
        kind,
        underutilizationWindowMs,
        staleAfterMs,
        assumedStartupMs,
        unknownDurationGraceMs,
        decommissionCostMs,
        minHoldAfterScaleUpMs,
        scaleDownCooldownMs,
        backlogDrainFraction,
        guardMs,
        memoryMs,
        persistentBacklogDrainRate,
        minBacklogDrainFraction);
  }

  public int clamp(int workers) {
    return Math.max(minWorkers, Math.min(maxWorkers, workers));
  }
}
