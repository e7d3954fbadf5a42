package dev.lakehouse.autoscaler.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a policy remembers between evaluations. A plain value, small and bounded, made of
 * primitives, strings and lists of records, so that the operator can store it as JSON in the
 * resource's status with a plain ObjectMapper (no modules, no annotations). Times are epoch
 * milliseconds; -1 means "not set".
 *
 * @param lastDesiredUnits units asked for by the last decision that changed the size, -1 if none
 *     yet
 * @param lastScaleUpAtMs when the size last grew
 * @param lastScaleDownAtMs when the size last shrank
 * @param lowLoadSinceMs start of the current under-utilization window
 * @param backlogSinceMs since when work has been waiting without a break
 * @param lastDecisionAtMs when the policy last ran
 * @param learnedStartupMs observed provisioning delay (moving average), 0 until a start was
 *     observed
 * @param lastReason reason of the last decision (events are emitted when it changes)
 * @param recentPeaks demand peaks per bucket, newest last, bounded
 * @param pendingScaleDowns units named for decommission that have not gone yet, bounded
 * @param history last decisions that changed the size, newest last, bounded
 */
public record ScalerState(
    int lastDesiredUnits,
    long lastScaleUpAtMs,
    long lastScaleDownAtMs,
    long lowLoadSinceMs,
    long backlogSinceMs,
    long lastDecisionAtMs,
    long learnedStartupMs,
    String lastReason,
    List<PeakSample> recentPeaks,
    List<PendingScaleDown> pendingScaleDowns,
    List<DecisionRecord> history) {

  public static final long UNSET = -1L;

  /**
   * Decisions kept in {@link #history}: enough to see flapping, small enough for a status field.
   */
  public static final int MAX_HISTORY = 16;

  /** Peak buckets kept: with one-minute buckets this remembers half an hour. */
  public static final int MAX_PEAKS = 30;

  /** A guard: a Cluster or Warehouse never has this many units leaving at once. */
  public static final int MAX_PENDING = 512;

  public ScalerState {
    recentPeaks = tail(recentPeaks, MAX_PEAKS);
    pendingScaleDowns = tail(pendingScaleDowns, MAX_PENDING);
    history = tail(history, MAX_HISTORY);
    lastReason = lastReason == null ? "" : lastReason;
  }

  /** The state of a target never evaluated before. */
  public static ScalerState initial() {
    return new ScalerState(
        -1, UNSET, UNSET, UNSET, UNSET, UNSET, 0, "", List.of(), List.of(), List.of());
  }

  public boolean inLowLoad() {
    return lowLoadSinceMs != UNSET;
  }

  public ScalerState withLowLoad(long sinceMs) {
    return new ScalerState(
        lastDesiredUnits,
        lastScaleUpAtMs,
        lastScaleDownAtMs,
        sinceMs,
        backlogSinceMs,
        lastDecisionAtMs,
        learnedStartupMs,
        lastReason,
        recentPeaks,
        pendingScaleDowns,
        history);
  }

  public ScalerState withoutLowLoad() {
    return withLowLoad(UNSET);
  }

  public ScalerState withBacklogSince(long sinceMs) {
    return new ScalerState(
        lastDesiredUnits,
        lastScaleUpAtMs,
        lastScaleDownAtMs,
        lowLoadSinceMs,
        sinceMs,
        lastDecisionAtMs,
        learnedStartupMs,
        lastReason,
        recentPeaks,
        pendingScaleDowns,
        history);
  }

  public ScalerState withDecisionAt(long atMs, String reason) {
    return new ScalerState(
        lastDesiredUnits,
        lastScaleUpAtMs,
        lastScaleDownAtMs,
        lowLoadSinceMs,
        backlogSinceMs,
        atMs,
        learnedStartupMs,
        reason,
        recentPeaks,
        pendingScaleDowns,
        history);
  }

  public ScalerState withLearnedStartup(long startupMs) {
    return new ScalerState(
        lastDesiredUnits,
        lastScaleUpAtMs,
        lastScaleDownAtMs,
        lowLoadSinceMs,
        backlogSinceMs,
        lastDecisionAtMs,
        startupMs,
        lastReason,
        recentPeaks,
        pendingScaleDowns,
        history);
  }

  public ScalerState withRecentPeaks(List<PeakSample> peaks) {
    return new ScalerState(
        lastDesiredUnits,
        lastScaleUpAtMs,
        lastScaleDownAtMs,
        lowLoadSinceMs,
        backlogSinceMs,
        lastDecisionAtMs,
        learnedStartupMs,
        lastReason,
        peaks,
        pendingScaleDowns,
        history);
  }

  public ScalerState withPendingScaleDowns(List<PendingScaleDown> pending) {
    return new ScalerState(
        lastDesiredUnits,
        lastScaleUpAtMs,
        lastScaleDownAtMs,
        lowLoadSinceMs,
        backlogSinceMs,
        lastDecisionAtMs,
        learnedStartupMs,
        lastReason,
        recentPeaks,
        pending,
        history);
  }

  /** Records a decision that changed the size from {@code from} to {@code to}. */
  public ScalerState withResize(long atMs, int from, int to, String reason) {
    List<DecisionRecord> h = new ArrayList<>(history);
    h.add(new DecisionRecord(atMs, from, to, reason));
    long up = to > from ? atMs : lastScaleUpAtMs;
    long down = to < from ? atMs : lastScaleDownAtMs;
    return new ScalerState(
        to,
        up,
        down,
        lowLoadSinceMs,
        backlogSinceMs,
        lastDecisionAtMs,
        learnedStartupMs,
        lastReason,
        recentPeaks,
        pendingScaleDowns,
        h);
  }

  /**
   * Whether two consecutive resizes went opposite ways less than {@code reversalMs} apart, the
   * later one within the last {@code memoryMs}: the size has been oscillating.
   */
  public boolean reversedRecently(long nowMs, long reversalMs, long memoryMs) {
    for (int i = history.size() - 1; i > 0; i--) {
      DecisionRecord later = history.get(i);
      if (nowMs - later.atMs() > memoryMs) {
        return false;
      }
      DecisionRecord earlier = history.get(i - 1);
      if (later.direction() == -earlier.direction()
          && later.direction() != 0
          && later.atMs() - earlier.atMs() <= reversalMs) {
        return true;
      }
    }
    return false;
  }

  private static <T> List<T> tail(List<T> list, int max) {
    if (list == null) {
      return List.of();
    }
    int from = Math.max(0, list.size() - max);
    return List.copyOf(list.subList(from, list.size()));
  }
}
