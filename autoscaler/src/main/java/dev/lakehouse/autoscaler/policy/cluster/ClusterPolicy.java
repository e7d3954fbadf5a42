package dev.lakehouse.autoscaler.policy.cluster;

import static dev.lakehouse.autoscaler.policy.Decisions.ceilDiv;

import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
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
 * The Spark-aware worker policy of a Cluster.
 *
 * <ul>
 *   <li>Up: only for the part of the pending-task backlog that the capacity already there or
 *       starting cannot start before a new worker would be ready; the whole shortfall is asked for
 *       in one decision (a second one may follow once task durations are known).
 *   <li>Down: only after at least one worker's worth of slots has stayed unused for the whole
 *       under-utilization window; then to the highest need seen in the trailing window, never below
 *       min, with a short cool-down between steps. Capacity that was fully used within one
 *       startup-plus-decommission time is kept, because giving it back and asking again would cost
 *       more than holding it (the ski-rental break-even).
 *   <li>Which workers go: starting ones, then idle ones, then the least busy (decommissioned
 *       gracefully).
 *   <li>Missing or stale metrics hold the size; nothing here ever goes below min.
 * </ul>
 */
public final class ClusterPolicy implements ScalingPolicy<ClusterMetrics> {
  /** Granularity of the remembered peaks. */
  static final long PEAK_BUCKET_MS = 10_000L;

  private final ClusterPolicyConfig config;

  public ClusterPolicy(ClusterPolicyConfig config) {
    this.config = config;
  }

  public ClusterPolicyConfig config() {
    return config;
  }

  @Override
  public ScalingDecision decide(ClusterMetrics m, ScalerState state, long nowMs) {
    int known = Decisions.lastKnownUnits(state);
    if (m == null) {
      return Decisions.hold(
          state,
          nowMs,
          known,
          Reason.METRICS_MISSING,
          "no metrics from the cluster; keeping the size",
          Map.of());
    }
    long ageMs = nowMs - m.observedAtMs();
    if (ageMs > config.staleAfterMs()) {
      return Decisions.hold(
          state,
          nowMs,
          Math.max(known, m.desiredWorkers()),
          Reason.METRICS_STALE,
          "metrics are too old to act on; keeping the size",
          Map.of("metricsAgeMs", ageMs));
    }

    ScalerState s = StartupLearner.observe(state, m.workers());
    PendingScaleDowns pending = PendingScaleDowns.reconcile(s.pendingScaleDowns(), m.workers());
    s = s.withPendingScaleDowns(pending.stillPending());
    CapacityView cap = CapacityView.of(m.workers(), m.desiredWorkers(), pending.names());
    int active = cap.activeUnits();
    int slots = m.slotsPerWorker();
    long startupMs = StartupLearner.expectedStartupMs(s, config.assumedStartupMs());
    int busyUnits = ceilDiv(m.runningTasks(), slots);
    boolean damped =
        config.flapGuardMs() > 0
            && s.reversedRecently(nowMs, config.flapGuardMs(), config.oscillationMemoryMs());
    long holdAfterUpMs =
        damped
            ? Math.max(config.minHoldAfterScaleUpMs(), config.flapGuardMs())
            : config.minHoldAfterScaleUpMs();
    long memoryMs = Math.max(holdAfterUpMs, startupMs + config.decommissionCostMs());
    s =
        s.withRecentPeaks(
            PeakWindow.record(
                s.recentPeaks(),
                nowMs,
                busyUnits,
                PEAK_BUCKET_MS,
                Math.max(
                        Math.max(memoryMs, config.flapGuardMs()), config.underutilizationWindowMs())
                    + PEAK_BUCKET_MS));
    s =
        m.pendingTasks() > 0
            ? (s.backlogSinceMs() == ScalerState.UNSET ? s.withBacklogSince(nowMs) : s)
            : s.withBacklogSince(ScalerState.UNSET);

    Map<String, Long> numbers = new LinkedHashMap<>();
    numbers.put("readyWorkers", (long) cap.ready());
    numbers.put("startingWorkers", (long) cap.starting());
    numbers.put("leavingWorkers", (long) cap.leaving());
    numbers.put("runningTasks", (long) m.runningTasks());
    numbers.put("pendingTasks", (long) m.pendingTasks());
    numbers.put("taskSlots", (long) active * slots);
    numbers.put("meanTaskMs", m.meanTaskMillis());
    numbers.put("startupMs", startupMs);

    if (!pending.notYetLeaving().isEmpty()) {
      // Named before (maybe before an operator restart) but never told to leave: tell them again.
      return Decisions.scaleDown(
          s.withoutLowLoad(),
          nowMs,
          active + pending.notYetLeaving().size(),
          pending.notYetLeaving(),
          s.pendingScaleDowns(),
          Reason.RESUME_DECOMMISSION,
          "finishing a scale-down decided earlier",
          numbers);
    }
    if (active < config.minWorkers()) {
      return Decisions.scaleUp(
          s.withoutLowLoad(),
          nowMs,
          active,
          config.minWorkers(),
          Reason.BELOW_MIN,
          "below the minimum of " + config.minWorkers(),
          numbers);
    }
    if (active > config.maxWorkers()) {
      List<String> names =
          DecommissionOrder.pick(cap.activeUnitsList(), active - config.maxWorkers());
      if (!names.isEmpty()) {
        return Decisions.scaleDown(
            s.withoutLowLoad(),
            nowMs,
            active,
            names,
            s.pendingScaleDowns(),
            Reason.ABOVE_MAX,
            "above the maximum of " + config.maxWorkers(),
            numbers);
      }
    }

    if (m.pendingTasks() > 0) {
      return decideOnBacklog(m, s, nowMs, cap, startupMs, numbers);
    }
    numbers.put("damped", damped ? 1L : 0L);
    return decideWithoutBacklog(m, s, nowMs, cap, busyUnits, memoryMs, holdAfterUpMs, numbers);
  }

