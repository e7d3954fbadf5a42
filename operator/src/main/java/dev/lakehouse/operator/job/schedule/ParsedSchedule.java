package dev.lakehouse.operator.job.schedule;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CronSchedule#parse} made of a Job's schedule: a schedule to compute times with, or
 * the message that says what is wrong with it, for the Job's Ready condition with reason
 * InvalidSpec. Parsing never throws for bad input.
 */
public sealed interface ParsedSchedule permits ParsedSchedule.Valid, ParsedSchedule.Invalid {

  /** The schedule, when the expression and the zone are valid. */
  Optional<CronSchedule> valid();

  /** What is wrong, with an example of a right one, when they are not. */
  Optional<String> problem();

  /** A valid schedule. */
  record Valid(CronSchedule schedule) implements ParsedSchedule {
    public Valid {
      Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public Optional<CronSchedule> valid() {
      return Optional.of(schedule);
    }

    @Override
    public Optional<String> problem() {
      return Optional.empty();
    }
  }

  /** An expression or a time zone that cannot be used; the message is for people. */
  record Invalid(String message) implements ParsedSchedule {
    public Invalid {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public Optional<CronSchedule> valid() {
      return Optional.empty();
    }

    @Override
    public Optional<String> problem() {
      return Optional.of(message);
    }
  }
}
