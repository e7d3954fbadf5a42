package dev.lakehouse.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The end-to-end suite checks the other half: a SIGTERM during leadership ends the process
 * promptly.
 */
class LostLeadershipTest {
  @Test
  void aRunningJvmIsNotShuttingDown() {
    assertThat(LostLeadership.shuttingDown()).isFalse();
  }
}