  private ScalingDecision decideOnBacklog(
      ClusterMetrics m,
      ScalerState s,
      long nowMs,
      CapacityView cap,
      long startupMs,
      Map<String, Long> numbers) {
    int active = cap.activeUnits();
    int slots = m.slotsPerWorker();
    ScalerState busy = s.withoutLowLoad();
    long backlogAgeMs = nowMs - s.backlogSinceMs();
    numbers.put("backlogAgeMs", backlogAgeMs);
    if (m.meanTaskMillis() <= 0 && backlogAgeMs < config.unknownDurationGraceMs()) {
      return Decisions.hold(
          busy,
          nowMs,
          active,
          Reason.BACKLOG_DRAINS,
          "waiting to learn how long the new tasks run",
          numbers);
    }
    // A backlog that has persisted has not drained as estimated: work keeps arriving, so its drain
    // budget
    // shrinks with its age (down to a floor) and more of it counts as residual.
    long drainMs = config.drainBudgetMs(startupMs, Math.max(0, backlogAgeMs));
    numbers.put("drainBudgetMs", drainMs);
    BacklogEstimate e =
        BacklogEstimate.of(
            cap, slots, m.pendingTasks(), m.meanTaskMillis(), startupMs, drainMs, nowMs);
    numbers.put("startableTasks", e.startableTasks());
    numbers.put("residualTasks", e.residualTasks());
    if (e.residualTasks() <= 0 || active >= config.maxWorkers()) {
      String why =
          active >= config.maxWorkers()
              ? "at the maximum of " + config.maxWorkers()
              : "the backlog starts on current and starting workers before new ones could be ready";
      return Decisions.hold(busy, nowMs, active, Reason.BACKLOG_DRAINS, why, numbers);
    }
    int target = config.clamp(active + ceilDiv(e.residualTasks(), slots));
    return Decisions.scaleUp(
        busy,
        nowMs,
        active,
        target,
        Reason.BACKLOG,
        e.residualTasks() + " tasks would still wait when new workers are ready",
        numbers);
  }

  private ScalingDecision decideWithoutBacklog(
      ClusterMetrics m,
      ScalerState s,
      long nowMs,
      CapacityView cap,
      int busyUnits,
      long memoryMs,
      long holdAfterUpMs,
      Map<String, Long> numbers) {
    int active = cap.activeUnits();
    if (busyUnits >= active || active <= config.minWorkers()) {
      return Decisions.hold(s.withoutLowLoad(), nowMs, active, Reason.STEADY, "", numbers);
    }
    long since = s.inLowLoad() ? s.lowLoadSinceMs() : nowMs;
    ScalerState low = s.withLowLoad(since);
    long lowForMs = nowMs - since;
    long window = config.underutilizationWindowMs();
    numbers.put("underutilizedForMs", lowForMs);
    numbers.put("windowMs", window);
    if (lowForMs < window) {
      return Decisions.hold(low, nowMs, active, Reason.UNDERUTILIZED_WAITING, "", numbers);
    }
    boolean coolingDown =
        s.lastScaleDownAtMs() != ScalerState.UNSET
            && nowMs - s.lastScaleDownAtMs() < config.scaleDownCooldownMs();
    boolean holdAfterUp =
        s.lastScaleUpAtMs() != ScalerState.UNSET && nowMs - s.lastScaleUpAtMs() < holdAfterUpMs;
    // Keep what the window needed at its busiest, and what was fully used within the ski-rental
    // memory.
    int windowPeak = PeakWindow.peak(s.recentPeaks(), nowMs, PEAK_BUCKET_MS, window);
    int recentPeak = PeakWindow.peak(s.recentPeaks(), nowMs, PEAK_BUCKET_MS, memoryMs);
    int floor = config.clamp(Math.max(Math.max(windowPeak, recentPeak), busyUnits));
    numbers.put("windowPeakWorkers", (long) windowPeak);
    numbers.put("recentPeakWorkers", (long) recentPeak);
    if (floor >= active || coolingDown || holdAfterUp) {
      return Decisions.hold(
          low, nowMs, active, Reason.PEAK_HOLD, "recently needed capacity is kept", numbers);
    }
    List<String> names = DecommissionOrder.pick(cap.activeUnitsList(), active - floor);
    if (names.isEmpty()) {
      return Decisions.hold(
          low, nowMs, active, Reason.PEAK_HOLD, "only invisible workers to remove", numbers);
    }
    return Decisions.scaleDown(
        low,
        nowMs,
        active,
        names,
        s.pendingScaleDowns(),
        Reason.UNDERUTILIZED,
        "underused for " + lowForMs / 1000 + " s",
        numbers);
  }
}
