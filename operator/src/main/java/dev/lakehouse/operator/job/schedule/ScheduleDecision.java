package dev.lakehouse.operator.job.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Job's schedule asks for now ({@link Catchup#decide}).
 *
 * @param paused the schedule is paused: nothing runs, nothing is missed, no next time
 * @param latestDue the most recent scheduled time that is due (at or before now) and has no run yet
 *     (after the last one recorded), whether or not it is still on time
 * @param onTime {@code latestDue} is within the starting deadline: it is to be run now
 * @param missed the due times that get no run: all those before {@code latestDue} (only the latest
 *     one is caught up), and {@code latestDue} too when it is past the deadline
 * @param next the first scheduled time after now (and after the last one recorded), for {@code
 *     status.nextScheduleTime}; empty while paused or when the schedule has no more times
 * @param untilNext how long from now until {@code next}, for the requeue delay
 */
public record ScheduleDecision(
    boolean paused,
    Optional<ScheduledTime> latestDue,
    boolean onTime,
    MissedTimes missed,
    Optional<ScheduledTime> next,
    Optional<Duration> untilNext) {
  private static final ScheduleDecision PAUSED =
      new ScheduleDecision(
          true, Optional.empty(), false, MissedTimes.none(), Optional.empty(), Optional.empty());

  public ScheduleDecision {
    Objects.requireNonNull(latestDue, "latestDue");
    Objects.requireNonNull(missed, "missed");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(untilNext, "untilNext");
    if (onTime && latestDue.isEmpty()) {
      throw new IllegalArgumentException("on time without a due time");
    }
  }

  static ScheduleDecision pausedSchedule() {
    return PAUSED;
  }

  /** The scheduled time to create a run for now: the latest due one, when it is on time. */
  public Optional<ScheduledTime> toRun() {
    return onTime ? latestDue : Optional.empty();
  }
}
