package dev.lakehouse.autoscaler.model;

import java.util.List;

/**
 * What the metrics source reports about one Cluster at one instant. The operator's adapter fills it
 * from the workers' pods and the Spark driver (standalone Master and the application's stage
 * metrics).
 *
 * @param observedAtMs when these numbers were taken, epoch ms; old numbers are not acted on
 * @param slotsPerWorker task slots (cores) of one worker
 * @param desiredWorkers the worker count currently asked of the platform (the scale subresource);
 *     units asked for but not yet visible as pods count as starting
 * @param workers every worker pod with its phase and running tasks
 * @param runningTasks tasks running now
 * @param pendingTasks tasks of submitted stages not yet running (the backlog)
 * @param meanTaskMillis mean run time of the tasks completed so far in the active stages; 0 when
 *     none has completed yet (Spark's stage metrics: executorRunTime / numCompleteTasks)
 * @param activeSessions Spark Connect sessions open
 * @param runningQueries SQL queries running (a Warehouse member cluster)
 * @param queuedQueries SQL queries waiting
 * @param lastActivityMs last time a task, query or session was seen, epoch ms
 */
public record ClusterMetrics(
    long observedAtMs,
    int slotsPerWorker,
    int desiredWorkers,
    List<CapacityUnit> workers,
    int runningTasks,
    int pendingTasks,
    long meanTaskMillis,
    int activeSessions,
    int runningQueries,
    int queuedQueries,
    long lastActivityMs) {

  public ClusterMetrics {
    if (slotsPerWorker <= 0) {
      throw new IllegalArgumentException("slotsPerWorker must be > 0, was " + slotsPerWorker);
    }
    if (runningTasks < 0 || pendingTasks < 0) {
      throw new IllegalArgumentException("task counts must be >= 0");
    }
    workers = List.copyOf(workers);
  }

  public int readyWorkers() {
    return UnitCounts.count(workers, UnitPhase.READY);
  }

  public int startingWorkers() {
    return UnitCounts.count(workers, UnitPhase.STARTING);
  }

  public int decommissioningWorkers() {
    return UnitCounts.count(workers, UnitPhase.DECOMMISSIONING);
  }
}
