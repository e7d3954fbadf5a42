package dev.lakehouse.autoscaler.policy.warehouse;

import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import dev.lakehouse.autoscaler.policy.CapacityView;
import dev.lakehouse.autoscaler.policy.Decisions;
import dev.lakehouse.autoscaler.policy.DecommissionOrder;
import dev.lakehouse.autoscaler.policy.PendingScaleDowns;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.policy.StartupLearner;
import dev.lakehouse.autoscaler.state.PeakWindow;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The member-cluster policy of a Warehouse.
 *
 * <ul>
 *   <li>Out: to the clusters that the expected work needs ({@link QueryLoadEstimate}); always at
 *       least one more when a query has waited longer than the bound.
 *   <li>In: after the need has stayed below the size for the low-load window, down to the highest
 *       need of the peak window, never below min while running.
 *   <li>Stop: every member cluster goes after the auto-stop time without a query; the first query
 *       starts it again.
 *   <li>Missing or stale metrics hold the size (and never stop the warehouse).
 * </ul>
 */
public final class WarehousePolicy implements ScalingPolicy<WarehouseMetrics> {
  static final long PEAK_BUCKET_MS = 60_000L;

  private final WarehousePolicyConfig config;

  public WarehousePolicy(WarehousePolicyConfig config) {
    this.config = config;
  }

  public WarehousePolicyConfig config() {
    return config;
  }

