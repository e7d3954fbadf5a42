package dev.lakehouse.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.operator.workspace.SecretKeys;
import dev.lakehouse.operator.workspace.WorkspaceResources;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SecretKeys} as a ServiceAccount with no cluster-wide access to Secrets, as the Helm chart
 * installs the operator: it reads Secrets only in a namespace whose RoleBinding grants the
 * Secret-reading ClusterRole, answers "not known yet" (not "missing") where it may not read, starts
 * watching a namespace once it may, and caches keys without values.
 */
class SecretKeysOnRealApiServerTest {
  static final String OPERATOR_NS = "it-keys-system";
  static final String SERVICE_ACCOUNT = "it-keys-operator";
  static final String BOUND = "it-keys-bound";
  static final String UNBOUND = "it-keys-unbound";
  static final String SENTINEL = "SENTINEL-keys-8c2d";

  static KubernetesClient admin;
  static KubernetesClient asOperator;

  @BeforeAll
  static void start() throws Exception {
    admin = RealApiServer.shared().client();
    for (String ns : List.of(OPERATOR_NS, BOUND, UNBOUND)) {
      admin
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
      secret(ns, "s3", "accessKeyId", "secretAccessKey");
    }
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(SERVICE_ACCOUNT)
                .withNamespace(OPERATOR_NS)
                .endMetadata()
                .build())
        .serverSideApply();
    // The chart's lakehouse-operator-secret-reader, bound by no ClusterRoleBinding.
    admin
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(WorkspaceResources.SECRET_READER)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("secrets")
                        .withVerbs("get", "list", "watch")
                        .build())
                .build())
        .serverSideApply();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(OPERATOR_NS)
            .withName(SERVICE_ACCOUNT)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config config = Config.fromKubeconfig(Files.readString(RealApiServer.shared().kubeconfig()));
    config.setClientCertData(null);
    config.setClientCertFile(null);
    config.setClientKeyData(null);
    config.setClientKeyFile(null);
    config.setOauthToken(token);
    asOperator = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterAll
  static void stop() {
    asOperator.close();
  }

  @Test
  void readsAndWatchesOnlyWhereARoleBindingAllows() {
    assertThatThrownBy(() -> asOperator.secrets().inAnyNamespace().list())
        .as("no cluster-wide list")
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    List<String> changes = new CopyOnWriteArrayList<>();
    try (SecretKeys keys = new SecretKeys(asOperator, Clock.systemUTC())) {
      keys.onChange((namespace, name) -> changes.add(namespace + "/" + name));

      // Not allowed yet: neither present nor missing, and nothing watched.
      SecretKeys.Reading before = keys.reading();
      assertThat(before.keys(BOUND, "s3")).isEmpty();
      assertThat(before.complete()).isFalse();
      assertThat(before.unknown()).containsExactly(BOUND + "/s3");
      assertThat(keys.watched()).isEmpty();

      Instant bound = Instant.now();
      admin
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName(WorkspaceResources.SECRET_READER)
                  .withNamespace(BOUND)
                  .endMetadata()
                  .withNewRoleRef(
                      "rbac.authorization.k8s.io", "ClusterRole", WorkspaceResources.SECRET_READER)
                  .withSubjects(
                      new SubjectBuilder()
                          .withKind("ServiceAccount")
                          .withName(SERVICE_ACCOUNT)
                          .withNamespace(OPERATOR_NS)
                          .build())
                  .build())
          .serverSideApply();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> keys.reading().keys(BOUND, "s3").isPresent());
      System.out.printf(
          "[secret-keys] readable %d ms after the RoleBinding was created%n",
          Duration.between(bound, Instant.now()).toMillis());
      SecretKeys.Reading allowed = keys.reading();
      assertThat(allowed.keys(BOUND, "s3"))
          .hasValue(java.util.Set.of("accessKeyId", "secretAccessKey"));
      assertThat(allowed.keys(BOUND, "absent")).isEmpty();
      assertThat(allowed.complete()).as("a missing Secret is known to be missing").isTrue();
      assertThat(keys.watched()).containsExactly(BOUND);
      await().atMost(Duration.ofSeconds(10)).until(() -> keys.synced(BOUND));

      // The neighbouring namespace stays out of reach.
      SecretKeys.Reading neighbour = keys.reading();
      assertThat(neighbour.keys(UNBOUND, "s3")).isEmpty();
      assertThat(neighbour.complete()).isFalse();
      assertThat(keys.watched()).containsExactly(BOUND);

      // From now on the watch tells of new Secrets, and lookups read the cache.
      secret(BOUND, "catalog", "token");
      await().atMost(Duration.ofSeconds(5)).until(() -> changes.contains(BOUND + "/catalog"));
      assertThat(keys.reading().keys(BOUND, "catalog")).hasValue(java.util.Set.of("token"));
      assertThat(changes).noneMatch(c -> c.startsWith(UNBOUND + "/"));

      String cached = admin.getKubernetesSerialization().asJson(keys.cached(BOUND));
      String base64 = Base64.getEncoder().encodeToString(SENTINEL.getBytes(StandardCharsets.UTF_8));
      assertThat(cached).contains("\"accessKeyId\":\"\"").doesNotContain(SENTINEL);
      assertThat(cached).doesNotContain(base64);

      keys.forget(BOUND);
      assertThat(keys.watched()).isEmpty();
      assertThat(keys.cached(BOUND)).isEmpty();
    }
  }

  private static void secret(String namespace, String name, String... keys) {
    SecretBuilder secret =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
    for (String key : keys) {
      secret.addToStringData(key, SENTINEL);
    }
    admin.resource(secret.build()).serverSideApply();
  }
}
