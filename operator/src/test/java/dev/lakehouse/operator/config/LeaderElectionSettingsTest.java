package dev.lakehouse.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Lease's durations: java-operator-sdk's by default, the settings' when set, and refused when
 * two replicas could lead at once.
 */
class LeaderElectionSettingsTest {

  @Test
  void theDefaultsAreJavaOperatorSdks() throws Exception {
    assertThat(defaultOf("leaseDuration"))
        .isEqualTo(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE);
    assertThat(defaultOf("renewDeadline"))
        .isEqualTo(LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE);
    assertThat(defaultOf("retryPeriod"))
        .isEqualTo(LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE);
  }

  @Test
  void theConfiguredDurationsReachTheLeaderElection() {
    LeaderElectionConfiguration election =
        new OperatorBeans()
            .leaderElection(
                settings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500)),
                new OperatorNamespace("lakehouse-system"));
    assertThat(election.getLeaseDuration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(election.getRenewDeadline()).isEqualTo(Duration.ofSeconds(3));
    assertThat(election.getRetryPeriod()).isEqualTo(Duration.ofMillis(500));
    assertThat(election.getLeaseName()).isEqualTo("lakehouse-operator");
    assertThat(election.getLeaseNamespace()).contains("lakehouse-system");
    assertThat(election.getLeaderCallbacks()).isPresent();
  }

  @Test
  void durationsWithWhichTwoReplicasCouldLeadAreRefused() {
    OperatorNamespace ns = new OperatorNamespace("lakehouse-system");
    assertThatThrownBy(
            () ->
                new OperatorBeans()
                    .leaderElection(
                        settings(
                            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1)),
                        ns))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry-period < renew-deadline < lease-duration")
        .hasMessageContaining("renew-deadline PT5S");
    assertThatThrownBy(
            () ->
                OperatorBeans.checkLeaderElectionDurations(
                    Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                OperatorBeans.checkLeaderElectionDurations(
                    Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    OperatorBeans.checkLeaderElectionDurations(
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  private static Duration defaultOf(String method) throws NoSuchMethodException {
    String value =
        OperatorSettings.LeaderElection.class
            .getMethod(method)
            .getAnnotation(WithDefault.class)
            .value();
    return DurationConverter.parseDuration(value);
  }

  private static OperatorSettings settings(Duration lease, Duration renew, Duration retry) {
    OperatorSettings.LeaderElection election =
        new OperatorSettings.LeaderElection() {
          @Override
          public String leaseName() {
            return "lakehouse-operator";
          }

          @Override
          public Optional<String> leaseNamespace() {
            return Optional.empty();
          }

          @Override
          public Duration leaseDuration() {
            return lease;
          }

          @Override
          public Duration renewDeadline() {
            return renew;
          }

          @Override
          public Duration retryPeriod() {
            return retry;
          }
        };
    return new OperatorSettings() {
      @Override
      public Engine engine() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Activity activity() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Autoscaler autoscaler() {
        throw new UnsupportedOperationException();
      }

      @Override
      public LeaderElection leaderElection() {
        return election;
      }

      @Override
      public Warehouse warehouse() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String serviceAccount() {
        return "lakehouse-operator";
      }
    };
  }
}
