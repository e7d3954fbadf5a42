package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Whether a Cluster runs, and when an idle one stops by itself: pure functions. */
public final class AutoTermination {
  private AutoTermination() {}

  /**
   * Whether the Cluster's engine pods should run.
   *
   * @param stoppedReason null while it should run; else UserRequest or AutoTerminated
   * @param lastActivity the last engine activity known (idle time counts from it), null if none
   */
  public record RunState(Reason stoppedReason, Instant lastActivity) {
    public boolean running() {
      return stoppedReason == null;
    }
  }

  /**
   * Decides from the spec, the recorded status and the activity the engine reports now. An
   * auto-terminated Cluster stays stopped until its spec changes (the operator never writes the
   * spec); a Cluster started again counts its idle time from now.
   */
  public static RunState decide(
      Cluster cluster, ClusterStatus previous, Optional<Instant> reported, Instant now) {
    return decide(cluster, previous, reported, false, now);
  }

  /**
   * As {@link #decide(Cluster, ClusterStatus, Optional, Instant)}, for a Cluster that runs in
   * progress may be using ({@code demanded}): it runs, whatever its state or idle time, and its
   * idle time counts from now (a Job's task on an existing Cluster starts it, and keeps it from
   * being auto-terminated, without writing its spec).
   */
  public static RunState decide(
      Cluster cluster,
      ClusterStatus previous,
      Optional<Instant> reported,
      boolean demanded,
      Instant now) {
    if (demanded) {
      return new RunState(null, now.truncatedTo(ChronoUnit.SECONDS));
    }
    Instant known =
        previous.lastActivityTime == null ? null : Instant.parse(previous.lastActivityTime);
    // Seconds are enough for idle minutes, and keep a busy engine's status from changing on every
    // poll.
    Optional<Instant> seconds = reported.map(t -> t.truncatedTo(ChronoUnit.SECONDS));
    Instant lastActivity = known;
    if (seconds.isPresent() && (known == null || seconds.get().isAfter(known))) {
      lastActivity = seconds.get().isAfter(now) ? now : seconds.get();
    }
    if (ClusterModel.stoppedByUser(cluster)) {
      return new RunState(Reason.UserRequest, lastActivity);
    }
    boolean wasAutoTerminated = Reason.AutoTerminated.name().equals(previous.terminationReason);
    long generation = Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L);
    boolean specUnchangedSinceStop =
        previous.observedGeneration != null && previous.observedGeneration == generation;
    if (wasAutoTerminated && specUnchangedSinceStop) {
      return new RunState(Reason.AutoTerminated, lastActivity);
    }
    if (!wasAutoTerminated
        && "Running".equals(previous.phase)
        && idleTooLong(cluster.getSpec().autoTerminationMinutes, lastActivity, now)) {
      return new RunState(Reason.AutoTerminated, lastActivity);
    }
    if (wasAutoTerminated) {
      return new RunState(null, now.truncatedTo(ChronoUnit.SECONDS));
    }
    return new RunState(null, lastActivity);
  }

  /** True when auto-termination is on and the engine has been idle for at least its minutes. */
  public static boolean idleTooLong(Integer minutes, Instant lastActivity, Instant now) {
    if (minutes == null || minutes <= 0 || lastActivity == null) {
      return false;
    }
    return !Duration.between(lastActivity, now).minusMinutes(minutes).isNegative();
  }

  /** How long until the Cluster would stop if nothing happens, for the next check. */
  public static Duration remaining(Integer minutes, Instant lastActivity, Instant now) {
    if (minutes == null || minutes <= 0 || lastActivity == null) {
      return Duration.ofMinutes(5);
    }
    Duration left = Duration.between(now, lastActivity.plus(Duration.ofMinutes(minutes)));
    return left.isNegative() ? Duration.ZERO : left;
  }
}
