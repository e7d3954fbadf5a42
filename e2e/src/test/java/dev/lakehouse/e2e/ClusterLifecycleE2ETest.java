package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.AuditLog;
import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The quick start's Workspace and Cluster on a full control plane with kwok's simulated nodes,
 * driven with kubectl as a user would: apply, wait for Ready, scale 2 → 5 → 1, stop and start, edit
 * the Spark conf and watch the rolling restart, autoscale on a backlog and back, see policy and
 * Secret problems as conditions, delete and see every child go. The operator runs as its packaged
 * application. Engine activity comes from the documented test source (the
 * lakehouse.dev/last-activity annotation) because kwok pods run no process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLifecycleE2ETest {
  static final String NS = "quickstart";
  static final String CLUSTER = "clusters.lakehouse.dev/quickstart";
  static final String WORKSPACE = "workspaces.lakehouse.dev/quickstart";
  static final String OPERATOR_NS = OperatorStack.OPERATOR_NS;
  static final Path EXAMPLES = TestEnvironment.repoRoot().resolve("examples/quickstart");

  OperatorStack stack;
  LocalControlPlane controlPlane;
  OperatorProcess operator;
  Kubectl kubectl;
  Kstatus kstatus;
  final BenchmarkFigures figures = new BenchmarkFigures();

  @BeforeAll
  void startControlPlaneAndOperator() throws IOException {
    stack =
        OperatorStack.start(
            "lakehouse-e2e", withScaleDownWindow(OperatorStack.ANNOTATION_SOURCES, "20s"));
    controlPlane = stack.controlPlane();
    kubectl = stack.kubectl();
    operator = stack.operator();
    kstatus = new Kstatus(controlPlane.kubeconfig());
    figures.put("operator_rss_mb_after_startup", operator.rssMb());
  }

  private static Map<String, String> withScaleDownWindow(Map<String, String> env, String window) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("LAKEHOUSE_AUTOSCALER_SCALE_DOWN_WINDOW", window);
    return all;
  }

  @AfterAll
  void stop() throws IOException {
    if (stack != null) {
      stack.close();
    }
    figures.write(
        Path.of(System.getProperty("lakehouse.e2e.output"), "benchmarks", "operator.json"));
  }

  @Test
  @Order(10)
  void theQuickstartClusterBecomesReady() throws IOException {
    stack.applyQuickstartWorkspace();

    kstatus.awaitStatus(WORKSPACE, null, "Current", Duration.ofSeconds(30));

    AuditLog audit = new AuditLog(controlPlane.auditLog());
    long mark = audit.mark();
    Instant applied = Instant.now();
    try (Kstatus.Trail trail = kstatus.trail(CLUSTER, NS)) {
      kubectl.ok("apply", "--server-side", "-f", EXAMPLES.resolve("20-cluster.yaml").toString());
      kubectl.ok("wait", "--for=condition=Ready", "--timeout=180s", CLUSTER, "-n", NS);
      figures.put("apply_to_ready_ms", Duration.between(applied, Instant.now()).toMillis());
      assertInProgressThenCurrent("create", trail);
    }
    OperatorProcess.sleep(3_000); // let the last status write land
    Map<String, Integer> writes = audit.operatorWritesSince(mark);
    figures.put("api_writes_create_cluster", AuditLog.excludingLeases(writes));
    figures.put("api_writes_create_cluster_by_resource", writes);
    assertThat(writes)
        .as(
            "the operator's writes are found in the audit log by its user agent (else every count is 0)")
        .containsKeys("configmaps", "deployments", "statefulsets", "clusters/status");

    assertThat(kubectl.jsonpath(CLUSTER, NS, ".status.phase")).isEqualTo("Running");
    assertThat(kubectl.jsonpath(CLUSTER, NS, ".status.workers")).isEqualTo("2");
    assertThat(kubectl.jsonpath(CLUSTER, NS, ".status.endpoints.sparkConnect"))
        .isEqualTo("sc://quickstart-driver.quickstart.svc:15002");
    assertThat(
            kubectl
                .ok("get", "pods", "-n", NS, "-l", "lakehouse.dev/cluster=quickstart", "-o", "name")
                .lines())
        .hasSize(3)
        .contains("pod/quickstart-driver-0")
        .filteredOn(p -> p.startsWith("pod/quickstart-workers-"))
        .hasSize(2);
    assertThat(kubectl.ok("get", "lakehouse", "-n", NS)).contains("quickstart").contains("Running");
  }

  @Test
  @Order(20)
  void metricsCountReconciliationsWritesAndPhases() throws IOException, InterruptedException {
    String metrics = operator.metrics();
    assertThat(metrics)
        .contains("lakehouse_resources{kind=\"Cluster\",phase=\"Running\",} 1.0")
        .contains("lakehouse_resources{kind=\"Workspace\",phase=\"Ready\",} 1.0")
        .containsPattern(
            "lakehouse_reconciliations_total\\{kind=\"Cluster\",result=\"success\",} [1-9]")
        .containsPattern("lakehouse_api_writes_total\\{kind=\"StatefulSet\",verb=\"apply\",} [1-9]")
        .contains("lakehouse_event_to_reconcile_seconds_count{kind=\"Cluster\",}")
        .contains("jvm_memory_bytes_used");
  }

  @Test
  @Order(30)
  void scalingChangesWorkersWithoutRestartingAnything() {
    String driverUid = podUid("quickstart-driver-0");
    Set<String> firstWorkers = workerUids("quickstart");

    try (Kstatus.Trail trail = kstatus.trail(CLUSTER, NS)) {
      kubectl.ok("scale", CLUSTER, "-n", NS, "--replicas=5");
      kubectl.ok("wait", "--for=jsonpath={.status.workers}=5", "--timeout=120s", CLUSTER, "-n", NS);
      assertInProgressThenCurrent("scale", trail);
    }
    assertThat(workerPods()).isEqualTo(5);
    Set<String> fiveWorkers = workerUids("quickstart");
    assertThat(fiveWorkers).as("a scale-up keeps the workers that run").containsAll(firstWorkers);

    kubectl.ok("scale", CLUSTER, "-n", NS, "--replicas=1");
    kubectl.ok("wait", "--for=jsonpath={.status.workers}=1", "--timeout=120s", CLUSTER, "-n", NS);
    await("4 workers gone", () -> workerPods() == 1);

    assertThat(podUid("quickstart-driver-0"))
        .as("driver restarted by a scale")
        .isEqualTo(driverUid);
    assertThat(fiveWorkers)
        .as("the worker left is one that ran before: none restarted by a scale")
        .containsAll(workerUids("quickstart"));
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=60s", CLUSTER, "-n", NS);
    assertThat(events()).contains("Scaling").contains("scaling workers from 2 to 5");
  }

  /**
   * What users and tools change in the operator's children is put back: the issue that started the
   * controller kit, `kubectl scale deploy quickstart-workers --replicas=5` staying at 5 for good.
   */
  @Test
  @Order(35)
  void childrenChangedOrDeletedOutsideTheOperatorArePutBack() {
    String wanted = kubectl.jsonpath(CLUSTER, NS, ".spec.workers");
    String scalingBefore = scalingEvents();
    Instant edited = Instant.now();
    kubectl.ok("scale", "deployment/quickstart-workers", "-n", NS, "--replicas=5");
    await(
        "workers Deployment scaled back",
        () ->
            wanted.equals(kubectl.jsonpath("deployment/quickstart-workers", NS, ".spec.replicas")));
    figures.put("drift_repair_ms", Duration.between(edited, Instant.now()).toMillis());

    String serviceUid = kubectl.jsonpath("service/quickstart-driver", NS, ".metadata.uid");
    kubectl.ok("delete", "service/quickstart-driver", "-n", NS);
    await(
        "driver Service recreated",
        () -> {
          CommandResult uid =
              kubectl.run(
                  "get", "service/quickstart-driver", "-n", NS, "-o", "jsonpath={.metadata.uid}");
          return uid.succeeded()
              && !uid.stdout().isBlank()
              && !uid.stdout().trim().equals(serviceUid);
        });

    kubectl.ok(
        "patch",
        "networkpolicy/lakehouse-allow-dns",
        "-n",
        NS,
        "--type=json",
        "-p",
        "[{\"op\": \"replace\", \"path\": \"/spec/egress/0/ports/0/port\", \"value\": 5353}]");
    await(
        "NetworkPolicy put back",
        () ->
            "53"
                .equals(
                    kubectl.jsonpath(
                        "networkpolicy/lakehouse-allow-dns", NS, ".spec.egress[0].ports[0].port")));

    assertThat(events()).contains("DriftRepaired").contains("spec.replicas");
    assertThat(scalingEvents()).as("a repair is not told as a scale").isEqualTo(scalingBefore);
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=60s", CLUSTER, "-n", NS);
  }

  @Test
  @Order(40)
  void stoppingScalesToZeroAndStartingRestoresTheCluster() {
    try (Kstatus.Trail trail = kstatus.trail(CLUSTER, NS)) {
      kubectl.ok(
          "patch", CLUSTER, "-n", NS, "--type=merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}");
      kubectl.ok(
          "wait", "--for=jsonpath={.status.phase}=Terminated", "--timeout=120s", CLUSTER, "-n", NS);
      // kwok's pods stop at once, so the Terminating phase (InProgress) lasts milliseconds here:
      // kstatus must end Current (stopped as asked) and never have seen a failure.
      trail.awaitLatest("Current", Duration.ofSeconds(30));
      assertThat(trail.statuses())
          .as("kstatus during stop: " + trail.results())
          .doesNotContain("Failed");
      assertThat(kstatus.status(CLUSTER, NS).message())
          .as("Current because stopped as asked, not because Ready")
          .isEqualTo("Resource is current");
    }
    kubectl.ok("wait", "--for=condition=Suspended", "--timeout=30s", CLUSTER, "-n", NS);
    await(
        "engine pods gone",
        () ->
            kubectl
                .ok("get", "pods", "-n", NS, "-l", "lakehouse.dev/cluster=quickstart", "-o", "name")
                .isBlank());
    assertThat(kubectl.jsonpath(CLUSTER, NS, ".spec.workers"))
        .as("the definition is kept")
        .isEqualTo("1");
    assertThat(kubectl.jsonpath(CLUSTER, NS, ".status.terminationReason")).isEqualTo("UserRequest");

    kubectl.ok(
        "patch", CLUSTER, "-n", NS, "--type=merge", "-p", "{\"spec\":{\"state\":\"Running\"}}");
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", CLUSTER, "-n", NS);
    assertThat(kubectl.jsonpath(CLUSTER, NS, ".status.workers")).isEqualTo("1");
    assertThat(kubectl.jsonpath(CLUSTER, NS, ".status.phase")).isEqualTo("Running");
  }

  @Test
  @Order(50)
  void editingTheSparkConfRollsThePods() {
    Set<String> workerUids = workerUids("quickstart");
    String driverUid = podUid("quickstart-driver-0");

    try (Kstatus.Trail trail = kstatus.trail(CLUSTER, NS)) {
      kubectl.ok(
          "patch",
          CLUSTER,
          "-n",
          NS,
          "--type=merge",
          "-p",
          "{\"spec\":{\"sparkConf\":{\"spark.sql.shuffle.partitions\":\"64\"}}}");

      await(
          "worker pods replaced",
          () -> {
            Set<String> now = workerUids("quickstart");
            return !now.isEmpty() && now.stream().noneMatch(workerUids::contains);
          });
      await("driver pod replaced", () -> !driverUid.equals(podUid("quickstart-driver-0")));
      kubectl.ok(
          "wait", "--for=jsonpath={.status.phase}=Running", "--timeout=120s", CLUSTER, "-n", NS);
      assertInProgressThenCurrent("roll", trail);
    }
    assertThat(
            kubectl.ok(
                "get",
                "configmap/quickstart-config",
                "-n",
                NS,
                "-o",
                "jsonpath={.data.spark-defaults\\.conf}"))
        .contains("spark.sql.shuffle.partitions=64");
    assertThat(events()).contains("RollingRestart");
  }

  /**
   * The autoscaler on a real controller manager: a backlog grows an autoscaled Cluster to its
   * maximum; once capacity is underused for the window (20 s here), the idle workers go and the
   * busy ones stay, although they are the newest, which the ReplicaSet controller would remove
   * first by itself. Load comes from the documented test source, the lakehouse.dev/spark-load
   * annotation, as kwok pods run no Spark.
   */
  @Test
  @Order(60)
  void anAutoscaledClusterGrowsOnABacklogAndLetsTheIdleWorkersGo() {
    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: elastic, namespace: quickstart}
        spec: {autoscale: {minWorkers: 1, maxWorkers: 4}, autoTerminationMinutes: 60}
        """);
    String cluster = "clusters.lakehouse.dev/elastic";
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", cluster, "-n", NS);
    assertThat(kubectl.jsonpath(cluster, NS, ".status.workers")).isEqualTo("1");
    String first = liveWorkers("elastic").get(0);

    kubectl.ok(
        "annotate",
        "--overwrite",
        cluster,
        "-n",
        NS,
        "lakehouse.dev/spark-load={\"pendingTasks\": 40, "
            + "\"runningTasks\": 2, \"meanTaskMillis\": 60000, \"busyWorkers\": {\""
            + first
            + "\": 2}}");
    kubectl.ok("wait", "--for=jsonpath={.status.workers}=4", "--timeout=120s", cluster, "-n", NS);
    assertThat(kubectl.jsonpath(cluster, NS, ".status.autoscaler.desiredWorkers")).isEqualTo("4");
    assertThat(kubectl.jsonpath(cluster, NS, ".status.autoscaler.history[0].reason"))
        .isEqualTo("BACKLOG");
    assertThat(clusterEvents("elastic")).contains("ScaledUp").contains("BACKLOG: 1 -> 4");

    List<String> four = liveWorkers("elastic");
    List<String> busy = List.of(four.get(2), four.get(3)); // the two newest
    kubectl.ok(
        "annotate",
        "--overwrite",
        cluster,
        "-n",
        NS,
        "lakehouse.dev/spark-load={\"pendingTasks\": 0, "
            + "\"runningTasks\": 4, \"meanTaskMillis\": 60000, \"busyWorkers\": {\""
            + busy.get(0)
            + "\": 2, \""
            + busy.get(1)
            + "\": 2}}");
    kubectl.ok(
        "wait",
        "--for=jsonpath={.status.autoscaler.desiredWorkers}=2",
        "--timeout=120s",
        cluster,
        "-n",
        NS);
    await("the idle workers gone", () -> liveWorkers("elastic").size() == 2);

    assertThat(liveWorkers("elastic"))
        .as("the busy workers stay, the idle ones the autoscaler named go")
        .containsExactlyInAnyOrderElementsOf(busy);
    assertThat(clusterEvents("elastic"))
        .contains("ScaledDown")
        .contains("UNDERUTILIZED: 4 -> 2")
        .contains(four.get(0))
        .contains(four.get(1));
    kubectl.ok("wait", "--for=jsonpath={.status.workers}=2", "--timeout=60s", cluster, "-n", NS);
    kubectl.ok("delete", cluster, "-n", NS, "--wait=true", "--timeout=60s");
  }

  @Test
  @Order(70)
  void aPolicyViolationIsAConditionWithAClearMessage() {
    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: too-big, namespace: quickstart}
        spec: {workers: 20, autoTerminationMinutes: 30}
        """);
    kubectl.ok(
        "wait",
        "--for=jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}=PolicyViolation",
        "--timeout=60s",
        "clusters.lakehouse.dev/too-big",
        "-n",
        NS);
    assertThat(
            kstatus
                .awaitStatus("clusters.lakehouse.dev/too-big", NS, "Failed", Duration.ofSeconds(30))
                .message())
        .as("Flux and other kstatus readers see a spec that cannot run as failed, with why")
        .contains("maxWorkersPerCluster 10");
    assertThat(kubectl.ok("describe", "clusters.lakehouse.dev/too-big", "-n", NS))
        .contains("workers 20 exceeds the Workspace's maxWorkersPerCluster 10");
    assertThat(
            kubectl.ok(
                "get",
                "statefulsets,deployments",
                "-n",
                NS,
                "-l",
                "lakehouse.dev/cluster=too-big",
                "-o",
                "name"))
        .as("nothing is started for an invalid Cluster")
        .isBlank();
    kubectl.ok("delete", "clusters.lakehouse.dev/too-big", "-n", NS);
  }

  @Test
  @Order(80)
  void aMissingSecretIsAConditionNotACrash() {
    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: missing-secret}
        spec:
          storage:
            s3: {endpoint: "http://minio:9000", credentials: {secretName: not-there}}
        """);
    kubectl.ok(
        "wait",
        "--for=jsonpath={.status.conditions[?(@.type==\"StorageResolved\")].reason}=SecretNotFound",
        "--timeout=60s",
        "workspaces.lakehouse.dev/missing-secret");
    assertThat(
            kubectl.jsonpath(
                "workspaces.lakehouse.dev/missing-secret",
                "default",
                ".status.conditions[?(@.type==\"StorageResolved\")].message"))
        .contains("Secret not-there not found in namespace missing-secret");
    assertThat(
            kstatus
                .awaitStatus(
                    "workspaces.lakehouse.dev/missing-secret",
                    null,
                    "Failed",
                    Duration.ofSeconds(30))
                .message())
        .contains("catalogs and storage resolve");

    // The Workspace watches its namespace's Secrets (keys only, under namespaced RBAC): the Secret
    // it waits for makes it Ready at once, not at its next periodic look.
    Instant created = Instant.now();
    kubectl.ok(
        "create",
        "secret",
        "generic",
        "not-there",
        "-n",
        "missing-secret",
        "--from-literal=accessKeyId=a",
        "--from-literal=secretAccessKey=b");
    kubectl.ok(
        "wait",
        "--for=condition=Ready",
        "--timeout=10s",
        "workspaces.lakehouse.dev/missing-secret");
    figures.put("secret_to_ready_ms", Duration.between(created, Instant.now()).toMillis());
    kstatus.awaitStatus(
        "workspaces.lakehouse.dev/missing-secret", null, "Current", Duration.ofSeconds(10));
    // kubectl auth can-i exits 1 when the answer is no.
    assertThat(
            kubectl
                .run(
                    "auth",
                    "can-i",
                    "list",
                    "secrets",
                    "-A",
                    "--as=system:serviceaccount:" + OPERATOR_NS + ":lakehouse-operator")
                .stdout()
                .trim())
        .as("the operator cannot list Secrets cluster-wide")
        .isEqualTo("no");
    kubectl.ok("delete", "workspaces.lakehouse.dev/missing-secret", "--wait=true", "--timeout=60s");
  }

  @Test
  @Order(90)
  void deletingTheClusterRemovesEveryChild() {
    kubectl.ok("delete", CLUSTER, "-n", NS, "--wait=true", "--timeout=60s");
    await(
        "children garbage-collected",
        () ->
            kubectl
                .ok(
                    "get",
                    "statefulsets,deployments,services,configmaps,pods",
                    "-n",
                    NS,
                    "-l",
                    "lakehouse.dev/cluster=quickstart",
                    "-o",
                    "name")
                .isBlank());
  }

  @Test
  @Order(100)
  void aWorkspaceWithRunningEnginesRefusesDeletionUntilTheyStop() {
    kubectl.ok("apply", "--server-side", "-f", EXAMPLES.resolve("20-cluster.yaml").toString());
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", CLUSTER, "-n", NS);

    kubectl.ok("delete", "workspaces.lakehouse.dev/quickstart", "--wait=false");
    kubectl.ok(
        "wait",
        "--for=jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}=DeletionBlocked",
        "--timeout=60s",
        "workspaces.lakehouse.dev/quickstart");
    assertThat(kubectl.jsonpath("namespace/" + NS, "default", ".status.phase")).isEqualTo("Active");

    kubectl.ok(
        "patch", CLUSTER, "-n", NS, "--type=merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}");
    kubectl.ok("wait", "--for=delete", "--timeout=90s", "workspaces.lakehouse.dev/quickstart");
    await(
        "namespace deleted with its Workspace",
        () -> {
          CommandResult ns = kubectl.run("get", "namespace", NS, "-o", "jsonpath={.status.phase}");
          return !ns.succeeded() || "Terminating".equals(ns.stdout().trim());
        });
  }

  /**
   * Benchmark figures: 20 Clusters side by side (5 autoscaled), then 60 s of idle resync that
   * should write nothing.
   */
  @Test
  @Order(110)
  void twentyClustersThenAnIdleMinuteWithoutWrites() throws IOException {
    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: bench}
        spec: {description: twenty clusters for the idle-writes benchmark}
        """);
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=60s", "workspaces.lakehouse.dev/bench");
    StringBuilder clusters = new StringBuilder();
    // Five of them autoscaled and idle: evaluated every 2 s, they must not write either.
    for (int i = 1; i <= 20; i++) {
      clusters.append(
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Cluster
          metadata: {name: c%02d, namespace: bench, annotations: {lakehouse.dev/spark-load: "{}"}}
          spec: {%s, autoTerminationMinutes: 60}
          ---
          """
              .formatted(i, i <= 5 ? "autoscale: {minWorkers: 1, maxWorkers: 3}" : "workers: 1"));
    }
    kubectl.apply(clusters.toString());
    kubectl.ok(
        "wait",
        "--for=condition=Ready",
        "--timeout=300s",
        "--all",
        "clusters.lakehouse.dev",
        "-n",
        "bench");
    OperatorProcess.sleep(5_000); // last status writes and informer echoes settle
    figures.put("operator_rss_mb_after_20_clusters", operator.rssMb());

    AuditLog audit = new AuditLog(controlPlane.auditLog());
    long mark = audit.mark();
    OperatorProcess.sleep(60_000);
    Map<String, Integer> idle = audit.operatorWritesSince(mark);
    figures.put("api_writes_idle_60s", AuditLog.excludingLeases(idle));
    figures.put("api_writes_idle_60s_by_resource", idle);
    figures.put("lease_renewals_idle_60s", AuditLog.leases(idle));

    assertThat(AuditLog.excludingLeases(idle))
        .as("writes during an idle minute with 20 Clusters: " + idle)
        .isZero();
  }

  /** Kubernetes stops a pod with SIGTERM and kills it after the grace period (30 s by default). */
  @Test
  @Order(120)
  void theOperatorStopsPromptlyOnSigterm() throws InterruptedException {
    assertThat(operator.terminate(Duration.ofSeconds(20)))
        .as("the operator exited within 20 s of SIGTERM; log " + operator.log())
        .isTrue();
  }

  /** The UIDs of a Cluster's worker pods: a pod replaced by a new one has a new UID. */
  private Set<String> workerUids(String cluster) {
    return kubectl
        .ok(
            "get",
            "pods",
            "-n",
            NS,
            "-l",
            "lakehouse.dev/cluster=" + cluster + ",lakehouse.dev/role=worker",
            "-o",
            "jsonpath={range .items[*]}{.metadata.uid}{\"\\n\"}{end}")
        .lines()
        .filter(l -> !l.isBlank())
        .collect(Collectors.toSet());
  }

  /** Names of a Cluster's worker pods that are not being deleted, oldest first. */
  private List<String> liveWorkers(String cluster) {
    return kubectl
        .ok(
            "get",
            "pods",
            "-n",
            NS,
            "-l",
            "lakehouse.dev/cluster=" + cluster + ",lakehouse.dev/role=worker",
            "--sort-by=.metadata.creationTimestamp",
            "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{\"\\n\"}{end}")
        .lines()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.contains(" "))
        .toList();
  }

  private String podUid(String pod) {
    return kubectl.jsonpath("pod/" + pod, NS, ".metadata.uid");
  }

  private long workerPods() {
    return kubectl
        .ok(
            "get",
            "pods",
            "-n",
            NS,
            "-l",
            "lakehouse.dev/cluster=quickstart,lakehouse.dev/role=worker",
            "-o",
            "name")
        .lines()
        .count();
  }

  /** The Cluster's Scaling events with their counts. */
  private String scalingEvents() {
    return kubectl.ok(
        "get",
        "events",
        "-n",
        NS,
        "--field-selector",
        "involvedObject.name=quickstart,reason=Scaling",
        "-o",
        "custom-columns=COUNT:.count,MESSAGE:.message");
  }

  private String events() {
    return clusterEvents("quickstart");
  }

  private String clusterEvents(String cluster) {
    return kubectl.ok(
        "get",
        "events",
        "-n",
        NS,
        "--field-selector",
        "involvedObject.name=" + cluster,
        "-o",
        "custom-columns=REASON:.reason,MESSAGE:.message");
  }

  /**
   * kstatus (what Flux reads) saw the change in progress and then current, and never failed: a
   * GitOps tool waiting for the resource waits as long as it should, and no longer.
   */
  private static void assertInProgressThenCurrent(String what, Kstatus.Trail trail) {
    trail.awaitLatest("Current", Duration.ofSeconds(30));
    List<String> statuses = trail.statuses();
    assertThat(statuses)
        .as("kstatus during " + what + ": " + trail.results())
        .contains("InProgress")
        .doesNotContain("Failed")
        .last()
        .isEqualTo("Current");
  }

  static void await(String what, java.util.function.BooleanSupplier condition) {
    OperatorStack.await(what, condition);
  }
}
