package dev.lakehouse.operator.job.schedule;

import static dev.lakehouse.operator.job.schedule.CronScheduleParseTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schedule's times against an oracle that looks at every minute around a transition, instant by
 * instant: a minute is a time of the schedule when its wall clock matches the expression and it is
 * that wall-clock time's first occurrence, or when it is within a spring-forward gap's length after
 * the gap and the local time the gap skipped (its wall clock less the gap) matches; it is then
 * named after the local time that matched, the one that exists first. The oracle shares no code
 * with the schedule: it matches minute and hour fields itself.
 */
class CronScheduleOracleTest {
  private static final String[] EXPRESSIONS = {
    "30 * * * *",
    "0 * * * *",
    "*/20 * * * *",
    "*/7 0-4 * * *",
    "30 2 * * *",
    "30 1 * * *",
    "0,30 2,3 * * *",
    "* 2 * * *",
    "15 3 * * *",
    "0 12 * * *"
  };

  /**
   * Transitions of both kinds, of an hour, of half an hour (Lord Howe), and of a whole day (Samoa
   * skipped 30 December 2011), each given by an instant a little before it; and UTC, which has
   * none.
   */
  private static final String[][] WINDOWS = {
    {"Europe/Paris", "2025-03-29T12:00:00Z"},
    {"Europe/Paris", "2025-10-25T12:00:00Z"},
    {"America/New_York", "2025-03-08T12:00:00Z"},
    {"America/New_York", "2025-11-01T12:00:00Z"},
    {"Australia/Lord_Howe", "2025-10-04T12:00:00Z"},
    {"Australia/Lord_Howe", "2025-04-05T12:00:00Z"},
    {"Pacific/Apia", "2011-12-29T12:00:00Z"},
    {"UTC", "2025-03-29T12:00:00Z"}
  };

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String[] window : WINDOWS) {
      for (String expression : EXPRESSIONS) {
        cases.add(Arguments.of(window[0], expression, Instant.parse(window[1])));
      }
    }
    return cases.stream();
  }

  /** The transition after {@code from}, or a day after it in a zone without transitions. */
  private static Instant transition(ZoneId zone, Instant from) {
    ZoneOffsetTransition next = zone.getRules().nextTransition(from);
    return next == null ? from.plus(Duration.ofDays(1)) : next.getInstant();
  }

  @Test
  void everyWindowHoldsItsTransition() {
    for (String[] window : WINDOWS) {
      ZoneId zone = ZoneId.of(window[0]);
      Instant from = Instant.parse(window[1]);
      assertThat(Duration.between(from, transition(zone, from)))
          .as(window[0])
          .isPositive()
          .isLessThan(Duration.ofDays(2));
    }
  }

  @ParameterizedTest(name = "{0} {1} from {2}")
  @MethodSource("cases")
  void timesAreThoseOfTheOracle(String zone, String expression, Instant from) {
    CronSchedule schedule = valid(expression, zone);
    Instant transition = transition(ZoneId.of(zone), from);
    Instant start = transition.minus(Duration.ofDays(1));
    Instant end = transition.plus(Duration.ofDays(2));
    List<String> expected = oracle(expression, ZoneId.of(zone), start, end);

    List<String> actual =
        schedule
            .timesAfter(start.minusNanos(1))
            .takeWhile(t -> t.instant().isBefore(end))
            .map(t -> t.instant() + " " + t.local())
            .toList();

    assertThat(expected).isNotEmpty();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0} {1} from {2}")
  @MethodSource("cases")
  void nextAndLatestFromAnyInstantAgreeWithTheOracle(String zone, String expression, Instant from) {
    CronSchedule schedule = valid(expression, zone);
    Instant transition = transition(ZoneId.of(zone), from);
    // The oracle sees two days on each side, the questions are within six hours of the
    // transition.
    List<Instant> times = new ArrayList<>();
    for (String line :
        oracle(
            expression,
            ZoneId.of(zone),
            transition.minus(Duration.ofDays(2)),
            transition.plus(Duration.ofDays(2)))) {
      times.add(Instant.parse(line.substring(0, line.indexOf(' '))));
    }
    Instant start = transition.minus(Duration.ofHours(6));
    Instant end = transition.plus(Duration.ofHours(6));
    List<Instant> asked = new ArrayList<>();
    for (Instant at = start; at.isBefore(end); at = at.plusSeconds(433)) {
      asked.add(at);
    }
    for (Instant time : times) {
      if (!time.isBefore(start) && time.isBefore(end)) {
        asked.add(time);
        asked.add(time.minusNanos(1));
      }
    }

    for (Instant at : asked) {
      Optional<Instant> next = times.stream().filter(t -> t.isAfter(at)).findFirst();
      Optional<Instant> latest =
          times.stream().filter(t -> !t.isAfter(at)).reduce((first, second) -> second);

      assertThat(schedule.nextAfter(at).map(ScheduledTime::instant))
          .as("next after %s", at)
          .isEqualTo(next);
      assertThat(schedule.latestAtOrBefore(at).map(ScheduledTime::instant))
          .as("latest at or before %s", at)
          .isEqualTo(latest);
    }
  }

  /** "instant local" of every minute in [from, to) that is a time of the expression in zone. */
  private static List<String> oracle(String expression, ZoneId zone, Instant from, Instant to) {
    String[] fields = expression.split(" ");
    assertThat(fields).hasSize(5);
    assertThat(fields[2] + fields[3] + fields[4]).as("day fields").isEqualTo("***");
    Set<Integer> minutes = values(fields[0], 59);
    Set<Integer> hours = values(fields[1], 23);
    List<String> times = new ArrayList<>();
    for (Instant minute = from; minute.isBefore(to); minute = minute.plusSeconds(60)) {
      LocalDateTime wall = LocalDateTime.ofInstant(minute, zone);
      boolean firstOccurrence = ZonedDateTime.ofLocal(wall, zone, null).toInstant().equals(minute);
      if (firstOccurrence && matches(wall, minutes, hours)) {
        times.add(minute + " " + wall);
        continue;
      }
      ZoneOffsetTransition last = zone.getRules().previousTransition(minute.plusNanos(1));
      if (last != null
          && last.isGap()
          && minute.isBefore(last.getInstant().plus(last.getDuration()))) {
        LocalDateTime skipped = wall.minus(last.getDuration());
        if (matches(skipped, minutes, hours)) {
          times.add(minute + " " + skipped);
        }
      }
    }
    return times;
  }

  private static boolean matches(LocalDateTime local, Set<Integer> minutes, Set<Integer> hours) {
    return minutes.contains(local.getMinute()) && hours.contains(local.getHour());
  }

  /** The values of a field written with *, * /n, a-b, a and commas. */
  private static Set<Integer> values(String field, int max) {
    Set<Integer> values = new HashSet<>();
    for (String part : field.split(",")) {
      if (part.startsWith("*/")) {
        int step = Integer.parseInt(part.substring(2));
        for (int v = 0; v <= max; v += step) {
          values.add(v);
        }
      } else if (part.equals("*")) {
        for (int v = 0; v <= max; v++) {
          values.add(v);
        }
      } else if (part.contains("-")) {
        String[] range = part.split("-");
        for (int v = Integer.parseInt(range[0]); v <= Integer.parseInt(range[1]); v++) {
          values.add(v);
        }
      } else {
        values.add(Integer.parseInt(part));
      }
    }
    return values;
  }
}
