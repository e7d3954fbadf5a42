package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.autoscaler.state.DecisionRecord;
import dev.lakehouse.autoscaler.state.PeakSample;
import dev.lakehouse.autoscaler.state.PendingScaleDown;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Converts the autoscaler library's state to the Cluster's {@code status.autoscaler} and back,
 * losslessly: epoch milliseconds become RFC 3339 times (with milliseconds) so that a person can
 * read them with kubectl.
 */
public final class ScalerStateMapping {
  private ScalerStateMapping() {}

  public static ClusterAutoscalerStatus toStatus(ScalerState state) {
    ClusterAutoscalerStatus s = new ClusterAutoscalerStatus();
    s.desiredWorkers = state.lastDesiredUnits() < 0 ? null : state.lastDesiredUnits();
    s.lastReason = state.lastReason().isEmpty() ? null : state.lastReason();
    s.lastEvaluationTime = time(state.lastDecisionAtMs());
    s.lastScaleUpTime = time(state.lastScaleUpAtMs());
    s.lastScaleDownTime = time(state.lastScaleDownAtMs());
    s.lowLoadSince = time(state.lowLoadSinceMs());
    s.backlogSince = time(state.backlogSinceMs());
    s.learnedStartupMillis = state.learnedStartupMs();
    s.decommissioning =
        orNull(
            state.pendingScaleDowns().stream()
                .map(
                    p -> {
                      ClusterAutoscalerStatus.Decommission d =
                          new ClusterAutoscalerStatus.Decommission();
                      d.worker = p.unit();
                      d.since = time(p.requestedAtMs());
                      return d;
                    })
                .toList());
    s.recentPeaks =
        orNull(
            state.recentPeaks().stream()
                .map(
                    p -> {
                      ClusterAutoscalerStatus.Peak peak = new ClusterAutoscalerStatus.Peak();
                      peak.bucketStart = time(p.bucketStartMs());
                      peak.workers = p.units();
                      return peak;
                    })
                .toList());
    s.history =
        orNull(
            state.history().stream()
                .map(
                    h -> {
                      ClusterAutoscalerStatus.Decision d = new ClusterAutoscalerStatus.Decision();
                      d.time = time(h.atMs());
                      d.from = h.from();
                      d.to = h.to();
                      d.reason = h.reason();
                      return d;
                    })
                .toList());
    return s;
  }

  /** The state stored in a status, or the initial state when there is none. */
  public static ScalerState fromStatus(ClusterAutoscalerStatus s) {
    if (s == null) {
      return ScalerState.initial();
    }
    List<PendingScaleDown> pending =
        list(s.decommissioning).stream()
            .map(d -> new PendingScaleDown(d.worker, millis(d.since)))
            .toList();
    List<PeakSample> peaks =
        list(s.recentPeaks).stream()
            .map(p -> new PeakSample(millis(p.bucketStart), p.workers == null ? 0 : p.workers))
            .toList();
    List<DecisionRecord> history =
        list(s.history).stream()
            .map(d -> new DecisionRecord(millis(d.time), nonNull(d.from), nonNull(d.to), d.reason))
            .toList();
    return new ScalerState(
        s.desiredWorkers == null ? -1 : s.desiredWorkers,
        millis(s.lastScaleUpTime),
        millis(s.lastScaleDownTime),
        millis(s.lowLoadSince),
        millis(s.backlogSince),
        millis(s.lastEvaluationTime),
        s.learnedStartupMillis == null ? 0 : s.learnedStartupMillis,
        s.lastReason,
        peaks,
        pending,
        history);
  }

  private static String time(long epochMs) {
    return epochMs == ScalerState.UNSET ? null : Instant.ofEpochMilli(epochMs).toString();
  }

  private static long millis(String time) {
    return time == null ? ScalerState.UNSET : Instant.parse(time).toEpochMilli();
  }

  private static int nonNull(Integer value) {
    return value == null ? 0 : value;
  }

  /** Empty lists are left out, so that a stored status and a computed one compare equal. */
  private static <T> List<T> orNull(List<T> list) {
    return list.isEmpty() ? null : list;
  }

  private static <T> List<T> list(List<T> list) {
    return Optional.ofNullable(list).orElse(List.of());
  }
}