  @Override
  public ScalingDecision decide(WarehouseMetrics m, ScalerState state, long nowMs) {
    int known = Decisions.lastKnownUnits(state);
    if (m == null) {
      return Decisions.hold(
          state,
          nowMs,
          known,
          Reason.METRICS_MISSING,
          "no metrics from the warehouse; keeping the size",
          Map.of());
    }
    long ageMs = nowMs - m.observedAtMs();
    if (ageMs > config.staleAfterMs()) {
      return Decisions.hold(
          state,
          nowMs,
          Math.max(known, m.desiredClusters()),
          Reason.METRICS_STALE,
          "metrics are too old to act on; keeping the size",
          Map.of("metricsAgeMs", ageMs));
    }
    ScalerState s = StartupLearner.observe(state, m.clusters());
    PendingScaleDowns pending = PendingScaleDowns.reconcile(s.pendingScaleDowns(), m.clusters());
    s = s.withPendingScaleDowns(pending.stillPending());
    CapacityView cap = CapacityView.of(m.clusters(), m.desiredClusters(), pending.names());
    int active = cap.activeUnits();
    long startupMs = StartupLearner.expectedStartupMs(s, config.assumedStartupMs());
    QueryLoadEstimate load =
        QueryLoadEstimate.of(
            m, active, config.staffingMargin(), startupMs, config.assumedQueryMillis());

    Map<String, Long> numbers = new LinkedHashMap<>();
    numbers.put("readyClusters", (long) cap.ready());
    numbers.put("startingClusters", (long) cap.starting());
    numbers.put("runningQueries", (long) m.runningQueries());
    numbers.put("queuedQueries", (long) m.queuedQueries());
    numbers.put("oldestQueuedWaitMs", m.oldestQueuedWaitMs());
    numbers.put("recentArrivals", (long) m.recentArrivals());
    numbers.put("meanQueryMs", m.meanQueryMillis());
    numbers.put("offeredLoadMilli", load.offeredLoadMilli());
    numbers.put("neededClusters", (long) load.neededClusters());
    numbers.put("startupMs", startupMs);

    if (!pending.notYetLeaving().isEmpty()) {
      return Decisions.scaleDown(
          s.withoutLowLoad(),
          nowMs,
          active + pending.notYetLeaving().size(),
          pending.notYetLeaving(),
          s.pendingScaleDowns(),
          Reason.RESUME_DECOMMISSION,
          "finishing a scale-in decided earlier",
          numbers);
    }
    boolean idle = m.runningQueries() == 0 && m.queuedQueries() == 0;
    if (active == 0) {
      if (m.queuedQueries() > 0) {
        int target = config.clamp(Math.max(1, load.neededClusters()));
        return Decisions.scaleUp(
            s.withoutLowLoad(),
            nowMs,
            0,
            target,
            Reason.START_ON_DEMAND,
            "a query arrived while stopped",
            numbers);
      }
      return Decisions.hold(s.withoutLowLoad(), nowMs, 0, Reason.STOPPED, "", numbers);
    }
    long idleForMs = nowMs - m.lastActivityMs();
    // A cluster still starting was asked for by a query (a wake): the stop waits until it is up.
    List<String> all = DecommissionOrder.pick(cap.activeUnitsList(), cap.activeUnitsList().size());
    if (idle
        && config.autoStopMs() > 0
        && idleForMs >= config.autoStopMs()
        && cap.starting() == 0
        && !all.isEmpty()) {
      numbers.put("idleForMs", idleForMs);
      return Decisions.scaleDown(
          s.withoutLowLoad(),
          nowMs,
          all.size(),
          all,
          s.pendingScaleDowns(),
          Reason.AUTO_STOP,
          "no query for " + idleForMs / 60_000 + " min",
          numbers);
    }
    if (active < config.minClusters()) {
      return Decisions.scaleUp(
          s.withoutLowLoad(),
          nowMs,
          active,
          config.minClusters(),
          Reason.BELOW_MIN,
          "below the minimum of " + config.minClusters(),
          numbers);
    }
    if (active > config.maxClusters()) {
      List<String> names =
          DecommissionOrder.pick(cap.activeUnitsList(), active - config.maxClusters());
      if (!names.isEmpty()) {
        return Decisions.scaleDown(
            s.withoutLowLoad(),
            nowMs,
            active,
            names,
            s.pendingScaleDowns(),
            Reason.ABOVE_MAX,
            "above the maximum of " + config.maxClusters(),
            numbers);
      }
    }

    int needed = config.clamp(load.neededClusters());
    Reason upReason = Reason.EXPECTED_WORK;
    // The wait bound adds one cluster at a time, and only for waiting on capacity that is up: a
    // cluster
    // already starting will take the queue, and queries that waited through a cold start are not a
    // sign
    // of too few clusters.
    long waitedOnReadyMs = Math.min(m.oldestQueuedWaitMs(), nowMs - latestReadyAt(m));
    if (waitedOnReadyMs > config.maxQueueWaitMs() && needed <= active && cap.starting() == 0) {
      needed = config.clamp(active + 1);
      upReason = Reason.QUEUE_WAIT_BOUND;
    }
    // The minimum needs no remembering (it is the floor anyway): an idle Warehouse at its minimum
    // records nothing, so its state, and the status that stores it, stop changing.
    s =
        s.withRecentPeaks(
            PeakWindow.record(
                s.recentPeaks(),
                nowMs,
                needed > config.minClusters() ? needed : 0,
                PEAK_BUCKET_MS,
                config.peakWindowMs() + PEAK_BUCKET_MS));
    if (needed > active) {
      return Decisions.scaleUp(
          s.withoutLowLoad(),
          nowMs,
          active,
          needed,
          upReason,
          "expected work needs " + needed + " clusters",
          numbers);
    }
    if (needed == active) {
      return Decisions.hold(s.withoutLowLoad(), nowMs, active, Reason.STEADY, "", numbers);
    }
    long since = s.inLowLoad() ? s.lowLoadSinceMs() : nowMs;
    ScalerState low = s.withLowLoad(since);
    long lowForMs = nowMs - since;
    numbers.put("lowLoadForMs", lowForMs);
    if (lowForMs < config.lowLoadWindowMs()) {
      return Decisions.hold(low, nowMs, active, Reason.UNDERUTILIZED_WAITING, "", numbers);
    }
    int peak = PeakWindow.peak(s.recentPeaks(), nowMs, PEAK_BUCKET_MS, config.peakWindowMs());
    int floor = config.clamp(Math.max(peak, needed));
    numbers.put("recentPeakClusters", (long) peak);
    if (floor >= active) {
      return Decisions.hold(
          low, nowMs, active, Reason.PEAK_HOLD, "keeping capacity for the recent peak", numbers);
    }
    List<String> names = DecommissionOrder.pick(cap.activeUnitsList(), active - floor);
    if (names.isEmpty()) {
      return Decisions.hold(
          low, nowMs, active, Reason.PEAK_HOLD, "only invisible clusters to remove", numbers);
    }
    return Decisions.scaleDown(
        s.withLowLoad(nowMs),
        nowMs,
        active,
        names,
        s.pendingScaleDowns(),
        Reason.UNDERUTILIZED,
        "low load for " + lowForMs / 1000 + " s",
        numbers);
  }

  private static long latestReadyAt(WarehouseMetrics m) {
    long latest = Long.MIN_VALUE / 2;
    for (var c : m.clusters()) {
      latest = Math.max(latest, c.readyAtMs());
    }
    return latest;
  }
}
