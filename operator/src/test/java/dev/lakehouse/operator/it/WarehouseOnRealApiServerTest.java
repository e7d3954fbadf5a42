package dev.lakehouse.operator.it;

import static dev.lakehouse.operator.it.ItSupport.apply;
import static dev.lakehouse.operator.it.ItSupport.awaitCluster;
import static dev.lakehouse.operator.it.ItSupport.awaitWorkers;
import static dev.lakehouse.operator.it.ItSupport.markReady;
import static dev.lakehouse.operator.it.ItSupport.mergePatch;
import static dev.lakehouse.operator.it.ItSupport.phase;
import static dev.lakehouse.operator.it.ItSupport.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.testing.AuditLog;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Warehouse reconciler against a real kube-apiserver, with the Cluster reconciler running
 * beside it: a Warehouse's clusters are real Clusters that the Cluster reconciler turns into their
 * workloads. No kube-controller-manager runs, so the test plays the StatefulSet and Deployment
 * controllers (a member Cluster becomes Ready when the test marks its driver and workers ready, and
 * the Cluster reconciler then writes its Ready condition; the gateway Deployment gets ready
 * replicas the same way). Load comes from the {@code lakehouse.dev/sql-load} annotation the test
 * writes on the member Clusters, as on the kwok control plane, and the gateway's wake request is
 * the annotation the gateway would write. Time-based decisions (scale-in, auto-stop) happen by
 * moving the operator's clock, not by waiting.
 */
