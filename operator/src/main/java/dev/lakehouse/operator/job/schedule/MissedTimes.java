package dev.lakehouse.operator.job.schedule;

import java.util.Objects;
import java.util.Optional;

/**
 * Scheduled times that passed without a run and will get none, for a MissedSchedule event.
 *
 * @param count how many, at most {@link Catchup#MAX_COUNTED} (+1 for the latest due time when it is
 *     too late) when {@code moreThanCounted}
 * @param moreThanCounted true when the times were not all counted: there were more than {@code
 *     count}
 * @param earliest the first of them
 * @param latest the last of them
 */
public record MissedTimes(
    int count,
    boolean moreThanCounted,
    Optional<ScheduledTime> earliest,
    Optional<ScheduledTime> latest) {
  private static final MissedTimes NONE =
      new MissedTimes(0, false, Optional.empty(), Optional.empty());

  public MissedTimes {
    Objects.requireNonNull(earliest, "earliest");
    Objects.requireNonNull(latest, "latest");
    if (count < 0 || (count == 0) != earliest.isEmpty() || earliest.isEmpty() != latest.isEmpty()) {
      throw new IllegalArgumentException(
          "missed times: count " + count + " with earliest " + earliest + ", latest " + latest);
    }
  }

  public static MissedTimes none() {
    return NONE;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /**
   * In words, for an event: "the scheduled time 2025-03-01T06:00+01:00[Europe/Paris]", or "3
   * scheduled times from … to …", or "more than 100 scheduled times from … to …"; empty when none.
   */
  public String describe() {
    if (isEmpty()) {
      return "";
    }
    if (count == 1 && !moreThanCounted) {
      return "the scheduled time " + earliest.get();
    }
    return (moreThanCounted ? "more than " + count : String.valueOf(count))
        + " scheduled times from "
        + earliest.get()
        + " to "
        + latest.get();
  }
}
