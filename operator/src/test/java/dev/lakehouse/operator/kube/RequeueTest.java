package dev.lakehouse.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequeueTest {
  @Test
  void theEarliestDeadlineWins() {
    assertThat(Requeue.earliest(Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofHours(1)))
        .contains(Duration.ofSeconds(2));
  }

  @Test
  void missingDeadlinesAreIgnored() {
    assertThat(Requeue.earliest(null, Duration.ofMinutes(3), null)).contains(Duration.ofMinutes(3));
    assertThat(Requeue.earliest(null, null)).isEmpty();
    assertThat(Requeue.earliest()).isEmpty();
  }

  @Test
  void aDeadlineJustPassedIsLookedAtInASecondNotInALoop() {
    assertThat(Requeue.earliest(Duration.ZERO)).contains(Requeue.MINIMUM);
    assertThat(Requeue.earliest(Duration.ofSeconds(-5), Duration.ofMinutes(1)))
        .contains(Duration.ofSeconds(1));
  }
}
