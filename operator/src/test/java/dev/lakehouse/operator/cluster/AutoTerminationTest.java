package dev.lakehouse.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AutoTerminationTest {
  private static final Instant LAST = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void idleShorterThanTheLimitKeepsRunning() {
    assertThat(
            AutoTermination.idleTooLong(
                30, LAST, LAST.plus(Duration.ofMinutes(29).plusSeconds(59))))
        .isFalse();
  }

  @Test
  void idleExactlyTheLimitStops() {
    assertThat(AutoTermination.idleTooLong(30, LAST, LAST.plus(Duration.ofMinutes(30)))).isTrue();
  }

  @Test
  void idleLongerThanTheLimitStops() {
    assertThat(AutoTermination.idleTooLong(30, LAST, LAST.plus(Duration.ofHours(5)))).isTrue();
  }

  @Test
  void zeroMinutesNeverStops() {
    assertThat(AutoTermination.idleTooLong(0, LAST, LAST.plus(Duration.ofDays(30)))).isFalse();
  }

  @Test
  void unsetMinutesNeverStops() {
    assertThat(AutoTermination.idleTooLong(null, LAST, LAST.plus(Duration.ofDays(30)))).isFalse();
  }

  @Test
  void negativeMinutesNeverStops() {
    assertThat(AutoTermination.idleTooLong(-5, LAST, LAST.plus(Duration.ofDays(30)))).isFalse();
  }

  @Test
  void unknownLastActivityNeverStops() {
    assertThat(AutoTermination.idleTooLong(30, null, LAST.plus(Duration.ofDays(30)))).isFalse();
  }

  @Test
  void activityInTheFutureKeepsRunning() {
    assertThat(AutoTermination.idleTooLong(30, LAST, LAST.minus(Duration.ofMinutes(5)))).isFalse();
  }

  @Test
  void remainingIsTheTimeUntilTheLimit() {
    assertThat(AutoTermination.remaining(30, LAST, LAST.plus(Duration.ofMinutes(12))))
        .isEqualTo(Duration.ofMinutes(18));
  }

  @Test
  void remainingIsZeroOncePastTheLimit() {
    assertThat(AutoTermination.remaining(30, LAST, LAST.plus(Duration.ofMinutes(45))))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void remainingIsFiveMinutesWhenAutoTerminationIsOff() {
    assertThat(AutoTermination.remaining(0, LAST, LAST)).isEqualTo(Duration.ofMinutes(5));
    assertThat(AutoTermination.remaining(null, LAST, LAST)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void remainingIsFiveMinutesWithoutKnownActivity() {
    assertThat(AutoTermination.remaining(30, null, LAST)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void remainingReachesZeroExactlyWhenIdleTooLongTurnsTrue() {
    Instant limit = LAST.plus(Duration.ofMinutes(30));

    assertThat(AutoTermination.remaining(30, LAST, limit)).isEqualTo(Duration.ZERO);
    assertThat(AutoTermination.idleTooLong(30, LAST, limit)).isTrue();
    assertThat(AutoTermination.remaining(30, LAST, limit.minusSeconds(1)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(AutoTermination.idleTooLong(30, LAST, limit.minusSeconds(1))).isFalse();
  }
}
