package dev.lakehouse.autoscaler.policy.cluster;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.UnitPhase;
import dev.lakehouse.autoscaler.policy.CapacityView;

/**
 * How many pending tasks would still be waiting when a worker requested now becomes ready. Only
 * those tasks justify new workers: the rest will have started on the capacity that is there or
 * already on its way, so workers for them would arrive to find nothing to do.
 *
 * @param pendingTasks the backlog now
 * @param startableTasks tasks that ready and starting capacity will have started within one startup
 *     delay
 * @param residualTasks pending minus startable (may be negative)
 * @param durationKnown whether task durations of the active stages were known
 */
public record BacklogEstimate(
    int pendingTasks, long startableTasks, long residualTasks, boolean durationKnown) {

  /**
   * @param capacity ready and starting workers that are not leaving
   * @param slotsPerWorker task slots per worker
   * @param pendingTasks the backlog
   * @param meanTaskMillis mean task duration of the active stages, 0 if unknown; unknown durations
   *     are treated as longer than a startup (no slot frees up before new workers arrive)
   * @param startupMs expected provisioning delay
   * @param drainMs how long the backlog may take on capacity already there (at most startupMs)
   * @param nowMs now, to know how far along starting workers are
   */
  public static BacklogEstimate of(
      CapacityView capacity,
      int slotsPerWorker,
      int pendingTasks,
      long meanTaskMillis,
      long startupMs,
      long drainMs,
      long nowMs) {
    long startable = capacity.freeReadySlots(slotsPerWorker);
    boolean known = meanTaskMillis > 0;
    for (CapacityUnit u : capacity.activeUnitsList()) {
      if (u.phase() == UnitPhase.READY) {
        if (known) {
          // A busy or freed slot starts about drain/mean tasks within the drain time.
          startable += (long) slotsPerWorker * drainMs / meanTaskMillis;
        }
      } else {
        long readyIn = Math.max(0, u.requestedAtMs() + startupMs - nowMs);
        long useful = drainMs - readyIn;
        startable += slotsPerWorker;
        if (known && useful > 0) {
          startable += (long) slotsPerWorker * useful / meanTaskMillis;
        }
      }
    }
    startable += (long) capacity.invisibleStarting() * slotsPerWorker;
    return new BacklogEstimate(pendingTasks, startable, pendingTasks - startable, known);
  }
}
