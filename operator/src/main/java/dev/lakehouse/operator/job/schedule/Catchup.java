package dev.lakehouse.operator.job.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * Which scheduled run to start now, after any downtime: pure, {@code now} is a parameter.
 *
 * <p>The rule is the Kubernetes CronJob controller's: of the scheduled times that came due since
 * the last one the Job recorded (or since the Job was created), only the latest gets a run, and
 * only while it is within the starting deadline; the earlier ones are missed and reported. So an
 * operator that was down for a night starts one run, not one per hour it was away, and one that was
 * down longer than the deadline starts none until the next time.
 *
 * <ul>
 *   <li>On time: a due time is on time while {@code now} is at most {@code startingDeadlineSeconds}
 *       after it, and never less than {@link #ON_TIME} (the reconcile that wakes up for a time
 *       always comes a little after it: a deadline of 0 means no catch-up after downtime, not no
 *       runs). No deadline (null) means any due time is on time.
 *   <li>Bounded work: the earlier missed times are counted up to {@link #MAX_COUNTED}; beyond that
 *       the count says "more than 100" (a per-minute schedule after a year down does not enumerate
 *       half a million times). The latest due time and the last missed one are found backwards, not
 *       by counting.
 *   <li>Paused: a paused schedule starts nothing, misses nothing and has no next time ({@code
 *       status.nextScheduleTime} is empty while paused, and there is no schedule to requeue for).
 *       Times that pass while paused are neither runs nor misses. When the schedule is resumed, the
 *       rule above applies from the last recorded time, as for a CronJob that is no longer
 *       suspended: the latest time that passed during the pause runs if it is still within the
 *       starting deadline. A reconciler that wants no run at resume passes the resume time as
 *       {@code since}.
 * </ul>
 */
public final class Catchup {
  /** Most earlier missed times counted one by one. */
  public static final int MAX_COUNTED = 100;

  /** How late a run may start and still be on time, whatever the starting deadline. */
  public static final Duration ON_TIME = Duration.ofSeconds(60);

  private Catchup() {}

  /**
   * What the schedule asks for now.
   *
   * @param schedule the Job's schedule
   * @param since the scheduled time of the last run the Job recorded ({@code
   *     status.lastScheduleTime}), or its creation time if it has none: times after it are due
   * @param startingDeadlineSeconds how late a missed time may still start; null for no limit
   * @param paused the Job's {@code spec.schedule.paused}
   * @param now the time of the reconcile
   */
  public static ScheduleDecision decide(
      CronSchedule schedule,
      Instant since,
      Integer startingDeadlineSeconds,
      boolean paused,
      Instant now) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(now, "now");
    if (paused) {
      return ScheduleDecision.pausedSchedule();
    }
    // A recorded time ahead of this clock (another clock wrote it) is not run again.
    Instant horizon = since.isAfter(now) ? since : now;
    Optional<ScheduledTime> next = schedule.nextAfter(horizon);
    Optional<Duration> untilNext = next.map(t -> Duration.between(now, t.instant()));
    Optional<ScheduledTime> latestDue =
        schedule.latestAtOrBefore(now).filter(t -> t.instant().isAfter(since));
    if (latestDue.isEmpty()) {
      return new ScheduleDecision(
          false, Optional.empty(), false, MissedTimes.none(), next, untilNext);
    }
    ScheduledTime latest = latestDue.get();
    boolean onTime = onTime(latest, startingDeadlineSeconds, now);

    int count = 0;
    boolean moreThanCounted = false;
    ScheduledTime earliest = null;
    ScheduledTime last = null;
    Iterator<ScheduledTime> earlier = schedule.timesAfter(since).iterator();
    while (earlier.hasNext()) {
      ScheduledTime time = earlier.next();
      if (!time.instant().isBefore(latest.instant())) {
        break;
      }
      if (count == MAX_COUNTED) {
        moreThanCounted = true;
        break;
      }
      if (earliest == null) {
        earliest = time;
      }
      last = time;
      count++;
    }
    if (moreThanCounted) {
      last = schedule.latestAtOrBefore(latest.instant().minusNanos(1)).orElse(last);
    }
    if (!onTime) {
      if (!moreThanCounted) {
        count++;
      }
      if (earliest == null) {
        earliest = latest;
      }
      last = latest;
    }
    MissedTimes missed =
        count == 0
            ? MissedTimes.none()
            : new MissedTimes(count, moreThanCounted, Optional.of(earliest), Optional.of(last));
    return new ScheduleDecision(false, latestDue, onTime, missed, next, untilNext);
  }

  /**
   * Whether a due time may still start at {@code now}: at most the starting deadline late, or
   * {@link #ON_TIME} if that is longer; always with no deadline.
   */
  public static boolean onTime(ScheduledTime due, Integer startingDeadlineSeconds, Instant now) {
    if (startingDeadlineSeconds == null) {
      return true;
    }
    Duration deadline = Duration.ofSeconds(Math.max(0, startingDeadlineSeconds));
    if (deadline.compareTo(ON_TIME) < 0) {
      deadline = ON_TIME;
    }
    return !due.instant().plus(deadline).isBefore(now);
  }

  /**
   * The message of a MissedSchedule event, when times were missed: which, and what happens instead.
   */
  public static Optional<String> missedMessage(
      ScheduleDecision decision, Integer startingDeadlineSeconds) {
    MissedTimes missed = decision.missed();
    if (missed.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder message = new StringBuilder("Missed ").append(missed.describe());
    if (decision.onTime()) {
      message
          .append(": only the latest due time, ")
          .append(decision.latestDue().get())
          .append(", runs now");
    } else {
      message
          .append(": more than ")
          .append(Math.max(startingDeadlineSeconds, ON_TIME.toSeconds()))
          .append(" s late (startingDeadlineSeconds), so no run starts");
      decision.next().ifPresent(next -> message.append("; the next run is at ").append(next));
    }
    return Optional.of(message.toString());
  }
}
