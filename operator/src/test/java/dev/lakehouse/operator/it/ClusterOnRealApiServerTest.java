package dev.lakehouse.operator.it;

import static dev.lakehouse.operator.it.ItSupport.apply;
import static dev.lakehouse.operator.it.ItSupport.awaitCluster;
import static dev.lakehouse.operator.it.ItSupport.awaitStatefulSet;
import static dev.lakehouse.operator.it.ItSupport.awaitWorkers;
import static dev.lakehouse.operator.it.ItSupport.markReady;
import static dev.lakehouse.operator.it.ItSupport.phase;
import static dev.lakehouse.operator.it.ItSupport.reason;
import static dev.lakehouse.operator.it.ItSupport.templateHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.testing.AuditLog;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Cluster reconciler against a real kube-apiserver. */
class ClusterOnRealApiServerTest {
  static final String NS = "it-cluster";
  static OperatorHarness harness;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    harness = new OperatorHarness();
    client = harness.client;
    ItSupport.readyWorkspace(client, NS);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void childrenAreOwnedByTheClusterAndAppliedUnderOneFieldManager() {
    Cluster cluster = create("owned", "workers: 2");
    Deployment workers = awaitWorkers(client, NS, "owned-workers", s -> true);

    List<HasMetadata> children =
        List.of(
            workers,
            client.apps().statefulSets().inNamespace(NS).withName("owned-driver").get(),
            client.services().inNamespace(NS).withName("owned-driver").get(),
            client.services().inNamespace(NS).withName("owned-workers").get(),
            client.configMaps().inNamespace(NS).withName("owned-config").get());
    for (HasMetadata child : children) {
      assertThat(child.getMetadata().getOwnerReferences())
          .as(child.getKind())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getUid()).isEqualTo(cluster.getMetadata().getUid());
                assertThat(o.getController()).isTrue();
              });
      assertThat(child.getMetadata().getManagedFields())
          .as(child.getKind())
          .anySatisfy(
              m -> {
                assertThat(m.getManager()).isEqualTo("lakehouse-operator");
                assertThat(m.getOperation()).isEqualTo("Apply");
              });
    }
    assertThat(workers.getSpec().getReplicas()).isEqualTo(2);
  }

  /**
   * Counted from the API server's side (its audit log, by the operator's user agent): no write of
   * any kind, status included, by a reconcile that is proven to have run.
   */
  @Test
  void aReconcileWithNothingToChangeWritesNothing() throws IOException {
    create("quiet", "workers: 1");
    awaitWorkers(client, NS, "quiet-workers", s -> true);
    markReady(client, NS, "quiet-driver");
    markReady(client, NS, "quiet-workers");
    awaitCluster(client, NS, "quiet", c -> "Running".equals(phase(c)));
    AuditLog audit = RealApiServer.shared().auditLog();
    Predicate<JsonNode> aboutQuiet =
        e ->
            NS.equals(e.path("objectRef").path("namespace").asText())
                && e.path("objectRef").path("name").asText().startsWith("quiet");
    ItSupport.awaitNoWrites(audit, aboutQuiet);

    long mark = audit.mark();
    double reconciled = harness.reconciliations("Cluster");
    // A change the operator watches but has no opinion about triggers a reconcile.
    ItSupport.mergePatch(
        client.configMaps().inNamespace(NS).withName("quiet-config"),
        "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
    await().atMost(ItSupport.TIMEOUT).until(() -> harness.reconciliations("Cluster") > reconciled);
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true); // a write would have landed

    assertThat(audit.writesSince(mark, aboutQuiet))
        .as("writes by a reconcile that had nothing to change")
        .isEmpty();
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName("quiet-config")
                .get()
                .getMetadata()
                .getLabels())
        .as("a label the operator does not own is left alone")
        .containsEntry("touched", "yes");
  }

  @Test
  void changingWorkersOnlyScalesWhileChangingTheConfRollsThePods() {
    create("elastic", "workers: 2");
    Deployment workers = awaitWorkers(client, NS, "elastic-workers", s -> true);
    StatefulSet driver = awaitStatefulSet(client, NS, "elastic-driver", s -> true);
    String workerTemplate = templateHash(workers);

    create("elastic", "workers: 5");
    Deployment scaled =
        awaitWorkers(client, NS, "elastic-workers", s -> s.getSpec().getReplicas() == 5);
    assertThat(templateHash(scaled))
        .as("a scale does not touch the pod template")
        .isEqualTo(workerTemplate);
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace(NS)
                .withName("elastic-driver")
                .get()
                .getMetadata()
                .getResourceVersion())
        .as("a scale does not touch the driver")
        .isEqualTo(driver.getMetadata().getResourceVersion());

    create("elastic", "workers: 5\n  sparkConf: {spark.sql.shuffle.partitions: \"64\"}");
    Deployment rolled =
        awaitWorkers(client, NS, "elastic-workers", s -> !templateHash(s).equals(workerTemplate));
    assertThat(rolled.getSpec().getReplicas()).isEqualTo(5);
    assertThat(
            templateHash(
                client.apps().statefulSets().inNamespace(NS).withName("elastic-driver").get()))
        .as("the driver rolls too")
        .isNotEqualTo(templateHash(driver));
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName("elastic-config")
                .get()
                .getData()
                .get("spark-defaults.conf"))
        .contains("spark.sql.shuffle.partitions=64");
  }

  @Test
  void phasesAndConditionsFollowTheEngine() {
    create("phases", "workers: 2");
    Cluster pending = awaitCluster(client, NS, "phases", c -> phase(c) != null);
    assertThat(phase(pending)).isEqualTo("Pending");
    assertThat(reason(pending.getStatus().conditions, "Progressing")).isEqualTo("Starting");

    awaitWorkers(client, NS, "phases-workers", s -> true);
    markReady(client, NS, "phases-driver");
    markReady(client, NS, "phases-workers");
    Cluster running = awaitCluster(client, NS, "phases", c -> "Running".equals(phase(c)));
    assertThat(reason(running.getStatus().conditions, "Ready")).isEqualTo("Running");
    assertThat(running.getStatus().workers).isEqualTo(2);
    assertThat(running.getStatus().observedGeneration)
        .isEqualTo(running.getMetadata().getGeneration());
    assertThat(running.getStatus().selector)
        .isEqualTo("lakehouse.dev/cluster=phases,lakehouse.dev/role=worker");

    create("phases", "workers: 4");
    Cluster resizing = awaitCluster(client, NS, "phases", c -> "Resizing".equals(phase(c)));
    assertThat(reason(resizing.getStatus().conditions, "Ready"))
        .as("still usable while resizing")
        .isEqualTo("Running");
    awaitWorkers(client, NS, "phases-workers", s -> s.getSpec().getReplicas() == 4);
    markReady(client, NS, "phases-workers");
    awaitCluster(
        client, NS, "phases", c -> "Running".equals(phase(c)) && c.getStatus().workers == 4);
  }

  @Test
  void stoppingScalesToZeroAndStartingRestores() {
    create("pausable", "workers: 3");
    awaitWorkers(client, NS, "pausable-workers", s -> s.getSpec().getReplicas() == 3);

    create("pausable", "workers: 3\n  state: Stopped");
    awaitWorkers(client, NS, "pausable-workers", s -> s.getSpec().getReplicas() == 0);
    awaitStatefulSet(client, NS, "pausable-driver", s -> s.getSpec().getReplicas() == 0);
    Cluster stopped = awaitCluster(client, NS, "pausable", c -> "Terminated".equals(phase(c)));
    assertThat(reason(stopped.getStatus().conditions, "Suspended")).isEqualTo("UserRequest");
    assertThat(stopped.getSpec().workers).as("the definition is kept").isEqualTo(3);

    create("pausable", "workers: 3\n  state: Running");
    awaitWorkers(client, NS, "pausable-workers", s -> s.getSpec().getReplicas() == 3);
    awaitStatefulSet(client, NS, "pausable-driver", s -> s.getSpec().getReplicas() == 1);
  }

  @Test
  void anIdleClusterStopsAfterItsAutoTerminationMinutesAndStartsOnASpecChange() {
    create("idle", "workers: 1\n  autoTerminationMinutes: 10");
    awaitWorkers(client, NS, "idle-workers", s -> true);
    markReady(client, NS, "idle-driver");
    markReady(client, NS, "idle-workers");
    awaitCluster(client, NS, "idle", c -> "Running".equals(phase(c)));

    // Activity 5 minutes ago keeps it running; then 11 idle minutes pass on the operator's clock.
    ItSupport.mergePatch(
        client.resources(Cluster.class).inNamespace(NS).withName("idle"),
        "{\"metadata\":{\"annotations\":{\"lakehouse.dev/last-activity\":\""
            + harness.clock.instant().minus(Duration.ofMinutes(5))
            + "\"}}}");
    harness.clock.advance(Duration.ofMinutes(11));
    touch("idle-config");

    Cluster terminated =
        awaitCluster(
            client, NS, "idle", c -> "AutoTerminated".equals(c.getStatus().terminationReason));
    assertThat(reason(terminated.getStatus().conditions, "Suspended")).isEqualTo("AutoTerminated");
    awaitWorkers(client, NS, "idle-workers", s -> s.getSpec().getReplicas() == 0);
    assertThat(terminated.getSpec().state)
        .as("spec is never written by the operator")
        .isNotNull()
        .hasToString("Running");

    create("idle", "workers: 2\n  autoTerminationMinutes: 10");
    awaitWorkers(client, NS, "idle-workers", s -> s.getSpec().getReplicas() == 2);
    awaitCluster(client, NS, "idle", c -> c.getStatus().terminationReason == null);
  }

  @Test
  void aPolicyViolationIsAConditionAndStartsNothing() {
    ItSupport.readyWorkspace(
        client, "it-policy", "{policy: {maxWorkersPerCluster: 4, maxAutoTerminationMinutes: 60}}");
    apply(
        client,
        Cluster.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: greedy, namespace: it-policy}
        spec: {workers: 8, autoTerminationMinutes: 0}
        """);

    Cluster refused = awaitCluster(client, "it-policy", "greedy", c -> "Error".equals(phase(c)));
    assertThat(reason(refused.getStatus().conditions, "Ready")).isEqualTo("PolicyViolation");
    assertThat(refused.getStatus().conditions)
        .filteredOn(c -> c.type.equals("Ready"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.message)
                    .contains("workers 8 exceeds the Workspace's maxWorkersPerCluster 4")
                    .contains("autoTerminationMinutes 0 (never) is not allowed"));
    assertThat(client.apps().statefulSets().inNamespace("it-policy").list().getItems()).isEmpty();
    assertThat(client.v1().events().inNamespace("it-policy").list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("PolicyViolation"));
  }

  @Test
  void aMissingSecretOfTheEnvironmentIsAConditionUntilItIsCreated() {
    create(
        "needs-token",
        "workers: 1\n  env: [{name: WEBHOOK_TOKEN, secretKeyRef: {name: webhook, key: token}}]");

    Cluster waiting =
        awaitCluster(
            client,
            NS,
            "needs-token",
            c ->
                c.getStatus() != null
                    && "SecretNotFound".equals(reason(c.getStatus().conditions, "Ready")));
    assertThat(waiting.getStatus().conditions)
        .filteredOn(c -> c.type.equals("Ready"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.message)
                    .contains("spec.env WEBHOOK_TOKEN")
                    .contains("Secret webhook"));
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("needs-token-driver").get())
        .as("no engine starts without the Secret it needs")
        .isNull();

    // The Secret appearing reconciles the Cluster: no recheck timer is waited for.
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("webhook")
                .endMetadata()
                .withStringData(Map.of("token", "t"))
                .build())
        .create();
    awaitStatefulSet(client, NS, "needs-token-driver", s -> true);
  }

  @Test
  void aWorkersStatefulSetOfThePreviousVersionGivesWayToTheDeployment() {
    Cluster cluster = create("upgraded", "workers: 1");
    awaitWorkers(client, NS, "upgraded-workers", d -> true);
    // What an operator version before the autoscaler left behind: workers as a StatefulSet of the
    // same name.
    StatefulSet previous =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: upgraded-workers
          namespace: %s
          labels: {app.kubernetes.io/managed-by: lakehouse-operator, lakehouse.dev/cluster: upgraded}
          ownerReferences:
          - {apiVersion: lakehouse.dev/v1alpha1, kind: Cluster, name: upgraded, uid: %s, controller: true}
        spec:
          replicas: 1
          serviceName: upgraded-workers
          selector: {matchLabels: {lakehouse.dev/cluster: upgraded, lakehouse.dev/role: worker}}
          template:
            metadata: {labels: {lakehouse.dev/cluster: upgraded, lakehouse.dev/role: worker}}
            spec:
              containers: [{name: worker, image: ghcr.io/lakehouse-dev/lakehouse-runtime:spark-3.5}]
        """
                    .formatted(NS, cluster.getMetadata().getUid()),
                StatefulSet.class);
    client.resource(previous).create();
    markReady(
        client,
        NS,
        "upgraded-workers"); // the Deployment's workers are ready: the StatefulSet may go

    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () ->
                client.apps().statefulSets().inNamespace(NS).withName("upgraded-workers").get()
                    == null);
    assertThat(client.apps().deployments().inNamespace(NS).withName("upgraded-workers").get())
        .isNotNull();
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("WorkersMigrated"));
  }

  private void touch(String configMap) {
    ItSupport.mergePatch(
        client.configMaps().inNamespace(NS).withName(configMap),
        "{\"metadata\":{\"labels\":{\"touched\":\"" + Instant.now().toEpochMilli() + "\"}}}");
  }

  /** A Workspace that is not Ready keeps engines from starting, never from stopping. */
  @Test
  void aClusterStopsEvenWhileItsWorkspaceIsNotReady() {
    String ns = "it-stop-gate";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("accessKeyId", "a", "secretAccessKey", "b"))
                .build())
        .create();
    ItSupport.readyWorkspace(
        client,
        ns,
        "{storage: {s3: {endpoint: \"http://minio:9000\", credentials: {secretName: s3}}}}");
    apply(
        client,
        Cluster.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: gated, namespace: %s}
        spec: {workers: 2}
        """
            .formatted(ns));
    awaitWorkers(client, ns, "gated-workers", d -> d.getSpec().getReplicas() == 2);

    client.secrets().inNamespace(ns).withName("s3").delete();
    ItSupport.awaitWorkspace(client, ns, w -> "Error".equals(phase(w)));
    ItSupport.mergePatch(
        client.resources(Cluster.class).inNamespace(ns).withName("gated"),
        "{\"spec\":{\"state\":\"Stopped\"}}");

    awaitWorkers(client, ns, "gated-workers", d -> d.getSpec().getReplicas() == 0);
    awaitStatefulSet(client, ns, "gated-driver", d -> d.getSpec().getReplicas() == 0);
    Cluster stopped =
        awaitCluster(
            client, ns, "gated", c -> "UserRequest".equals(c.getStatus().terminationReason));
    assertThat(reason(stopped.getStatus().conditions, "Suspended")).isEqualTo("UserRequest");
  }

  private static Cluster create(String name, String spec) {
    return apply(
        client,
        Cluster.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: %s, namespace: %s}
        spec:
          %s
        """
            .formatted(name, NS, spec));
  }
}
