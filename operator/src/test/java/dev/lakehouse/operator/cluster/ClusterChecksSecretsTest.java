package dev.lakehouse.operator.cluster;

import static dev.lakehouse.operator.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.operator.kube.Problem;
import dev.lakehouse.operator.workspace.SecretLookup;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Secrets a Cluster's environment takes values from, checked before its engines start. */
class ClusterChecksSecretsTest {
  private static final Cluster WITH_SECRET_ENV =
      cluster(
          """
          workers: 1
          env:
            - {name: STAGE, value: staging}
            - {name: WEBHOOK_TOKEN, secretKeyRef: {name: webhook, key: token}}
          """);

  private static SecretLookup secrets(Map<String, Set<String>> byName) {
    return (namespace, name) ->
        "analytics-ns".equals(namespace) ? Optional.ofNullable(byName.get(name)) : Optional.empty();
  }

  @Test
  void aSecretWithTheKeyInTheClustersNamespaceIsNoProblem() {
    assertThat(ClusterChecks.secrets(WITH_SECRET_ENV, secrets(Map.of("webhook", Set.of("token")))))
        .isEmpty();
  }

  @Test
  void aMissingSecretIsSecretNotFoundNamingTheVariableTheSecretAndTheKey() {
    Optional<Problem> problem = ClusterChecks.secrets(WITH_SECRET_ENV, secrets(Map.of()));

    assertThat(problem).map(Problem::reason).contains(Reason.SecretNotFound);
    assertThat(problem.orElseThrow().message())
        .contains("spec.env WEBHOOK_TOKEN")
        .contains("Secret webhook")
        .contains("namespace analytics-ns")
        .contains("create it with key token");
  }

  @Test
  void aSecretWithoutTheKeyIsSecretKeyNotFound() {
    Optional<Problem> problem =
        ClusterChecks.secrets(WITH_SECRET_ENV, secrets(Map.of("webhook", Set.of("other"))));

    assertThat(problem).map(Problem::reason).contains(Reason.SecretKeyNotFound);
    assertThat(problem.orElseThrow().message()).contains("has no key token");
  }

  @Test
  void literalValuesNeedNoSecretAndOnlyReferencedSecretsAreNamed() {
    assertThat(ClusterChecks.secrets(cluster("workers: 1\n"), secrets(Map.of()))).isEmpty();
    assertThat(ClusterChecks.secretNames(WITH_SECRET_ENV)).containsExactly("webhook");
  }
}
