package dev.lakehouse.operator.job.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.lakehouse.api.v1alpha1.Schedule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleParseTest {
  /** A Wednesday. */
  private static final Instant NEW_YEAR = Instant.parse("2025-01-01T00:00:00Z");

  static CronSchedule valid(String cron, String zone) {
    ParsedSchedule parsed = CronSchedule.parse(cron, zone);
    assertThat(parsed.problem()).as("problem of %s in %s", cron, zone).isEmpty();
    return parsed.valid().orElseThrow();
  }

  static String problem(String cron, String zone) {
    ParsedSchedule parsed = CronSchedule.parse(cron, zone);
    assertThat(parsed).as("%s in %s", cron, zone).isInstanceOf(ParsedSchedule.Invalid.class);
    assertThat(parsed.valid()).isEmpty();
    return parsed.problem().orElseThrow();
  }

  /** The local times of the first {@code count} times after {@code from}, as ISO text. */
  static List<String> localTimes(CronSchedule schedule, Instant from, int count) {
    return schedule.timesAfter(from).limit(count).map(t -> t.local().toString()).toList();
  }

  static Stream<Arguments> forms() {
    return Stream.of(
        // Five fields.
        Arguments.of(
            "0 6 * * *",
            CronSchedule.Form.FIVE_FIELDS,
            NEW_YEAR,
            "2025-01-01T06:00 2025-01-02T06:00 2025-01-03T06:00"),
        Arguments.of(
            "*/15 8-18 * * MON-FRI",
            CronSchedule.Form.FIVE_FIELDS,
            NEW_YEAR,
            "2025-01-01T08:00 2025-01-01T08:15 2025-01-01T08:30"),
        Arguments.of(
            "45 23 * * 1-5",
            CronSchedule.Form.FIVE_FIELDS,
            Instant.parse("2025-01-03T23:50:00Z"),
            "2025-01-06T23:45 2025-01-07T23:45 2025-01-08T23:45"),
        // 0 and 7 are Sunday.
        Arguments.of(
            "0 6 * * 0",
            CronSchedule.Form.FIVE_FIELDS,
            NEW_YEAR,
            "2025-01-05T06:00 2025-01-12T06:00 2025-01-19T06:00"),
        Arguments.of(
            "0 6 * * 7",
            CronSchedule.Form.FIVE_FIELDS,
            NEW_YEAR,
            "2025-01-05T06:00 2025-01-12T06:00 2025-01-19T06:00"),
        // Both day fields restricted: either matches, as in cron (1 February 2025 is a Saturday).
        Arguments.of(
            "0 0 1 * 1",
            CronSchedule.Form.FIVE_FIELDS,
            Instant.parse("2025-01-27T00:00:00Z"),
            "2025-02-01T00:00 2025-02-03T00:00 2025-02-10T00:00"),
        Arguments.of(
            "0 12 1 JAN,JUL *",
            CronSchedule.Form.FIVE_FIELDS,
            NEW_YEAR,
            "2025-01-01T12:00 2025-07-01T12:00 2026-01-01T12:00"),
        // Quartz, six fields.
        Arguments.of(
            "0 0 6 * * ?",
            CronSchedule.Form.QUARTZ,
            NEW_YEAR,
            "2025-01-01T06:00 2025-01-02T06:00 2025-01-03T06:00"),
        Arguments.of(
            "30 15 10 ? * MON-FRI",
            CronSchedule.Form.QUARTZ,
            Instant.parse("2025-01-03T12:00:00Z"),
            "2025-01-06T10:15:30 2025-01-07T10:15:30 2025-01-08T10:15:30"),
        // Quartz numbers days from Sunday = 1.
        Arguments.of(
            "0 0 6 ? * 1",
            CronSchedule.Form.QUARTZ,
            NEW_YEAR,
            "2025-01-05T06:00 2025-01-12T06:00 2025-01-19T06:00"),
        Arguments.of(
            "0 0 6 L * ?",
            CronSchedule.Form.QUARTZ,
            NEW_YEAR,
            "2025-01-31T06:00 2025-02-28T06:00 2025-03-31T06:00"),
        Arguments.of(
            "0 0 12 ? * MON#1",
            CronSchedule.Form.QUARTZ,
            NEW_YEAR,
            "2025-01-06T12:00 2025-02-03T12:00 2025-03-03T12:00"),
        // Quartz, seven fields: the year.
        Arguments.of(
            "0 0 12 1 1 ? 2026,2027",
            CronSchedule.Form.QUARTZ,
            NEW_YEAR,
            "2026-01-01T12:00 2027-01-01T12:00"),
        // Macros.
        Arguments.of(
            "@yearly",
            CronSchedule.Form.MACRO,
            NEW_YEAR,
            "2026-01-01T00:00 2027-01-01T00:00 2028-01-01T00:00"),
        Arguments.of(
            "@annually",
            CronSchedule.Form.MACRO,
            NEW_YEAR,
            "2026-01-01T00:00 2027-01-01T00:00 2028-01-01T00:00"),
        Arguments.of(
            "@monthly",
            CronSchedule.Form.MACRO,
            NEW_YEAR,
            "2025-02-01T00:00 2025-03-01T00:00 2025-04-01T00:00"),
        Arguments.of(
            "@weekly",
            CronSchedule.Form.MACRO,
            NEW_YEAR,
            "2025-01-05T00:00 2025-01-12T00:00 2025-01-19T00:00"),
        Arguments.of(
            "@daily",
            CronSchedule.Form.MACRO,
            NEW_YEAR,
            "2025-01-02T00:00 2025-01-03T00:00 2025-01-04T00:00"),
        Arguments.of(
            "@midnight",
            CronSchedule.Form.MACRO,
            NEW_YEAR,
            "2025-01-02T00:00 2025-01-03T00:00 2025-01-04T00:00"),
        Arguments.of(
            "@hourly",
            CronSchedule.Form.MACRO,
            NEW_YEAR,
            "2025-01-01T01:00 2025-01-01T02:00 2025-01-01T03:00"),
        Arguments.of(
            "@Daily",
            CronSchedule.Form.MACRO,
            NEW_YEAR,
            "2025-01-02T00:00 2025-01-03T00:00 2025-01-04T00:00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void everyFormGivesItsTimes(
      String cron, CronSchedule.Form form, Instant from, String expectedLocalTimes) {
    CronSchedule schedule = valid(cron, "UTC");

    assertThat(schedule.form()).isEqualTo(form);
    assertThat(schedule.expression()).isEqualTo(cron);
    assertThat(localTimes(schedule, from, 3))
        .containsExactlyElementsOf(Arrays.asList(expectedLocalTimes.split(" ")));
  }

  @Test
  void spacesAroundAndBetweenFieldsDoNotMatter() {
    CronSchedule schedule = valid("  0   6 *  * *\t", "UTC");

    assertThat(schedule.expression()).isEqualTo("0   6 *  * *");
    assertThat(localTimes(schedule, NEW_YEAR, 1)).containsExactly("2025-01-01T06:00");
  }

  @Test
  void aQuartzSecondIsWhenTheRunIsDue() {
    CronSchedule schedule = valid("30 0 6 * * ?", "UTC");

    assertThat(schedule.nextAfter(NEW_YEAR).orElseThrow().instant())
        .isEqualTo(Instant.parse("2025-01-01T06:00:30Z"));
  }

  @Test
  void aScheduleWhoseYearsArePastHasNoNextTimeButALatestOne() {
    CronSchedule schedule = valid("0 0 12 * * ? 2020", "UTC");

    assertThat(schedule.nextAfter(NEW_YEAR)).isEmpty();
    assertThat(schedule.timesAfter(NEW_YEAR)).isEmpty();
    assertThat(schedule.latestAtOrBefore(NEW_YEAR).orElseThrow().instant())
        .isEqualTo(Instant.parse("2020-12-31T12:00:00Z"));
  }

  @Test
  void aTimeDecadesAheadIsFound() {
    assertThat(valid("0 0 12 1 1 ? 2099", "UTC").nextAfter(NEW_YEAR).orElseThrow().instant())
        .isEqualTo(Instant.parse("2099-01-01T12:00:00Z"));
    assertThat(valid("0 0 12 29 2 ? 2096", "UTC").nextAfter(NEW_YEAR).orElseThrow().instant())
        .isEqualTo(Instant.parse("2096-02-29T12:00:00Z"));
    assertThat(valid("0 0 29 2 *", "UTC").nextAfter(NEW_YEAR).orElseThrow().instant())
        .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void noTimeZoneMeansUtc(String zone) {
    CronSchedule schedule = valid("0 6 * * *", zone);

    assertThat(schedule.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(schedule.nextAfter(NEW_YEAR).orElseThrow().instant())
        .isEqualTo(Instant.parse("2025-01-01T06:00:00Z"));
  }

  static Stream<Arguments> zones() {
    return Stream.of(
        // Winter and summer time: the local time stays, the instant moves.
        Arguments.of("Europe/Paris", "2025-01-15T00:00:00Z", "2025-01-15T05:00:00Z"),
        Arguments.of("Europe/Paris", "2025-07-15T00:00:00Z", "2025-07-15T04:00:00Z"),
        Arguments.of("America/New_York", "2025-01-15T00:00:00Z", "2025-01-15T11:00:00Z"),
        Arguments.of("America/New_York", "2025-07-15T00:00:00Z", "2025-07-15T10:00:00Z"),
        // Offsets that are not whole hours; a zone ahead of UTC whose 06:00 is the day before
        // in UTC.
        Arguments.of("Asia/Kolkata", "2025-01-14T12:00:00Z", "2025-01-15T00:30:00Z"),
        Arguments.of("Asia/Kathmandu", "2025-01-14T12:00:00Z", "2025-01-15T00:15:00Z"),
        Arguments.of("Pacific/Auckland", "2025-01-14T12:00:00Z", "2025-01-14T17:00:00Z"),
        Arguments.of("UTC", "2025-01-15T00:00:00Z", "2025-01-15T06:00:00Z"),
        Arguments.of("Etc/GMT+5", "2025-01-15T00:00:00Z", "2025-01-15T11:00:00Z"));
  }

  @ParameterizedTest(name = "{0} after {1}")
  @MethodSource("zones")
  void theExpressionIsReadOnTheWallClockOfItsZone(String zone, String after, String expected) {
    CronSchedule schedule = valid("0 6 * * *", zone);

    ScheduledTime next = schedule.nextAfter(Instant.parse(after)).orElseThrow();

    assertThat(schedule.zone()).isEqualTo(ZoneId.of(zone));
    assertThat(next.instant()).isEqualTo(Instant.parse(expected));
    assertThat(next.local().toLocalTime()).hasToString("06:00");
    assertThat(next.shifted()).isFalse();
    assertThat(next.zoned().getZone()).isEqualTo(ZoneId.of(zone));
    assertThat(next.rfc3339()).isEqualTo(expected);
  }

  @Test
  void aJobsScheduleIsReadWithItsZone() {
    Schedule spec = new Schedule();
    spec.cron = "0 0 6 * * ?";
    spec.timeZone = "Europe/Paris";

    CronSchedule schedule = CronSchedule.of(spec).valid().orElseThrow();

    assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(schedule.nextAfter(NEW_YEAR).orElseThrow().local())
        .isEqualTo(LocalDateTime.parse("2025-01-01T06:00"));
  }

  @Test
  void aJobsScheduleWithoutZoneIsInUtc() {
    Schedule spec = new Schedule();
    spec.cron = "@hourly";

    assertThat(CronSchedule.of(spec).valid().orElseThrow().zone()).isEqualTo(ZoneId.of("UTC"));
  }

  static Stream<Arguments> invalidExpressions() {
    return Stream.of(
        Arguments.of("* * * *", List.of("has 4 fields", "'0 6 * * *'", "'0 0 6 * * ?'", "@daily")),
        Arguments.of("0 0 0 6 * * ? 2025", List.of("has 8 fields", "five fields")),
        Arguments.of(
            "61 * * * *",
            List.of(
                "'61 * * * *' is not a valid five-field cron expression",
                "61 not in range [0, 59]",
                "minute (0-59)",
                "for example '0 6 * * *'")),
        Arguments.of("0 24 * * *", List.of("24 not in range [0, 23]", "hour (0-23)")),
        Arguments.of("0 6 32 * *", List.of("32 not in range [1, 31]")),
        Arguments.of("0 6 * 13 *", List.of("13 not in range [1, 12]")),
        Arguments.of("0 6 * * FOO", List.of("FOO", "SUN-SAT")),
        Arguments.of("0 6 5-1 * *", List.of("not a valid five-field", "[5,1]")),
        Arguments.of("0 6 ? * *", List.of("not a valid five-field")),
        Arguments.of(
            "0 0 6 * * *",
            List.of(
                "not a valid Quartz cron expression",
                "put '?' in one of them",
                "for example '0 0 6 * * ?'")),
        Arguments.of("0 0 25 * * ?", List.of("not a valid Quartz", "25 not in range [0, 23]")),
        Arguments.of("0 0 6 * * ? 1969", List.of("1969 not in range [1970, 2099]")),
        Arguments.of(
            "*/30 * * * * ?",
            List.of("runs more than once a minute", "at most once a minute", "'0 */5 * * * ?'")),
        Arguments.of("* * * * * ?", List.of("runs more than once a minute")),
        Arguments.of("0,30 0 6 * * ?", List.of("runs more than once a minute")),
        Arguments.of(
            "@reboot", List.of("'@reboot' is not a macro", "@hourly", "for example '0 6 * * *'")),
        Arguments.of("@", List.of("is not a macro")),
        Arguments.of(
            "0 0 30 2 *",
            List.of("'0 0 30 2 *' never matches a date", "30th of February", "'0 0 6 L * ?'")),
        Arguments.of("0 0 0 31 4 ?", List.of("never matches a date")),
        Arguments.of("0 0 12 * * ? 1999", List.of("never matches a date", "2000 to 2099")),
        Arguments.of(
            "CRON_TZ=Europe/Paris 0 6 * * *",
            List.of("starts with a setting (CRON_TZ=Europe/Paris)", "spec.schedule.timeZone")),
        Arguments.of("TZ=UTC 0 0 6 * * ?", List.of("starts with a setting (TZ=UTC)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExpressions")
  void anInvalidExpressionSaysWhatIsWrongAndShowsARightOne(String cron, List<String> fragments) {
    String message = problem(cron, "UTC");

    assertThat(message).startsWith("spec.schedule.cron '").contains(fragments);
    assertThat(message).doesNotContain("timeZone '");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void anEmptyExpressionIsInvalid(String cron) {
    assertThat(problem(cron, "UTC")).startsWith("spec.schedule.cron is empty: use five fields");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "? ? ? ? ?",
        "L L L L L",
        "1/0 * * * *",
        "9999999999 * * * *",
        "-1 * * * *",
        "0 0 6 ? * 8",
        "0 0 6 ? * MON#9",
        "0 0 6 32W * ?",
        "# # # # # #",
        "0 6 * * * * * * *",
        "*/0 * * * *",
        "0 6 ** * *"
      })
  void hostileExpressionsAreRefusedWithAMessageNotAnException(String cron) {
    assertThatCode(() -> CronSchedule.parse(cron, "UTC")).doesNotThrowAnyException();

    assertThat(problem(cron, "UTC")).startsWith("spec.schedule.cron");
  }

  @Test
  void anUnknownZoneSaysWhatIsWrongAndShowsRightOnes() {
    String message = problem("0 6 * * *", "Europe/Pariss");

    assertThat(message)
        .isEqualTo(
            "spec.schedule.timeZone 'Europe/Pariss' is not a time zone of the IANA tz database: "
                + "use a name such as Europe/Paris, America/New_York or UTC");
  }

  @Test
  void aZoneWrittenInTheWrongCaseGetsItsRightName() {
    assertThat(problem("0 6 * * *", "europe/paris")).contains("(did you mean Europe/Paris?)");
    assertThat(problem("0 6 * * *", "AMERICA/NEW_YORK"))
        .contains("(did you mean America/New_York?)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mars/Olympus_Mons", "Paris", "CEST", "UTC+25", "+99"})
  void zonesOutsideTheDatabaseAreRefused(String zone) {
    assertThat(problem("0 6 * * *", zone))
        .startsWith("spec.schedule.timeZone '" + zone + "' is not a time zone");
  }

  @Test
  void anInvalidExpressionAndAnInvalidZoneAreBothReported() {
    String message = problem("0 6 * *", "Nowhere/City");

    assertThat(message)
        .startsWith("spec.schedule.cron '0 6 * *' has 4 fields")
        .contains("; spec.schedule.timeZone 'Nowhere/City' is not a time zone");
  }

  @Test
  void schedulesAreEqualWhenTheirExpressionAndZoneAre() {
    assertThat(valid("0 6 * * *", "Europe/Paris"))
        .isEqualTo(valid("0 6 * * *", "Europe/Paris"))
        .hasSameHashCodeAs(valid("0 6 * * *", "Europe/Paris"))
        .isNotEqualTo(valid("0 6 * * *", "UTC"))
        .isNotEqualTo(valid("0 7 * * *", "Europe/Paris"))
        .hasToString("'0 6 * * *' in Europe/Paris");
  }
}
