package dev.lakehouse.operator.engine.load.spark;

import java.time.Instant;
import java.util.List;

/**
 * The load of one Cluster's Spark engine at one instant, as the engine reports it: its registered
 * workers and the tasks of the running application's active stages. Pod phases come from
 * Kubernetes, not from here.
 *
 * @param observedAt when these numbers were read
 * @param workers workers registered with the standalone master, with the cores they use
 * @param runningTasks tasks running now (active stages)
 * @param pendingTasks tasks of active stages not yet running: the backlog
 * @param meanTaskMillis mean run time of the completed tasks of the active stages; 0 while none has
 *     completed
 * @param lastActivity last time a job ran or finished, or null when nothing ran yet
 */
public record SparkLoad(
    Instant observedAt,
    List<SparkWorkerLoad> workers,
    int runningTasks,
    int pendingTasks,
    long meanTaskMillis,
    Instant lastActivity) {

  public SparkLoad {
    workers = List.copyOf(workers);
  }

  /**
   * One worker as the master sees it.
   *
   * @param host the address it registered with (the pod IP in Kubernetes)
   * @param cores cores it offers
   * @param coresUsed cores its executors use now: running tasks
   * @param state ALIVE, DECOMMISSIONED, DEAD...
   */
  public record SparkWorkerLoad(String host, int cores, int coresUsed, String state) {}
}
