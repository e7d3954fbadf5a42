package dev.lakehouse.operator.job.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunNamesTest {
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS_SUBDOMAIN = DNS_LABEL + "(\\." + DNS_LABEL + ")*";
  private static final LocalDateTime HALF_PAST_TWO = LocalDateTime.parse("2025-03-30T02:30");

  @Test
  void aScheduledRunIsNamedAfterItsLocalTimeToTheMinute() {
    assertThat(RunNames.scheduled("nightly-etl", HALF_PAST_TWO))
        .isEqualTo("nightly-etl-202503300230");
    assertThat(RunNames.scheduled("nightly-etl", LocalDateTime.parse("2025-12-01T06:00:30")))
        .isEqualTo("nightly-etl-202512010600");
  }

  @Test
  void aScheduledTimeNamesItsRunAfterTheScheduledLocalTimeNotTheInstant() {
    ScheduledTime time = ScheduledTime.at(HALF_PAST_TWO, ZoneId.of("Europe/Paris"));

    assertThat(time.shifted()).isTrue();
    assertThat(RunNames.scheduled("etl", time)).isEqualTo("etl-202503300230");
  }

  @Test
  void namesAreTheSameEachTime() {
    assertThat(RunNames.scheduled("etl", HALF_PAST_TWO))
        .isEqualTo(RunNames.scheduled("etl", HALF_PAST_TWO));
    assertThat(RunNames.manual("etl", "x")).isEqualTo(RunNames.manual("etl", "x"));
    assertThat(RunNames.attempt("etl-202503300230", "load", 2))
        .isEqualTo(RunNames.attempt("etl-202503300230", "load", 2));
  }

  @Test
  void aJobNameWithDotsMakesValidRunNames() {
    assertThat(RunNames.scheduled("team.etl", HALF_PAST_TWO))
        .isEqualTo("team.etl-202503300230")
        .matches(DNS_SUBDOMAIN);
  }

  @Test
  void aScheduledRunOfALongJobNameIsCutAndHashedTo253() {
    String job = "a".repeat(245);
    String other = "a".repeat(244) + "b";

    String name = RunNames.scheduled(job, HALF_PAST_TWO);

    assertThat(name).hasSizeLessThanOrEqualTo(RunNames.MAX_NAME).matches(DNS_SUBDOMAIN);
    assertThat(name).endsWith("-" + RunNames.hash(job) + "-202503300230");
    assertThat(RunNames.scheduled(other, HALF_PAST_TWO))
        .isNotEqualTo(name)
        .hasSizeLessThanOrEqualTo(RunNames.MAX_NAME);
  }

  @Test
  void aJobNameThatJustFitsIsKeptWhole() {
    String job = "j".repeat(RunNames.MAX_NAME - "-202503300230".length());

    assertThat(RunNames.scheduled(job, HALF_PAST_TWO))
        .isEqualTo(job + "-202503300230")
        .hasSize(RunNames.MAX_NAME);
    assertThat(RunNames.scheduled(job + "j", HALF_PAST_TWO))
        .hasSize(RunNames.MAX_NAME)
        .contains(RunNames.hash(job + "j"));
  }

  @Test
  void aCutNeverEndsAPartWithADotOrADash() {
    // The cut falls right after "x." and "x-".
    int cut = RunNames.MAX_NAME - "-202503300230".length() - RunNames.HASH_LENGTH - 1;
    String dotted = "x".repeat(cut - 1) + "." + "y".repeat(20);
    String dashed = "x".repeat(cut - 1) + "-" + "y".repeat(20);

    assertThat(RunNames.scheduled(dotted, HALF_PAST_TWO))
        .matches(DNS_SUBDOMAIN)
        .startsWith("x".repeat(cut - 1) + "-" + RunNames.hash(dotted));
    assertThat(RunNames.scheduled(dashed, HALF_PAST_TWO))
        .matches(DNS_SUBDOMAIN)
        .startsWith("x".repeat(cut - 1) + "-" + RunNames.hash(dashed));
  }

  @Test
  void aManualRunIsNamedAfterTheHashOfItsToken() {
    // sha256("2025-03-01T10:00:00Z") = e6015c2400525cf4c09d7dd3…
    assertThat(RunNames.manual("etl", "2025-03-01T10:00:00Z")).isEqualTo("etl-manual-e6015c2400");
    // sha256("") = e3b0c44298fc1c149afb…
    assertThat(RunNames.manual("etl", "")).isEqualTo("etl-manual-e3b0c44298");
  }

  @Test
  void differentTokensMakeDifferentManualRuns() {
    assertThat(RunNames.manual("etl", "2025-03-01T10:00:00Z"))
        .isNotEqualTo(RunNames.manual("etl", "2025-03-01T10:00:01Z"));
  }

  @Test
  void aManualRunOfALongJobNameFits253() {
    String name = RunNames.manual("m".repeat(253), "now");

    assertThat(name)
        .hasSizeLessThanOrEqualTo(RunNames.MAX_NAME)
        .matches(DNS_SUBDOMAIN)
        .endsWith("-manual-" + RunNames.hash("now"));
  }

  @Test
  void anAttemptIsRunTaskAttemptWhenItFits() {
    assertThat(RunNames.attempt("etl-202503300230", "load", 1))
        .isEqualTo("etl-202503300230-load-1");
    assertThat(RunNames.attempt("etl-202503300230", "load", 0))
        .isEqualTo("etl-202503300230-load-0");
  }

  @Test
  void anAttemptOfExactly63CharactersIsKeptWhole() {
    String run = "r".repeat(63 - "-load-1".length());

    assertThat(RunNames.attempt(run, "load", 1)).isEqualTo(run + "-load-1").hasSize(63);
    assertThat(RunNames.attempt(run + "r", "load", 1))
        .hasSizeLessThanOrEqualTo(63)
        .isNotEqualTo(run + "r-load-1")
        .endsWith("-1");
  }

  @Test
  void aLongAttemptNameIsCutAndHashedIntoADnsLabel() {
    String run = "quarterly-revenue-reconciliation-and-forecast-202503300230";
    String task = "aggregate-by-region-and-product-line";

    String first = RunNames.attempt(run, task, 1);
    String second = RunNames.attempt(run, task, 2);

    assertThat(first).hasSizeLessThanOrEqualTo(RunNames.MAX_LABEL).matches(DNS_LABEL);
    assertThat(first).startsWith("quarterly-revenue").endsWith("-1");
    assertThat(first).contains(RunNames.hash(run + "/" + task));
    // The attempts of a task differ only in their number.
    assertThat(second).isEqualTo(first.substring(0, first.length() - 1) + "2");
  }

  @Test
  void namesCutToTheSamePrefixStayApart() {
    String prefix = "p".repeat(50);

    String one = RunNames.attempt(prefix + "-202503300230", "load", 1);
    String other = RunNames.attempt(prefix + "-202503300330", "load", 1);
    String otherTask = RunNames.attempt(prefix + "-202503300230", "clean", 1);

    assertThat(one).isNotEqualTo(other).isNotEqualTo(otherTask);
    assertThat(other).isNotEqualTo(otherTask);
    assertThat(one.substring(0, 30)).isEqualTo(other.substring(0, 30));
  }

  @Test
  void theSplitBetweenRunAndTaskIsPartOfTheHash() {
    // "ab-c" + "d" and "ab" + "c-d" read the same once joined.
    String longer = "x".repeat(60);

    assertThat(RunNames.attempt(longer + "-ab-c", "d", 1))
        .isNotEqualTo(RunNames.attempt(longer + "-ab", "c-d", 1));
  }

  @Test
  void aRunNameWithDotsMakesAnAttemptNameWithout() {
    String name = RunNames.attempt("team.etl-202503300230", "load", 1);

    assertThat(name).matches(DNS_LABEL).doesNotContain(".").startsWith("team-etl-202503300230");
    // Dots made dashes do not collide with real dashes.
    assertThat(name).isNotEqualTo(RunNames.attempt("team-etl-202503300230", "load", 1));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 9, 10, 99, 1000, Integer.MAX_VALUE})
  void theLongestNamesStayValidLabelsForAnyAttempt(int attempt) {
    String run = "r".repeat(240) + ".x-202503300230";
    String task = "t".repeat(40);

    String name = RunNames.attempt(run, task, attempt);

    assertThat(name)
        .hasSizeLessThanOrEqualTo(RunNames.MAX_LABEL)
        .matches(DNS_LABEL)
        .endsWith("-" + attempt);
  }

  @Test
  void aNegativeAttemptIsAMistakeOfTheCaller() {
    assertThatThrownBy(() -> RunNames.attempt("etl-1", "load", -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunNames.scheduled("", HALF_PAST_TWO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
