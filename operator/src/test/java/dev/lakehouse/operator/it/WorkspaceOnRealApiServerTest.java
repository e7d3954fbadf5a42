package dev.lakehouse.operator.it;

import static dev.lakehouse.operator.it.ItSupport.apply;
import static dev.lakehouse.operator.it.ItSupport.awaitWorkspace;
import static dev.lakehouse.operator.it.ItSupport.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Workspace reconciler against a real kube-apiserver. */
class WorkspaceOnRealApiServerTest {
  static OperatorHarness harness;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    harness = new OperatorHarness();
    client = harness.client;
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void createsAndOwnsItsNamespaceAccessAndLimits() {
    Workspace workspace =
        ItSupport.readyWorkspace(
            client,
            "ws-owned",
            """
        {namespace: ws-owned, access: {adminGroups: [admins], userGroups: [engineers, scientists],
         viewerGroups: [readers]}, quota: {cpu: "32", memory: 128Gi, clusters: 5}}""");

    Namespace namespace = client.namespaces().withName("ws-owned").get();
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("lakehouse.dev/workspace", "ws-owned")
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(namespace.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(workspace.getMetadata().getUid()));
    RoleBinding users =
        client.rbac().roleBindings().inNamespace("ws-owned").withName("lakehouse-users").get();
    assertThat(users.getRoleRef().getName()).isEqualTo("lakehouse-editor");
    assertThat(users.getSubjects())
        .extracting(s -> s.getKind() + ":" + s.getName())
        .containsExactly("Group:engineers", "Group:scientists");
    assertThat(
            client
                .resourceQuotas()
                .inNamespace("ws-owned")
                .withName("lakehouse-quota")
                .get()
                .getSpec()
                .getHard())
        .containsKeys("requests.cpu", "requests.memory", "count/clusters.lakehouse.dev");
    assertThat(client.serviceAccounts().inNamespace("ws-owned").withName("lakehouse-engine").get())
        .isNotNull();
    assertThat(
            client
                .network()
                .networkPolicies()
                .inNamespace("ws-owned")
                .withName("lakehouse-default-deny")
                .get()
                .getSpec()
                .getPolicyTypes())
        .containsExactly("Ingress", "Egress");
    assertThat(workspace.getStatus().namespace).isEqualTo("ws-owned");
    assertThat(workspace.getStatus().observedGeneration)
        .isEqualTo(workspace.getMetadata().getGeneration());
  }