class WarehouseOnRealApiServerTest {
  static final String NS = "it-warehouse";
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
    if (harness != null) {
      harness.close();
    }
  }

  private static Warehouse warehouse(String name, String spec) {
    return apply(
        client,
        Warehouse.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Warehouse
        metadata: {name: %s, namespace: %s}
        spec: %s
        """
            .formatted(name, NS, spec));
  }

  private static Warehouse get(String name) {
    return client.resources(Warehouse.class).inNamespace(NS).withName(name).get();
  }

  private static Warehouse awaitWarehouse(String name, Predicate<Warehouse> condition) {
    try {
      return await()
          .atMost(ItSupport.TIMEOUT)
          .until(() -> get(name), w -> w != null && condition.test(w));
    } catch (ConditionTimeoutException e) {
      // The Warehouse's toString shows neither spec nor status: say what it was.
      Warehouse last = get(name);
      throw new AssertionError(
          "Warehouse "
              + name
              + " did not reach the awaited state; its spec and status:\n"
              + (last == null ? "(gone)" : Serialization.asYaml(last.getSpec()))
              + (last == null ? "" : Serialization.asYaml(last.getStatus()))
              + "members: "
              + memberNames(name),
          e);
    }
  }

  private static String phaseOf(Warehouse w) {
    return w.getStatus() == null ? null : w.getStatus().phase;
  }

  private static String readyReason(Warehouse w) {
    return w.getStatus() == null ? null : reason(w.getStatus().conditions, "Ready");
  }

  private static List<Cluster> members(String warehouse) {
    return client
        .resources(Cluster.class)
        .inNamespace(NS)
        .withLabel("lakehouse.dev/warehouse", warehouse)
        .list()
        .getItems();
  }

  private static List<String> memberNames(String warehouse) {
    return members(warehouse).stream().map(c -> c.getMetadata().getName()).sorted().toList();
  }

  private static void awaitMembers(String warehouse, String... names) {
    await()
        .atMost(ItSupport.TIMEOUT)
        .untilAsserted(() -> assertThat(memberNames(warehouse)).containsExactly(names));
  }

  /** Plays the Deployment controller for the gateway: its two replicas are ready. */
  private static void markGatewayReady(String warehouse) {
    String name = warehouse + "-gateway";
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(() -> client.apps().deployments().inNamespace(NS).withName(name).get() != null);
    ItSupport.retryOnConflict(
        () ->
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName(name)
                .editStatus(
                    d -> {
                      d.setStatus(
                          new DeploymentStatusBuilder()
                              .withReplicas(2)
                              .withReadyReplicas(2)
                              .withAvailableReplicas(2)
                              .withUpdatedReplicas(2)
                              .withObservedGeneration(d.getMetadata().getGeneration())
                              .build());
                      return d;
                    }));
  }

  /**
   * Plays the workload controllers of a member Cluster: its driver and workers are ready, and the
   * Cluster reconciler reports it Ready (Running).
   */
  private static void markMemberReady(String cluster) {
    awaitWorkers(client, NS, cluster + "-workers", d -> true);
    markReady(client, NS, cluster + "-driver");
    markReady(client, NS, cluster + "-workers");
    awaitCluster(client, NS, cluster, c -> "Running".equals(phase(c)));
  }

  /** The load a member's SQL endpoint reports, as the annotation source reads it. */
  private static void load(String cluster, String json) {
    mergePatch(
        client.resources(Cluster.class).inNamespace(NS).withName(cluster),
        "{\"metadata\":{\"annotations\":{\"lakehouse.dev/sql-load\":"
            + client.getKubernetesSerialization().asJson(json)
            + "}}}");
  }

  private static Scale scale(String warehouse) {
    return client.resources(Warehouse.class).inNamespace(NS).withName(warehouse).scale();
  }

  private static void state(String warehouse, String state) {
    mergePatch(
        client.resources(Warehouse.class).inNamespace(NS).withName(warehouse),
        "{\"spec\":{\"state\":\"" + state + "\"}}");
  }

  private static boolean hasEvent(String warehouse, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .anyMatch(
            e ->
                warehouse.equals(e.getInvolvedObject().getName())
                    && "Warehouse".equals(e.getInvolvedObject().getKind())
                    && reason.equals(e.getReason()));
  }

  /** A Warehouse runs, scales out under load, drains a cluster on scale-in, stops and starts. */
  @Test
  void aWarehouseRunsScalesOutDrainsOnScaleInStopsAndStartsAgain() {
    Warehouse sales =
        warehouse(
            "sales",
            "{size: 2X-Small, minClusters: 2, maxClusters: 3, maxConcurrentQueriesPerCluster: 2,"
                + " autoStopMinutes: 120}");
    String uid = sales.getMetadata().getUid();

    // The gateway: owned by the Warehouse, applied by the operator's field manager.
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () ->
                client
                        .network()
                        .v1()
                        .networkPolicies()
                        .inNamespace(NS)
                        .withName("sales-gateway")
                        .get()
                    != null);
    List<HasMetadata> gateway =
        List.of(
            client.serviceAccounts().inNamespace(NS).withName("sales-gateway").get(),
            client.rbac().roleBindings().inNamespace(NS).withName("sales-gateway").get(),
            client.apps().deployments().inNamespace(NS).withName("sales-gateway").get(),
            client.services().inNamespace(NS).withName("sales").get(),
            client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(NS)
                .withName("sales-gateway")
                .get());
    for (HasMetadata child : gateway) {
      assertThat(child).as("gateway child").isNotNull();
      assertThat(child.getMetadata().getOwnerReferences())
          .as(child.getKind())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getUid()).isEqualTo(uid);
                assertThat(o.getController()).isTrue();
              });
      assertThat(child.getMetadata().getManagedFields())
          .as(child.getKind())
          .anySatisfy(m -> assertThat(m.getManager()).isEqualTo("lakehouse-operator"));
    }

    // minClusters clusters with the SQL endpoint, and spec.clusters through the API (CEL agrees).
    awaitMembers("sales", "sales-1", "sales-2");
    for (Cluster member : members("sales")) {
      assertThat(member.getMetadata().getLabels())
          .containsEntry("lakehouse.dev/warehouse", "sales")
          .containsEntry("lakehouse.dev/workspace", NS);
      assertThat(member.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
      assertThat(member.getSpec().sqlEndpoint.maxConcurrentQueries).isEqualTo(2);
      assertThat(member.getSpec().workers).isEqualTo(1);
      assertThat(member.getSpec().autoTerminationMinutes).isZero();
    }
    awaitWarehouse("sales", w -> Integer.valueOf(2).equals(w.getSpec().clusters));
    // The Cluster reconciler runs the SQL endpoint in each member's driver.
    assertThat(
            ItSupport.awaitStatefulSet(client, NS, "sales-1-driver", s -> true)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers())
        .extracting(Container::getName)
        .contains("sql");

    markGatewayReady("sales");
    markMemberReady("sales-1");
    markMemberReady("sales-2");
    Warehouse running =
        awaitWarehouse(
            "sales",
            w -> "Running".equals(phaseOf(w)) && Integer.valueOf(2).equals(w.getStatus().clusters));
    assertThat(readyReason(running)).isEqualTo("Running");
    assertThat(running.getStatus().endpoints.jdbc)
        .isEqualTo("jdbc:hive2://sales." + NS + ".svc:10000/default");
    assertThat(running.getStatus().observedGeneration)
        .isEqualTo(running.getMetadata().getGeneration());
    Scale two = scale("sales");
    assertThat(two.getSpec().getReplicas()).isEqualTo(2);
    assertThat(two.getStatus().getReplicas()).isEqualTo(2);
    assertThat(two.getStatus().getSelector()).isEqualTo("lakehouse.dev/warehouse=sales");

    // Queued queries: out to maxClusters.
    load("sales-1", "{\"sessions\":6,\"running\":2,\"queued\":20,\"recentArrivals\":30}");
    load("sales-2", "{\"sessions\":6,\"running\":2,\"queued\":20,\"recentArrivals\":30}");
    awaitMembers("sales", "sales-1", "sales-2", "sales-3");
    awaitWarehouse("sales", w -> Integer.valueOf(3).equals(w.getSpec().clusters));
    markMemberReady("sales-3");
    awaitWarehouse(
        "sales",
        w -> "Running".equals(phaseOf(w)) && Integer.valueOf(3).equals(w.getStatus().clusters));
    assertThat(scale("sales").getStatus().getReplicas()).isEqualTo(3);
    assertThat(hasEvent("sales", "ScaledUp")).isTrue();

    // The load falls; each cluster keeps an idle session, so the one that goes drains first.
    for (String member : List.of("sales-1", "sales-2", "sales-3")) {
      load(member, "{\"sessions\":1,\"running\":0,\"queued\":0}");
    }
    harness.clock.advance(Duration.ofMinutes(2)); // past the scale-out's peak bucket
    Warehouse scalingIn =
        awaitWarehouse(
            "sales", w -> w.getStatus().draining != null && w.getStatus().draining.size() == 1);
    String drained = scalingIn.getStatus().draining.get(0);
    Cluster draining = client.resources(Cluster.class).inNamespace(NS).withName(drained).get();
    assertThat(draining.getMetadata().getAnnotations()).containsKey("lakehouse.dev/draining");
    assertThat(scalingIn.getStatus().phase).isEqualTo("Scaling");
    awaitWarehouse("sales", w -> Integer.valueOf(2).equals(w.getSpec().clusters));
    assertThat(memberNames("sales")).as("a draining cluster with a session stays").hasSize(3);

    load(drained, "{\"sessions\":0,\"running\":0,\"queued\":0}");
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () -> client.resources(Cluster.class).inNamespace(NS).withName(drained).get() == null);
    Warehouse scaledIn =
        awaitWarehouse(
            "sales", w -> "Running".equals(phaseOf(w)) && w.getStatus().draining == null);
    assertThat(scaledIn.getStatus().clusters).isEqualTo(2);
    assertThat(hasEvent("sales", "Draining")).isTrue();
    assertThat(hasEvent("sales", "Drained")).isTrue();

    // Stopped by the user: every cluster goes, no Ready condition, the scale is 0.
    state("sales", "Stopped");
    awaitMembers("sales");
    Warehouse stopped =
        awaitWarehouse(
            "sales",
            w -> "Stopped".equals(phaseOf(w)) && Integer.valueOf(0).equals(w.getSpec().clusters));
    assertThat(readyReason(stopped)).isNull();
    assertThat(reason(stopped.getStatus().conditions, "Suspended")).isEqualTo("UserRequest");
    assertThat(client.apps().deployments().inNamespace(NS).withName("sales-gateway").get())
        .as("the gateway stays, to answer that the Warehouse is stopped")
        .isNotNull();

    // Running again: minClusters start, with the smallest free numbers.
    state("sales", "Running");
    awaitMembers("sales", "sales-1", "sales-2");
    awaitWarehouse(
        "sales",
        w -> "Starting".equals(phaseOf(w)) && Integer.valueOf(2).equals(w.getSpec().clusters));
    markMemberReady("sales-1");
    markMemberReady("sales-2");
    awaitWarehouse("sales", w -> "Running".equals(phaseOf(w)));
    assertThat(memberNames("sales"))
        .as("not auto-stopped though the last query was long before the stop")
        .containsExactly("sales-1", "sales-2");

    state("sales", "Stopped");
    awaitMembers("sales");
  }

  /** Auto-stopped after its idle minutes, a Warehouse is woken by the gateway's annotation. */
  @Test
  void anAutoStoppedWarehouseIsWokenByTheGatewaysRequest() {
    warehouse("nightly", "{size: 2X-Small, minClusters: 1, maxClusters: 1, autoStopMinutes: 1}");
    awaitMembers("nightly", "nightly-1");
    markGatewayReady("nightly");
    markMemberReady("nightly-1");
    awaitWarehouse("nightly", w -> "Running".equals(phaseOf(w)));

    harness.clock.advance(Duration.ofMinutes(2));
    awaitMembers("nightly");
    Warehouse stopped =
        awaitWarehouse(
            "nightly",
            w -> "Stopped".equals(phaseOf(w)) && Integer.valueOf(0).equals(w.getSpec().clusters));
    assertThat(readyReason(stopped))
        .as("auto-stopped, the gateway answers and wakes it: Ready")
        .isEqualTo("AutoStopped");
    assertThat(hasEvent("nightly", "AutoStopped")).isTrue();

    String wake = harness.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    mergePatch(
        client.resources(Warehouse.class).inNamespace(NS).withName("nightly"),
        "{\"metadata\":{\"annotations\":{\"lakehouse.dev/wake-requested-at\":\"" + wake + "\"}}}");
    awaitMembers("nightly", "nightly-1");
    Warehouse woken =
        awaitWarehouse(
            "nightly",
            w ->
                wake.equals(w.getStatus().lastWakeTime)
                    && Integer.valueOf(1).equals(w.getSpec().clusters));
    assertThat(phaseOf(woken)).isIn("Starting", "Running");
    assertThat(hasEvent("nightly", "Waking")).isTrue();
    markMemberReady("nightly-1");
    awaitWarehouse("nightly", w -> "Running".equals(phaseOf(w)));

    // Stopped by the user, then started again after more than its idle minutes: its clusters
    // start and are not auto-stopped before they serve.
    state("nightly", "Stopped");
    awaitMembers("nightly");
    awaitWarehouse("nightly", w -> "Stopped".equals(phaseOf(w)));
    harness.clock.advance(Duration.ofMinutes(2));
    state("nightly", "Running");
    awaitMembers("nightly", "nightly-1");
    markMemberReady("nightly-1");
    awaitWarehouse("nightly", w -> "Running".equals(phaseOf(w)));
    assertThat(memberNames("nightly")).containsExactly("nightly-1");

    state("nightly", "Stopped");
    awaitMembers("nightly");
  }

  /**
   * Counted from the API server's side (its audit log, by the operator's user agent): a reconcile
   * of a running Warehouse that changes nothing writes nothing, to the Warehouse or its children.
   */
  @Test
  void aReconcileWithNothingToChangeWritesNothing() throws IOException, InterruptedException {
    warehouse("quiet", "{size: 2X-Small, minClusters: 1, maxClusters: 1, autoStopMinutes: 600}");
    awaitMembers("quiet", "quiet-1");
    markGatewayReady("quiet");
    markMemberReady("quiet-1");
    awaitWarehouse("quiet", w -> "Running".equals(phaseOf(w)));
    AuditLog audit = RealApiServer.shared().auditLog();
    Predicate<JsonNode> aboutQuiet =
        e ->
            NS.equals(e.path("objectRef").path("namespace").asText())
                && e.path("objectRef").path("name").asText().startsWith("quiet");
    // The autoscaler remembers the need of each minute (its peak window): a write when a minute
    // begins. Look within one minute.
    while (true) {
      ItSupport.awaitNoWrites(audit, aboutQuiet);
      int second = harness.clock.instant().atZone(java.time.ZoneOffset.UTC).getSecond();
      if (second >= 10 && second <= 45) {
        break;
      }
      Thread.sleep(2_000);
    }

    long mark = audit.mark();
    double reconciled = harness.reconciliations("Warehouse");
    mergePatch(
        client.resources(Warehouse.class).inNamespace(NS).withName("quiet"),
        "{\"metadata\":{\"annotations\":{\"touched\":\"yes\"}}}");
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(() -> harness.reconciliations("Warehouse") > reconciled);
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true); // a write would have landed

    Map<String, Integer> writes = audit.writesSince(mark, aboutQuiet);
    assertThat(writes).as("writes by a reconcile that had nothing to change").isEmpty();

    state("quiet", "Stopped");
    awaitMembers("quiet");
  }
}
