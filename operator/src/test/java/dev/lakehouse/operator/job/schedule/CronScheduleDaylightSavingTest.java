package dev.lakehouse.operator.job.schedule;

import static dev.lakehouse.operator.job.schedule.CronScheduleParseTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly once per local scheduled time across daylight-saving changes. In 2025, Paris springs
 * forward on 30 March (02:00 CET becomes 03:00 CEST) and falls back on 26 October (03:00 CEST
 * becomes 02:00 CET, so 02:00-03:00 happens twice); New York springs forward on 9 March (02:00 EST
 * becomes 03:00 EDT) and falls back on 2 November (02:00 EDT becomes 01:00 EST, so 01:00-02:00
 * happens twice).
 */
class CronScheduleDaylightSavingTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** The times whose instants fall on the local calendar day {@code day} of the zone. */
  private static List<ScheduledTime> timesOn(CronSchedule schedule, LocalDate day) {
    Instant start = day.atStartOfDay(schedule.zone()).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(schedule.zone()).toInstant();
    return schedule
        .timesAfter(start.minusNanos(1))
        .takeWhile(t -> t.instant().isBefore(end))
        .toList();
  }

  static Stream<Arguments> springForward() {
    return Stream.of(
        Arguments.of("Europe/Paris", "2025-03-30", "2025-03-30T01:30:00Z", "+02:00"),
        Arguments.of("America/New_York", "2025-03-09", "2025-03-09T07:30:00Z", "-04:00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("springForward")
  void aDaily0230JobRunsOnceAt0330OnTheDayTheClocksSpringForward(
      String zone, String day, String dueAt, String offset) {
    CronSchedule schedule = valid("30 2 * * *", zone);
    LocalDate date = LocalDate.parse(day);

    List<ScheduledTime> times = timesOn(schedule, date);

    assertThat(times).hasSize(1);
    ScheduledTime time = times.get(0);
    assertThat(time.local()).isEqualTo(date.atTime(2, 30));
    assertThat(time.instant()).isEqualTo(Instant.parse(dueAt));
    assertThat(time.wallClock()).isEqualTo(date.atTime(3, 30));
    assertThat(time.zoned().getOffset()).isEqualTo(ZoneOffset.of(offset));
    assertThat(time.shifted()).isTrue();
    assertThat(RunNames.scheduled("etl", time)).isEqualTo("etl-" + day.replace("-", "") + "0230");
    // The days around are not disturbed.
    assertThat(timesOn(schedule, date.minusDays(1))).hasSize(1);
    assertThat(timesOn(schedule, date.plusDays(1)))
        .singleElement()
        .satisfies(t -> assertThat(t.shifted()).isFalse());
  }

  static Stream<Arguments> fallBack() {
    return Stream.of(
        // Paris repeats 02:00-03:00, New York 01:00-02:00.
        Arguments.of("Europe/Paris", "30 2 * * *", "2025-10-26", "2025-10-26T00:30:00Z"),
        Arguments.of("America/New_York", "30 1 * * *", "2025-11-02", "2025-11-02T05:30:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fallBack")
  void aDailyJobInTheRepeatedHourRunsOnceAtItsFirstOccurrence(
      String zone, String cron, String day, String firstOccurrence) {
    CronSchedule schedule = valid(cron, zone);
    LocalDate date = LocalDate.parse(day);

    List<ScheduledTime> times = timesOn(schedule, date);

    assertThat(times).hasSize(1);
    ScheduledTime time = times.get(0);
    assertThat(time.instant()).isEqualTo(Instant.parse(firstOccurrence));
    assertThat(time.shifted()).isFalse();
    // The earlier offset: still summer time.
    assertThat(time.zoned().getOffset())
        .isEqualTo(schedule.zone().getRules().getOffset(time.instant().minus(Duration.ofDays(1))));
    // The second occurrence, an hour later, is not a time of the schedule.
    Instant second = time.instant().plus(Duration.ofHours(1));
    assertThat(LocalDateTime.ofInstant(second, schedule.zone())).isEqualTo(time.local());
    assertThat(schedule.nextAfter(time.instant()).orElseThrow().instant())
        .isEqualTo(time.instant().plus(Duration.ofHours(25)));
  }

  static Stream<Arguments> hourly() {
    return Stream.of(
        Arguments.of("Europe/Paris", "0 * * * *"),
        Arguments.of("Europe/Paris", "30 * * * *"),
        Arguments.of("America/New_York", "0 * * * *"),
        Arguments.of("America/New_York", "30 * * * *"),
        Arguments.of("America/New_York", "@hourly"),
        Arguments.of("Europe/Paris", "0 30 * * * ?"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hourly")
  void anHourlyJobRunsOnceInEveryLocalHourThatExistsWhenTheClocksSpringForward(
      String zone, String cron) {
    CronSchedule schedule = valid(cron, zone);
    LocalDate day =
        zone.equals("Europe/Paris") ? LocalDate.of(2025, 3, 30) : LocalDate.of(2025, 3, 9);

    List<ScheduledTime> times = timesOn(schedule, day);

    // 23 hours that day: 02:00-03:00 does not exist.
    assertThat(times).hasSize(23);
    assertThat(times.stream().map(t -> t.wallClock().getHour()))
        .containsExactly(
            0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
    // Named after the local times that exist: the 02:xx time, due at 03:xx, is the 03:xx run.
    assertThat(times).noneMatch(ScheduledTime::shifted);
    assertThat(times.stream().map(t -> RunNames.scheduled("etl", t))).doesNotHaveDuplicates();
    assertOneHourApart(times);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hourly")
  void anHourlyJobRunsOnceInTheRepeatedHourWhenTheClocksFallBack(String zone, String cron) {
    CronSchedule schedule = valid(cron, zone);
    LocalDate day =
        zone.equals("Europe/Paris") ? LocalDate.of(2025, 10, 26) : LocalDate.of(2025, 11, 2);
    int repeatedHour = zone.equals("Europe/Paris") ? 2 : 1;

    List<ScheduledTime> times = timesOn(schedule, day);

    // 25 hours that day, 24 local hours: one run each.
    assertThat(times).hasSize(24);
    assertThat(times.stream().map(t -> t.local().getHour()))
        .containsExactly(
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
    ScheduledTime repeated = times.get(repeatedHour);
    ScheduledTime after = times.get(repeatedHour + 1);
    // The repeated hour runs at its first occurrence, and the next run is two hours later.
    assertThat(repeated.zoned().getOffset())
        .isEqualTo(times.get(0).zoned().getOffset())
        .isNotEqualTo(after.zoned().getOffset());
    assertThat(Duration.between(repeated.instant(), after.instant())).hasHours(2);
    assertThat(times.stream().map(t -> RunNames.scheduled("etl", t))).doesNotHaveDuplicates();
  }

  @Test
  void everyLocalTimeOfTheSkippedHourRunsOnceShiftedByTheGap() {
    CronSchedule schedule = valid("*/20 2 * * *", "Europe/Paris");

    List<ScheduledTime> times = timesOn(schedule, LocalDate.of(2025, 3, 30));

    assertThat(times.stream().map(t -> t.local().toLocalTime().toString()))
        .containsExactly("02:00", "02:20", "02:40");
    assertThat(times.stream().map(t -> t.wallClock().toLocalTime().toString()))
        .containsExactly("03:00", "03:20", "03:40");
    assertThat(times).allMatch(ScheduledTime::shifted);
    assertThat(times.stream().map(t -> RunNames.scheduled("etl", t)))
        .containsExactly("etl-202503300200", "etl-202503300220", "etl-202503300240");
  }

  @Test
  void aTimeSkippedBySpringForwardIsStillNextFromInsideTheShiftedHour() {
    CronSchedule schedule = valid("30 2 * * *", "Europe/Paris");
    // 03:10 local, after the jump: 02:30 is due at 03:30.
    Instant now = Instant.parse("2025-03-30T01:10:00Z");

    assertThat(schedule.nextAfter(now).orElseThrow().instant())
        .isEqualTo(Instant.parse("2025-03-30T01:30:00Z"));
    assertThat(schedule.latestAtOrBefore(now).orElseThrow().instant())
        .isEqualTo(Instant.parse("2025-03-29T01:30:00Z"));
    assertThat(schedule.latestAtOrBefore(Instant.parse("2025-03-30T01:30:00Z")).orElseThrow())
        .satisfies(t -> assertThat(t.local()).isEqualTo(LocalDateTime.parse("2025-03-30T02:30")));
  }

  @Test
  void theRepeatedHourHasNoTimesOfItsOwn() {
    CronSchedule schedule = valid("*/15 * * * *", "America/New_York");
    // 01:50 EDT, then the clocks go back from 02:00 EDT to 01:00 EST (06:00Z).
    Instant beforeFallBack = Instant.parse("2025-11-02T05:50:00Z");
    // 01:40 EST: the second 01:40.
    Instant secondPass = Instant.parse("2025-11-02T06:40:00Z");

    assertThat(schedule.nextAfter(beforeFallBack).orElseThrow().zoned())
        .hasToString("2025-11-02T02:00-05:00[America/New_York]");
    assertThat(schedule.nextAfter(secondPass).orElseThrow().instant())
        .isEqualTo(Instant.parse("2025-11-02T07:00:00Z"));
    assertThat(schedule.latestAtOrBefore(secondPass).orElseThrow().zoned())
        .hasToString("2025-11-02T01:45-04:00[America/New_York]");
  }

  private static void assertOneHourApart(List<ScheduledTime> times) {
    for (int i = 1; i < times.size(); i++) {
      assertThat(Duration.between(times.get(i - 1).instant(), times.get(i).instant()))
          .as("between %s and %s", times.get(i - 1), times.get(i))
          .isEqualTo(Duration.ofHours(1));
    }
  }
}
