package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.AuditLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An upgrade of the operator as docs/upgrading.md describes it: the previous release (named in
 * e2e/upgrade/previous-release.env, built from git history) is installed and runs 20 Clusters
 * (fixed and autoscaled) and a stopped one; its operator is stopped, the working tree's CRDs and
 * RBAC are applied server-side and its operator started. Nothing the engines run on may change: no
 * pod restarted, no child recreated, no pod template rewritten, every status carried over. The old
 * objects stay valid under the new schema (re-applying their manifests changes nothing) and take
 * the new schema's defaults when they use a new field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeE2ETest {
  static final String NS = "upgrade";
  static final int RUNNING = 20;
  static final int AUTOSCALED = 6;

  OperatorStack stack;
  Kubectl kubectl;
  Release previous;
  final BenchmarkFigures figures = new BenchmarkFigures();
  final List<String> manifests = new ArrayList<>();
  EngineSnapshot beforeUpgrade;

  @BeforeAll
  void installThePreviousRelease() throws IOException {
    previous = Release.previous();
    stack = OperatorStack.prepare("lakehouse-upgrade", OperatorStack.ANNOTATION_SOURCES, previous);
    kubectl = stack.kubectl();
    stack.startOperator();
    figures.put("previous_release", previous.name());
  }

  @AfterAll
  void stop() throws IOException {
    if (stack != null) {
      stack.close();
    }
    figures.write(
        Path.of(
            System.getProperty("lakehouse.e2e.output"), "benchmarks", "reliability-upgrade.json"));
  }

  @Test
  @Order(10)
  void thePreviousReleaseRunsTwentyClusters() {
    manifests.add(workspace());
    for (int i = 1; i <= RUNNING + 1; i++) {
      manifests.add(cluster(i));
    }
    kubectl.apply(manifests.get(0));
    OperatorStack.await(
        "namespace " + NS,
        () -> "Active".equals(kubectl.jsonpath("namespace/" + NS, "default", ".status.phase")));
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", "workspaces.lakehouse.dev/" + NS);
    kubectl.apply(String.join("---\n", manifests.subList(1, manifests.size())));
    for (int i = 1; i <= RUNNING; i++) {
      kubectl.ok(
          "wait",
          "--for=condition=Ready",
          "--timeout=300s",
          "clusters.lakehouse.dev/" + name(i),
          "-n",
          NS);
    }
    OperatorStack.await(
        "the stopped Cluster is Terminated",
        () ->
            "Terminated"
                .equals(
                    kubectl.jsonpath(
                        "clusters.lakehouse.dev/" + name(RUNNING + 1), NS, ".status.phase")));
    OperatorProcess.sleep(10_000); // autoscaler evaluations and last status writes land
    beforeUpgrade = EngineSnapshot.read(kubectl, NS);
    assertThat(beforeUpgrade.pods())
        .as("a driver and at least one worker per running Cluster")
        .isGreaterThanOrEqualTo(2L * RUNNING);
    figures.put("clusters_running_before_upgrade", RUNNING);
    figures.put("engine_pods_before_upgrade", beforeUpgrade.pods());
  }

  @Test
  @Order(20)
  void theUpgradeRestartsNoEngineAndCarriesEveryStatus() throws Exception {
    AuditLog audit = new AuditLog(stack.controlPlane().auditLog());
    assertThat(stack.operator().terminate(Duration.ofSeconds(30)))
        .as("the previous release's operator stops on SIGTERM")
        .isTrue();
    long mark = audit.mark();

    stack.upgradeTo(Release.workingTree());
    Instant started = Instant.now();
    OperatorProcess operator = stack.startOperator();
    OperatorStack.await(
        "the new operator reconciled every Cluster and the Workspace",
        () ->
            reconciled(operator, "Cluster") >= RUNNING + 1
                && reconciled(operator, "Workspace") >= 1);
    figures.put(
        "upgrade_start_to_all_reconciled_ms", Duration.between(started, Instant.now()).toMillis());
    OperatorProcess.sleep(20_000); // a few autoscaler evaluations and any late writes

    EngineSnapshot after = EngineSnapshot.read(kubectl, NS);
    List<String> changes = after.changesSince(beforeUpgrade);
    Map<String, Integer> writes = audit.operatorWritesSince(mark);
    figures.put("engine_pods_restarted_or_recreated", podChanges(changes));
    figures.put("changes_after_upgrade", changes.size());
    figures.put("api_writes_by_upgrade", AuditLog.excludingLeases(writes));
    figures.put("api_writes_by_upgrade_by_resource", writes);
    assertThat(changes)
        .as(
            "what the engines run on after upgrading from %s (pods, children, templates, statuses)",
            previous.name())
        .isEmpty();
    assertThat(operator.isAlive()).isTrue();
  }

  @Test
  @Order(30)
  void theOldManifestsStayValidAndChangeNothing() {
    kubectl.apply(String.join("---\n", manifests));
    OperatorProcess.sleep(5_000);
    assertThat(EngineSnapshot.read(kubectl, NS).changesSince(beforeUpgrade))
        .as("re-applying the previous release's manifests under the new schema")
        .isEmpty();
  }

  @Test
  @Order(40)
  void anOldClusterTakesTheNewSchemasDefaults() {
    String cluster = "clusters.lakehouse.dev/" + name(1);
    kubectl.ok("patch", cluster, "-n", NS, "--type=merge", "-p", "{\"spec\":{\"sqlEndpoint\":{}}}");
    assertThat(kubectl.jsonpath(cluster, NS, ".spec.sqlEndpoint.maxConcurrentQueries"))
        .as("a field new in the working tree's CRD, defaulted by the API server")
        .isEqualTo("10");
    kubectl.ok(
        "wait",
        "--for=jsonpath={.status.observedGeneration}=2",
        "--timeout=60s",
        cluster,
        "-n",
        NS);
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", cluster, "-n", NS);
  }

  private static long podChanges(List<String> changes) {
    return changes.stream().filter(c -> c.startsWith("child Pod/")).count();
  }

  private static double reconciled(OperatorProcess operator, String kind) {
    try {
      return HostileInputE2ETest.reconciliations(operator.metrics()).entrySet().stream()
          .filter(e -> e.getKey().startsWith(kind + "/"))
          .mapToDouble(Map.Entry::getValue)
          .sum();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String name(int i) {
    return "engine-%02d".formatted(i);
  }

  private static String workspace() {
    return """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: %s}
        spec:
          description: upgrade suite
          quota: {cpu: "200", memory: 2Ti, clusters: 50}
        """
        .formatted(NS);
  }

  /**
   * The i-th Cluster: the first ones autoscaled, the last one stopped, the rest fixed with two
   * workers; each with its own Spark conf, so every ConfigMap differs.
   */
  private static String cluster(int i) {
    String size = i <= AUTOSCALED ? "autoscale: {minWorkers: 1, maxWorkers: 3}" : "workers: 2";
    return """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata:
          name: %s
          namespace: %s
          annotations: {lakehouse.dev/spark-load: '{"pendingTasks":0,"runningTasks":0,"meanTaskMillis":0}'}
        spec:
          runtimeVersion: spark-3.5
          %s
          state: %s
          driver: {cores: 1, memory: 2Gi}
          worker: {cores: 1, memory: 2Gi}
          autoTerminationMinutes: 240
          sparkConf: {spark.sql.shuffle.partitions: "%d"}
        """
        .formatted(name(i), NS, size, i > RUNNING ? "Stopped" : "Running", 10 + i);
  }
}
