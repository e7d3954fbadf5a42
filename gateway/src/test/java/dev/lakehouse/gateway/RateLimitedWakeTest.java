package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedWakeTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicInteger wakes = new AtomicInteger();
  private final RateLimitedWake wake =
      new RateLimitedWake(RateLimitedWake.INTERVAL, now::get, wakes::incrementAndGet);

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Test
  void theFirstRequestWakes() {
    assertThat(wake.request()).isTrue();
    assertThat(wakes).hasValue(1);
  }

  @Test
  void requestsWithinTenSecondsOfAWakeAreDropped() {
    wake.request();
    for (int i = 0; i < 99; i++) {
      advance(Duration.ofMillis(100));
      assertThat(wake.request()).isFalse();
    }
    assertThat(wakes).hasValue(1);
  }

  @Test
  void aRequestTenSecondsAfterTheLastWakeWakesAgain() {
    wake.request();
    advance(Duration.ofSeconds(9));
    wake.request();
    advance(Duration.ofSeconds(1));

    assertThat(wake.request()).isTrue();
    assertThat(wakes).hasValue(2);
    advance(Duration.ofSeconds(5));
    assertThat(wake.request()).isFalse();
    assertThat(wakes).hasValue(2);
  }

  @Test
  void aNegativeClockStartIsNoSpecialCase() {
    now.set(Long.MIN_VALUE + 5);
    assertThat(wake.request()).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(wake.request()).isFalse();
  }
}