  @Test
  void isNotReadyForEnginesUntilItsQuotaIsCounted() {
    apply(
        client,
        Workspace.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: ws-quota}
        spec: {quota: {clusters: 3}}
        """);
    ItSupport.activateNamespace(client, "ws-quota");
    Workspace waiting =
        awaitWorkspace(
            client,
            "ws-quota",
            w ->
                "QuotaPending"
                    .equals(
                        reason(w.getStatus() == null ? null : w.getStatus().conditions, "Ready")));
    assertThat(waiting.getStatus().phase).isEqualTo("Pending");

    // Limits reported but the Clusters not counted yet: the API server would still refuse one.
    ItSupport.reportQuotaWithoutUsage(client, "ws-quota");
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(
            reason(
                client.resources(Workspace.class).withName("ws-quota").get().getStatus().conditions,
                "Ready"))
        .isEqualTo("QuotaPending");

    ItSupport.countQuotas(client, "ws-quota");

    awaitWorkspace(
        client, "ws-quota", w -> "Ready".equals(reason(w.getStatus().conditions, "Ready")));
  }

  @Test
  void aGroupListRemovedFromTheSpecRemovesItsRoleBinding() {
    ItSupport.readyWorkspace(
        client, "ws-prune", "{access: {adminGroups: [admins], viewerGroups: [readers]}}");
    assertThat(
            client
                .rbac()
                .roleBindings()
                .inNamespace("ws-prune")
                .withName("lakehouse-viewers")
                .get())
        .isNotNull();

    apply(
        client,
        Workspace.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: ws-prune}
        spec: {access: {adminGroups: [admins]}}
        """);

    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () ->
                client
                        .rbac()
                        .roleBindings()
                        .inNamespace("ws-prune")
                        .withName("lakehouse-viewers")
                        .get()
                    == null);
    assertThat(
            client.rbac().roleBindings().inNamespace("ws-prune").withName("lakehouse-admins").get())
        .isNotNull();
  }

  @Test
  void aMissingSecretIsAConditionUntilTheSecretExists() {
    apply(
        client,
        Workspace.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: ws-secret}
        spec:
          storage:
            s3: {endpoint: "http://minio:9000", credentials: {secretName: s3, accessKeyIdKey: id}}
        """);
    Workspace unresolved =
        awaitWorkspace(
            client,
            "ws-secret",
            w ->
                "SecretNotFound"
                    .equals(
                        reason(
                            w.getStatus() == null ? null : w.getStatus().conditions,
                            "StorageResolved")));
    assertThat(unresolved.getStatus().phase).isEqualTo("Error");
    assertThat(unresolved.getStatus().conditions)
        .filteredOn(c -> c.type.equals("StorageResolved"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.message)
                    .isEqualTo(
                        "storage: Secret s3 not found in namespace ws-secret; "
                            + "create it with keys id, secretAccessKey"));

    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3")
                .withNamespace("ws-secret")
                .endMetadata()
                .addToStringData("id", "x")
                .build())
        .serverSideApply();
    // No touch of the Workspace: the Secret's own events reconcile it.
    Workspace missingKey =
        awaitWorkspace(
            client,
            "ws-secret",
            w -> "SecretKeyNotFound".equals(reason(w.getStatus().conditions, "StorageResolved")));
    assertThat(missingKey.getStatus().conditions)
        .filteredOn(c -> c.type.equals("StorageResolved"))
        .singleElement()
        .satisfies(c -> assertThat(c.message).contains("has no key secretAccessKey"));

    ItSupport.mergePatch(
        client.secrets().inNamespace("ws-secret").withName("s3"),
        "{\"stringData\":{\"secretAccessKey\":\"y\"}}");
    awaitWorkspace(
        client,
        "ws-secret",
        w -> "Resolved".equals(reason(w.getStatus().conditions, "StorageResolved")));
  }

  /**
   * A Workspace waiting for its Secret turns Ready within seconds of the Secret's creation (it used
   * to be looked at again every 30 s), and what the operator caches of the Secret has no value.
   */
  @Test
  void becomesReadyWithinSecondsOfItsSecretAndCachesNoValue() {
    String sentinel = "SENTINEL-ws-watch-5e1f";
    apply(
        client,
        Workspace.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: ws-watch}
        spec:
          catalogs:
            - {name: main, type: IcebergRest, uri: "http://nessie:19120/iceberg",
               credentials: {secretName: catalog-token, tokenKey: token}}
          storage:
            s3: {endpoint: "http://minio:9000", credentials: {secretName: s3-creds}}
        """);
    ItSupport.activateNamespace(client, "ws-watch");
    awaitWorkspace(
        client,
        "ws-watch",
        w ->
            "SecretNotFound"
                .equals(
                    reason(
                        w.getStatus() == null ? null : w.getStatus().conditions,
                        "StorageResolved")));
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("catalog-token")
                .withNamespace("ws-watch")
                .endMetadata()
                .addToStringData("token", sentinel)
                .build())
        .serverSideApply();
    awaitWorkspace(
        client,
        "ws-watch",
        w -> "Resolved".equals(reason(w.getStatus().conditions, "CatalogsResolved")));

    // As kubectl apply (client side) writes it: the last-applied annotation holds the values too.
    String lastApplied =
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{\"accessKeyId\":\"AKIA"
            + sentinel
            + "\",\"secretAccessKey\":\""
            + sentinel
            + "\"}}";
    Instant created = Instant.now();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3-creds")
                .withNamespace("ws-watch")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", lastApplied)
                .endMetadata()
                .addToStringData("accessKeyId", "AKIA" + sentinel)
                .addToStringData("secretAccessKey", sentinel)
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> client.resources(Workspace.class).withName("ws-watch").get(),
            w -> "Ready".equals(ItSupport.phase(w)));
    Duration toReady = Duration.between(created, Instant.now());
    System.out.printf(
        "[secret-watch] Workspace Ready %d ms after its Secret was created%n", toReady.toMillis());
    assertThat(toReady).isLessThan(Duration.ofSeconds(10));

    assertThat(harness.secretKeys.synced("ws-watch")).isTrue();
    var cached = harness.secretKeys.cached("ws-watch");
    assertThat(cached)
        .extracting(s -> s.getMetadata().getName())
        .contains("catalog-token", "s3-creds");
    String json = client.getKubernetesSerialization().asJson(cached);
    String base64 =
        java.util.Base64.getEncoder()
            .encodeToString(sentinel.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(json)
        .contains("\"secretAccessKey\":\"\"")
        .doesNotContain(sentinel)
        .doesNotContain(base64)
        .doesNotContain("last-applied");

    // The namespace's Secrets are watched while its Workspace exists, and no longer.
    assertThat(harness.secretKeys.watched()).contains("ws-watch");
    client.resources(Workspace.class).withName("ws-watch").delete();
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(() -> !harness.secretKeys.watched().contains("ws-watch"));
  }

  @Test
  void deletionWaitsForRunningEnginesOrStopsThemByPolicy() {
    ItSupport.readyWorkspace(client, "ws-refuse", "{deletionPolicy: Refuse}");
    cluster("ws-refuse", "busy");
    client.resources(Workspace.class).withName("ws-refuse").delete();
    Workspace blocked =
        awaitWorkspace(
            client,
            "ws-refuse",
            w -> "DeletionBlocked".equals(reason(w.getStatus().conditions, "Ready")));
    assertThat(blocked.getStatus().conditions)
        .filteredOn(c -> c.type.equals("Ready"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.message)
                    .contains("Cluster busy")
                    .contains("spec.deletionPolicy: StopEngines"));
    client.resources(Cluster.class).inNamespace("ws-refuse").withName("busy").delete();
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(() -> client.resources(Workspace.class).withName("ws-refuse").get() == null);

    ItSupport.readyWorkspace(client, "ws-stop", "{deletionPolicy: StopEngines}");
    cluster("ws-stop", "doomed");
    client.resources(Workspace.class).withName("ws-stop").delete();
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () ->
                client.resources(Cluster.class).inNamespace("ws-stop").withName("doomed").get()
                        == null
                    && client.resources(Workspace.class).withName("ws-stop").get() == null);
  }

  private static void cluster(String namespace, String name) {
    apply(
        client,
        Cluster.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: %s, namespace: %s}
        spec: {workers: 1}
        """
            .formatted(name, namespace));
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () ->
                client.resources(Workspace.class).withName(namespace).get().getStatus().clusters
                    == 1);
  }
}
