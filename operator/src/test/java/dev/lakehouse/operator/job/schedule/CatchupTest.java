package dev.lakehouse.operator.job.schedule;

import static dev.lakehouse.operator.job.schedule.CronScheduleParseTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CatchupTest {
  private static final CronSchedule HOURLY = valid("0 * * * *", "UTC");
  private static final CronSchedule DAILY_AT_SIX = valid("0 6 * * *", "UTC");

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void aTimeJustDueRunsAndTheNextIsAnHourLater() {
    ScheduleDecision decision =
        Catchup.decide(HOURLY, at("2025-03-01T09:00:00Z"), 3600, false, at("2025-03-01T10:00:05Z"));

    assertThat(decision.paused()).isFalse();
    assertThat(decision.toRun()).map(ScheduledTime::instant).contains(at("2025-03-01T10:00:00Z"));
    assertThat(decision.onTime()).isTrue();
    assertThat(decision.missed().isEmpty()).isTrue();
    assertThat(decision.next()).map(ScheduledTime::instant).contains(at("2025-03-01T11:00:00Z"));
    assertThat(decision.untilNext()).contains(Duration.ofMinutes(59).plusSeconds(55));
    assertThat(Catchup.missedMessage(decision, 3600)).isEmpty();
  }

  @Test
  void nothingIsDueBetweenTimes() {
    ScheduleDecision decision =
        Catchup.decide(HOURLY, at("2025-03-01T10:00:00Z"), 3600, false, at("2025-03-01T10:30:00Z"));

    assertThat(decision.latestDue()).isEmpty();
    assertThat(decision.toRun()).isEmpty();
    assertThat(decision.onTime()).isFalse();
    assertThat(decision.missed().isEmpty()).isTrue();
    assertThat(decision.untilNext()).contains(Duration.ofMinutes(30));
  }

  @Test
  void afterDowntimeWithinTheDeadlineOnlyTheLatestMissedTimeRuns() {
    ScheduleDecision decision =
        Catchup.decide(HOURLY, at("2025-03-01T05:00:00Z"), 3600, false, at("2025-03-01T10:20:00Z"));

    assertThat(decision.toRun()).map(ScheduledTime::instant).contains(at("2025-03-01T10:00:00Z"));
    MissedTimes missed = decision.missed();
    assertThat(missed.count()).isEqualTo(4);
    assertThat(missed.moreThanCounted()).isFalse();
    assertThat(missed.earliest()).map(ScheduledTime::instant).contains(at("2025-03-01T06:00:00Z"));
    assertThat(missed.latest()).map(ScheduledTime::instant).contains(at("2025-03-01T09:00:00Z"));
    assertThat(Catchup.missedMessage(decision, 3600))
        .contains(
            "Missed 4 scheduled times from 2025-03-01T06:00Z[UTC] to 2025-03-01T09:00Z[UTC]: "
                + "only the latest due time, 2025-03-01T10:00Z[UTC], runs now");
    assertThat(decision.next()).map(ScheduledTime::instant).contains(at("2025-03-01T11:00:00Z"));
  }

  @Test
  void afterDowntimeBeyondTheDeadlineNothingRunsAndEveryDueTimeIsMissed() {
    ScheduleDecision decision =
        Catchup.decide(HOURLY, at("2025-03-01T05:00:00Z"), 600, false, at("2025-03-01T10:20:00Z"));

    assertThat(decision.toRun()).isEmpty();
    assertThat(decision.onTime()).isFalse();
    assertThat(decision.latestDue())
        .map(ScheduledTime::instant)
        .contains(at("2025-03-01T10:00:00Z"));
    MissedTimes missed = decision.missed();
    assertThat(missed.count()).isEqualTo(5);
    assertThat(missed.earliest()).map(ScheduledTime::instant).contains(at("2025-03-01T06:00:00Z"));
    assertThat(missed.latest()).map(ScheduledTime::instant).contains(at("2025-03-01T10:00:00Z"));
    assertThat(decision.next()).map(ScheduledTime::instant).contains(at("2025-03-01T11:00:00Z"));
    assertThat(Catchup.missedMessage(decision, 600))
        .contains(
            "Missed 5 scheduled times from 2025-03-01T06:00Z[UTC] to 2025-03-01T10:00Z[UTC]: "
                + "more than 600 s late (startingDeadlineSeconds), so no run starts; the next "
                + "run is at 2025-03-01T11:00Z[UTC]");
  }

  @Test
  void aSingleTimeTooLateIsTheOnlyMissedOne() {
    ScheduleDecision decision =
        Catchup.decide(HOURLY, at("2025-03-01T09:00:00Z"), 600, false, at("2025-03-01T10:20:00Z"));

    assertThat(decision.toRun()).isEmpty();
    assertThat(decision.missed().count()).isEqualTo(1);
    assertThat(decision.missed().describe()).isEqualTo("the scheduled time 2025-03-01T10:00Z[UTC]");
  }

  @Test
  void theDeadlineIsInclusive() {
    Instant since = at("2025-03-01T09:00:00Z");

    assertThat(Catchup.decide(HOURLY, since, 600, false, at("2025-03-01T10:10:00Z")).toRun())
        .isPresent();
    assertThat(Catchup.decide(HOURLY, since, 600, false, at("2025-03-01T10:10:01Z")).toRun())
        .isEmpty();
  }

  @Test
  void aDeadlineOfZeroStillRunsATimeReconciledOnTimeButNoCatchUp() {
    Instant since = at("2025-03-01T09:00:00Z");

    ScheduleDecision justLate =
        Catchup.decide(HOURLY, since, 0, false, at("2025-03-01T10:00:00.250Z"));
    ScheduleDecision aMinuteLate =
        Catchup.decide(HOURLY, since, 0, false, at("2025-03-01T10:01:00Z"));
    ScheduleDecision overAMinuteLate =
        Catchup.decide(HOURLY, since, 0, false, at("2025-03-01T10:01:01Z"));

    assertThat(justLate.toRun()).isPresent();
    assertThat(aMinuteLate.toRun()).isPresent();
    assertThat(overAMinuteLate.toRun()).isEmpty();
    assertThat(overAMinuteLate.missed().count()).isEqualTo(1);
    assertThat(Catchup.missedMessage(overAMinuteLate, 0))
        .hasValueSatisfying(m -> assertThat(m).contains("more than 60 s late"));
  }

  @Test
  void withoutDeadlineTheLatestDueTimeRunsHoweverLate() {
    ScheduleDecision decision =
        Catchup.decide(
            DAILY_AT_SIX, at("2025-01-01T06:00:00Z"), null, false, at("2025-03-01T07:00:00Z"));

    assertThat(decision.toRun()).map(ScheduledTime::instant).contains(at("2025-03-01T06:00:00Z"));
    // 2 January to 28 February.
    assertThat(decision.missed().count()).isEqualTo(58);
    assertThat(decision.missed().earliest())
        .map(ScheduledTime::instant)
        .contains(at("2025-01-02T06:00:00Z"));
    assertThat(decision.missed().latest())
        .map(ScheduledTime::instant)
        .contains(at("2025-02-28T06:00:00Z"));
  }

  @Test
  void aJobNeverRunCountsFromItsCreation() {
    ScheduleDecision createdBefore =
        Catchup.decide(
            DAILY_AT_SIX, at("2025-03-01T05:59:30Z"), 3600, false, at("2025-03-01T06:00:10Z"));
    ScheduleDecision createdAfter =
        Catchup.decide(
            DAILY_AT_SIX, at("2025-03-01T06:00:30Z"), 3600, false, at("2025-03-01T06:00:40Z"));

    assertThat(createdBefore.toRun())
        .map(ScheduledTime::instant)
        .contains(at("2025-03-01T06:00:00Z"));
    assertThat(createdBefore.missed().isEmpty()).isTrue();
    assertThat(createdAfter.toRun()).isEmpty();
    assertThat(createdAfter.missed().isEmpty()).isTrue();
    assertThat(createdAfter.next())
        .map(ScheduledTime::instant)
        .contains(at("2025-03-02T06:00:00Z"));
  }

  @Test
  void theTimeOfTheLastRunIsNotRunAgain() {
    ScheduleDecision decision =
        Catchup.decide(
            DAILY_AT_SIX, at("2025-03-01T06:00:00Z"), 3600, false, at("2025-03-01T06:00:30Z"));

    assertThat(decision.latestDue()).isEmpty();
    assertThat(decision.next()).map(ScheduledTime::instant).contains(at("2025-03-02T06:00:00Z"));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS) // guards against counting 525,600 times
  void aPerMinuteScheduleDownForAYearCountsAHundredMissedTimesAndSaysMore() {
    CronSchedule everyMinute = valid("* * * * *", "UTC");

    ScheduleDecision decision =
        Catchup.decide(
            everyMinute, at("2024-01-01T00:00:00Z"), null, false, at("2025-01-01T00:00:30Z"));

    assertThat(decision.toRun()).map(ScheduledTime::instant).contains(at("2025-01-01T00:00:00Z"));
    MissedTimes missed = decision.missed();
    assertThat(missed.count()).isEqualTo(Catchup.MAX_COUNTED);
    assertThat(missed.moreThanCounted()).isTrue();
    assertThat(missed.earliest()).map(ScheduledTime::instant).contains(at("2024-01-01T00:01:00Z"));
    assertThat(missed.latest()).map(ScheduledTime::instant).contains(at("2024-12-31T23:59:00Z"));
    assertThat(missed.describe())
        .startsWith("more than 100 scheduled times from 2024-01-01T00:01Z[UTC] to ");
    assertThat(decision.next()).map(ScheduledTime::instant).contains(at("2025-01-01T00:01:00Z"));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void anHourlyScheduleDownForTenYearsBeyondItsDeadlineRunsNothing() {
    ScheduleDecision decision =
        Catchup.decide(HOURLY, at("2015-01-01T00:00:00Z"), 600, false, at("2025-01-01T00:30:00Z"));

    assertThat(decision.toRun()).isEmpty();
    MissedTimes missed = decision.missed();
    assertThat(missed.moreThanCounted()).isTrue();
    assertThat(missed.count()).isEqualTo(Catchup.MAX_COUNTED);
    assertThat(missed.earliest()).map(ScheduledTime::instant).contains(at("2015-01-01T01:00:00Z"));
    assertThat(missed.latest()).map(ScheduledTime::instant).contains(at("2025-01-01T00:00:00Z"));
  }

  @Test
  void aPausedScheduleCreatesNothingMissesNothingAndHasNoNextTime() {
    ScheduleDecision decision =
        Catchup.decide(HOURLY, at("2025-03-01T05:00:00Z"), 600, true, at("2025-03-01T10:20:00Z"));

    assertThat(decision.paused()).isTrue();
    assertThat(decision.toRun()).isEmpty();
    assertThat(decision.latestDue()).isEmpty();
    assertThat(decision.missed().isEmpty()).isTrue();
    assertThat(decision.next()).isEmpty();
    assertThat(decision.untilNext()).isEmpty();
  }

  @Test
  void aResumedScheduleCatchesUpLikeACronJobUnlessGivenTheResumeTime() {
    Instant lastRun = at("2025-03-01T05:00:00Z");
    Instant resumed = at("2025-03-01T10:20:00Z");

    assertThat(Catchup.decide(HOURLY, lastRun, 3600, false, resumed).toRun())
        .map(ScheduledTime::instant)
        .contains(at("2025-03-01T10:00:00Z"));
    assertThat(Catchup.decide(HOURLY, resumed, 3600, false, resumed).toRun()).isEmpty();
  }

  @Test
  void aRecordedTimeAheadOfTheClockIsNotRunAgain() {
    ScheduleDecision decision =
        Catchup.decide(HOURLY, at("2025-03-01T12:00:00Z"), 3600, false, at("2025-03-01T10:30:00Z"));

    assertThat(decision.toRun()).isEmpty();
    assertThat(decision.next()).map(ScheduledTime::instant).contains(at("2025-03-01T13:00:00Z"));
    assertThat(decision.untilNext()).contains(Duration.ofMinutes(150));
  }

  @Test
  void aScheduleWithNoMoreTimesHasNoNextTime() {
    CronSchedule only2020 = valid("0 0 12 * * ? 2020", "UTC");

    ScheduleDecision decision =
        Catchup.decide(
            only2020, at("2020-12-31T12:00:00Z"), 3600, false, at("2025-03-01T10:30:00Z"));

    assertThat(decision.toRun()).isEmpty();
    assertThat(decision.next()).isEmpty();
    assertThat(decision.untilNext()).isEmpty();
  }

  @Test
  void theRunSkippedBySpringForwardIsCaughtUpUnderItsScheduledName() {
    CronSchedule paris = valid("30 2 * * *", "Europe/Paris");

    ScheduleDecision decision =
        Catchup.decide(paris, at("2025-03-29T01:30:00Z"), 3600, false, at("2025-03-30T01:31:00Z"));

    ScheduledTime run = decision.toRun().orElseThrow();
    assertThat(run.instant()).isEqualTo(at("2025-03-30T01:30:00Z"));
    assertThat(run.local()).isEqualTo(LocalDateTime.parse("2025-03-30T02:30"));
    assertThat(RunNames.scheduled("etl", run)).isEqualTo("etl-202503300230");
    assertThat(decision.next()).map(ScheduledTime::instant).contains(at("2025-03-31T00:30:00Z"));
  }

  @Test
  void theRepeatedHourDoesNotRunTwice() {
    CronSchedule newYork = valid("30 1 * * *", "America/New_York");
    // The 01:30 EDT run happened; it is now 01:31 EST, the second 01:30 has just passed.
    ScheduleDecision decision =
        Catchup.decide(
            newYork, at("2025-11-02T05:30:00Z"), 3600, false, at("2025-11-02T06:31:00Z"));

    assertThat(decision.latestDue()).isEmpty();
    assertThat(decision.next()).map(ScheduledTime::instant).contains(at("2025-11-03T06:30:00Z"));
  }
}
