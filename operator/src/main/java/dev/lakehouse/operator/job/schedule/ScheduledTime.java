package dev.lakehouse.operator.job.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * One time of a schedule: the local time the cron expression gave in the schedule's zone, and the
 * instant the run is due.
 *
 * <p>They tell the same time except around daylight-saving changes (see {@link CronSchedule}): a
 * local time in a fall-back overlap is due at its first occurrence; one in a spring-forward gap
 * does not exist on the wall clock and is due when the gap ends, shifted by the gap ({@link
 * #shifted()}). The run is named after {@link #local()} ({@link RunNames#scheduled}).
 *
 * @param local the scheduled local time (wall clock in {@code zone}), as the cron expression gave
 *     it
 * @param instant when the run is due
 * @param zone the schedule's time zone
 */
public record ScheduledTime(LocalDateTime local, Instant instant, ZoneId zone) {
  public ScheduledTime {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(instant, "instant");
    Objects.requireNonNull(zone, "zone");
  }

  /**
   * The scheduled local time mapped to an instant as {@link ZonedDateTime#ofLocal} does: the
   * earlier offset in an overlap, shifted forward by the length of a gap.
   */
  public static ScheduledTime at(LocalDateTime local, ZoneId zone) {
    return new ScheduledTime(local, ZonedDateTime.ofLocal(local, zone, null).toInstant(), zone);
  }

  /** The due instant in the schedule's zone, with the offset in force then. */
  public ZonedDateTime zoned() {
    return instant.atZone(zone);
  }

  /** What the wall clock of the zone shows when the run is due. */
  public LocalDateTime wallClock() {
    return LocalDateTime.ofInstant(instant, zone);
  }

  /**
   * True when the scheduled local time does not exist (a spring-forward gap): the run is due at
   * {@link #wallClock()}, later than {@link #local()} by the gap.
   */
  public boolean shifted() {
    return !wallClock().equals(local);
  }

  /** The due instant in RFC 3339 (UTC), as status times are written. */
  public String rfc3339() {
    return instant.toString();
  }

  @Override
  public String toString() {
    return zoned() + (shifted() ? " (scheduled for " + local + ")" : "");
  }
}
