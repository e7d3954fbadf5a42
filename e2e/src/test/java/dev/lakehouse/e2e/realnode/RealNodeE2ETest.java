package dev.lakehouse.e2e.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.e2e.BenchmarkFigures;
import dev.lakehouse.e2e.Kubectl;
import dev.lakehouse.e2e.OperatorProcess;
import dev.lakehouse.testing.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's own pods on a real node (e2e/testenv/real-node): the operator installed with
 * {@code helm install} of the chart from its image built by runtime-image/build-oci, and
 * examples/quickstart's Cluster running real Spark from the engine image: its master, workers that
 * register with it through the driver Service's DNS name, Spark Connect answering PySpark through
 * the driver Service (from the node's network namespace, as a pod would reach it); a Spark conf
 * edit rolls the pods and is live afterwards; a scale from 2 to 3 workers registers a third worker
 * and a scale back decommissions one under a running job; the Workspace's NetworkPolicies,
 * enforced; its catalog and storage (Nessie and MinIO on the node's network, real-node
 * data-services) serving Iceberg and Delta tables and the quickstart Job's run; auto-termination
 * from the activity the operator reads from the driver's REST API.
 *
 * <p>The node has two cores, fewer than the quickstart Cluster's sizes (1 + 2 x 2 cores): the chart
 * installs the operator with {@code engine.cpuRequestFraction=0.1}, Spark still offering the sizes'
 * cores. Skipped, saying why, on a machine that cannot run a real node (not root, no namespaces, no
 * cgroup v1 controllers, the Debian packages of {@code e2e/testenv/real-node install} missing: the
 * README's test command installs them where it can). It builds what it needs into the caches first
 * (the images, kubelet, PySpark's client). Writes e2e/target/benchmarks/real-node.json.
 *
 * <p>The node enforces NetworkPolicy (kube-router's network policy controller; Debian's bridge
 * plugin alone does not), so everything above runs under the Workspace's policies, and a pod of
 * another namespace reaches the driver's Spark Connect port but not its master port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeE2ETest {
  private static final String NS = "quickstart";
  private static final String CLUSTER = "clusters.lakehouse.dev/quickstart";
  private static final String DRIVER_POD = "quickstart-driver-0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String QUERY =
      """
      import json, sys, time
      from pyspark.sql import SparkSession
      start = time.time()
      # The quickstart Workspace's default catalog is its Nessie, which does not run on the node: this
      # session uses Spark's own catalog (Spark resolves even a range query against the current one).
      spark = (SparkSession.builder.remote(sys.argv[1])
               .config("spark.sql.defaultCatalog", "spark_catalog").getOrCreate())
      # Eight partitions: tasks on the workers' executors (a standalone driver runs none itself).
      total = spark.range(0, 100000, 1, 8).selectExpr("sum(id) AS s").collect()[0]["s"]
      conf = spark.conf.get(sys.argv[2]) if len(sys.argv) > 2 else None
      print(json.dumps({"sum": total, "conf": conf, "ms": int((time.time() - start) * 1000)}))
      """;

  /** A job of {@code rows} tasks of 2 s each: each row sleeps in an executor, counted once. */
  private static String slowJob(int rows) {
    return """
        import json, sys
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.remote(sys.argv[1])
                 .config("spark.sql.defaultCatalog", "spark_catalog").getOrCreate())
        # java.lang.Thread.sleep through reflect gives the string "null" for a void method: a filter
        # the optimizer cannot drop.
        rows = spark.sql(
            "SELECT count(*) AS n FROM range(0, %1$d, 1, %1$d) "
            "WHERE length(reflect('java.lang.Thread', 'sleep', CAST(2000 AS BIGINT))) >= 0").collect()[0]["n"]
        print(json.dumps({"rows": int(rows)}))
        """
        .formatted(rows);
  }

  /** Through the Workspace's default catalog (Nessie) and storage (MinIO, the Secret's keys). */
  private static final String CATALOG_QUERY =
      """
      import json, sys, time
      from pyspark.sql import SparkSession
      start = time.time()
      spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
      spark.sql("CREATE NAMESPACE IF NOT EXISTS realnode")
      spark.sql("CREATE TABLE realnode.events (id BIGINT, kind STRING) USING iceberg")
      spark.sql("INSERT INTO realnode.events "
                "SELECT id, IF(id % 2 = 0, 'even', 'odd') FROM range(0, 1000, 1, 4)")
      row = spark.sql("SELECT count(*) AS n, count(DISTINCT kind) AS k FROM realnode.events").collect()[0]
      delta = "s3a://lakehouse/warehouse/realnode_delta"
      spark.range(0, 10).write.format("delta").save(delta)
      delta_rows = spark.read.format("delta").load(delta).count()
      print(json.dumps({"catalog": spark.catalog.currentCatalog(), "iceberg_rows": int(row["n"]),
                        "kinds": int(row["k"]), "delta_rows": int(delta_rows),
                        "ms": int((time.time() - start) * 1000)}))
      """;

  /** The quickstart Job's load task's rows, through the Workspace's catalog. */
  private static final String ORDERS_QUERY =
      """
      import json, sys
      from pyspark.sql import SparkSession
      spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
      n = spark.sql("SELECT count(*) AS n FROM lakehouse.sales.orders").collect()[0]["n"]
      print(json.dumps({"orders": int(n)}))
      """;

  private static final BenchmarkFigures figures = new BenchmarkFigures();
  private static Kubectl kubectl;
  private static String python;
  private static boolean started;

  @BeforeAll
  static void startTheNodeAndInstallTheOperator() throws IOException {
    Optional<String> whyNot = RealNode.whyNot();
    whyNot.ifPresent(r -> System.out.println("[real-node] the real-node suite is skipped: " + r));
    Assumptions.assumeTrue(whyNot.isEmpty(), () -> "no real node on this machine: " + whyNot.get());

    figures.put("image_build_s", RealNode.buildEngineImage());
    RealNode.buildOperatorImage();
    python = RealNode.pysparkPython();
    started = true;
    kubectl = RealNode.up();
    RealNode.installOperator("--set", "engine.cpuRequestFraction=0.1");
  }

  @AfterAll
  static void stopTheNode() throws IOException {
    if (!started) {
      return;
    }
    try {
      if (kubectl != null) {
        CommandResult pods = kubectl.run("get", "pods", "-A", "-o", "wide");
        System.out.println("[real-node] pods at the end:\n" + pods.stdout());
      }
    } finally {
      // The script's figures (node setup, image size, operator start) and the suite's, in one file.
      if (Files.exists(RealNode.figures())) {
        JsonNode script = JSON.readTree(RealNode.figures().toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = script.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          figures.putIfAbsent(e.getKey(), e.getValue().numberValue());
        }
      }
      figures.write(RealNode.figures());
      RealNode.down();
    }
  }

  @Test
  @Order(1)
  void quickstartBecomesReadyWithRealSparkAndAnswersPySparkThroughTheDriverService()
      throws Exception {
    long applied = System.nanoTime();
    // As make quickstart applies them: the Workspace makes the namespace the Secret and the Cluster
    // go into, and is Ready once its Secrets resolve and its quota is enforced.
    applyExample("00-workspace.yaml");
    await(
        "the Workspace's namespace",
        Duration.ofMinutes(2),
        () -> Optional.of(kubectl.run("get", "namespace", NS)).filter(CommandResult::succeeded));
    applyExample("10-s3-credentials.yaml");
    kubectl.ok(
        "wait", "--for=condition=Ready", "--timeout=120s", "workspaces.lakehouse.dev/quickstart");
    applyExample("20-cluster.yaml");
    waitForReady(Duration.ofMinutes(10));
    figures.put("apply_to_ready_ms", millisSince(applied));

    awaitAliveWorkers(2, Duration.ofMinutes(5));
    figures.put("worker_registration_ms", millisSince(applied));

    JsonNode answer = query(Optional.empty());
    assertThat(answer.path("sum").asLong()).isEqualTo(99999L * 100000 / 2);
    figures.put("first_query_ms", answer.path("ms").asLong());
  }

  @Test
  @Order(2)
  void aSparkConfEditRollsThePodsAndTheNewConfIsLive() throws Exception {
    String before = configHash();
    long edited = System.nanoTime();
    kubectl.ok(
        "patch",
        CLUSTER,
        "-n",
        NS,
        "--type=merge",
        "-p",
        "{\"spec\":{\"sparkConf\":{\"spark.sql.shuffle.partitions\":\"7\"}}}");
    await(
        "the pods rolled to the new configuration",
        Duration.ofMinutes(10),
        () -> {
          String hash = configHash();
          return !hash.equals(before) && rolledTo(hash, 3) ? Optional.of(hash) : Optional.empty();
        });
    awaitAliveWorkers(2, Duration.ofMinutes(5));
    figures.put("conf_edit_to_rolled_ms", millisSince(edited));

    JsonNode answer = query(Optional.of("spark.sql.shuffle.partitions"));
    assertThat(answer.path("conf").asText()).isEqualTo("7");
  }

  @Test
  @Order(3)
  void scalingFromTwoToThreeRegistersAThirdWorker() throws Exception {
    long scaled = System.nanoTime();
    kubectl.ok("scale", CLUSTER, "-n", NS, "--replicas=3");
    awaitAliveWorkers(3, Duration.ofMinutes(5));
    figures.put("scale_up_registration_ms", millisSince(scaled));
    await(
        "the Cluster's status counts 3 ready workers",
        Duration.ofMinutes(2),
        () -> Optional.of(kubectl.jsonpath(CLUSTER, NS, ".status.workers")).filter("3"::equals));
  }

  @Test
  @Order(4)
  void scalingDownDecommissionsTheLeavingWorkerThroughItsPreStopHookWhileAJobRunsAndTheJobFinishes()
      throws Exception {
    Path out = Files.createTempFile("real-node-job", ".log");
    // 72 tasks of 2 s each on the three workers' six task slots: a job of half a minute and more.
    Process job = startPySpark(slowJob(72), out);
    try {
      await(
          "the job's tasks running on all three workers",
          Duration.ofMinutes(5),
          () ->
              master()
                  .filter(
                      m -> {
                        int busy = 0;
                        for (JsonNode w : m.path("workers")) {
                          busy += w.path("coresused").asInt() > 0 ? 1 : 0;
                        }
                        return busy == 3;
                      }));
      kubectl.ok("scale", CLUSTER, "-n", NS, "--replicas=2");
      String leaving =
          await(
              "a worker pod terminating",
              Duration.ofMinutes(1),
              () ->
                  Optional.of(
                          kubectl
                              .ok(
                                  "get",
                                  "pods",
                                  "-n",
                                  NS,
                                  "-l",
                                  "lakehouse.dev/role=worker",
                                  "-o",
                                  "jsonpath={range .items[?(@.metadata.deletionTimestamp)]}"
                                      + "{.status.podIP}{end}")
                              .trim())
                      .filter(ip -> !ip.isEmpty()));
      // Spark's master marks the leaving worker decommissioned (its preStop hook signalled it),
      // the others stay ALIVE.
      await(
          "the master sees worker " + leaving + " decommissioned",
          Duration.ofMinutes(2),
          () ->
              master()
                  .filter(
                      m -> {
                        for (JsonNode w : m.path("workers")) {
                          if (w.path("host").asText().equals(leaving)
                              && w.path("state").asText().startsWith("DECOMMISSION")) {
                            return true;
                          }
                        }
                        return false;
                      }));
      assertThat(job.waitFor(10, java.util.concurrent.TimeUnit.MINUTES))
          .as("the job finishes")
          .isTrue();
      String output = Files.readString(out);
      assertThat(job.exitValue()).as(output).isZero();
      assertThat(output).contains("\"rows\": 72");
      awaitAliveWorkers(2, Duration.ofMinutes(3));
    } finally {
      job.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  @Test
  @Order(5)
  void theWorkspacesNetworkPoliciesLetAnotherNamespaceReachSparkConnectButNotTheMaster() {
    // The operator's policies in the Workspace's namespace, enforced on the node by kube-router.
    assertThat(kubectl.ok("get", "networkpolicies", "-n", NS, "-o", "name"))
        .contains(
            "networkpolicy.networking.k8s.io/lakehouse-default-deny",
            "networkpolicy.networking.k8s.io/lakehouse-allow-engines",
            "networkpolicy.networking.k8s.io/lakehouse-allow-clients");
    String driver = kubectl.jsonpath("pod/" + DRIVER_POD, NS, ".status.podIP");
    assertThat(driver).isNotBlank();
    try (NetworkPolicyProbe probe = NetworkPolicyProbe.start(kubectl)) {
      // Spark Connect is open to clients of any namespace: the probe pod connects (once
      // kube-router has its address), so the network between the two pods carries TCP.
      String connect = probe.awaitFromPod(driver, 15002, Duration.ofMinutes(2));
      // The standalone master's port on the same address is only for the Workspace's engines.
      String master = probe.fromPod(driver, 7077);
      // ... and the master does listen there: the node itself (which kubelet's probes and the
      // API server's proxy come from) connects.
      String fromNode = NetworkPolicyProbe.fromNode(driver, 7077);
      System.out.printf(
          "[real-node] from namespace %s: %s:15002 %s, %s:7077 %s; from the node: 7077 %s%n",
          NetworkPolicyProbe.NAMESPACE, driver, connect, driver, master, fromNode);
      assertThat(connect)
          .as("Spark Connect %s:15002 from namespace %s", driver, NetworkPolicyProbe.NAMESPACE)
          .isEqualTo(NetworkPolicyProbe.CONNECTED);
      assertThat(master)
          .as("the master %s:7077 from namespace %s", driver, NetworkPolicyProbe.NAMESPACE)
          .isIn("refused", "timeout");
      assertThat(fromNode)
          .as("the master %s:7077 from the node", driver)
          .isEqualTo(NetworkPolicyProbe.CONNECTED);
    }
    // The engines still talk to each other under the same policies: workers ALIVE at the master.
    await(
        "workers ALIVE at the Spark master",
        Duration.ofMinutes(1),
        () ->
            master()
                .filter(m -> "ALIVE".equals(m.path("status").asText()))
                .map(RealNodeE2ETest::aliveWorkers)
                .filter(alive -> !alive.isEmpty()));
  }

  @Test
  @Order(6)
  void theWorkspacesCatalogAndStorageOnTheNodesNetworkServeIcebergAndDeltaTables()
      throws Exception {
    long start = System.nanoTime();
    RealNode.startDataServices();
    // No catalog override: the session uses the Workspace's default catalog, its Nessie.
    JsonNode answer = pyspark(CATALOG_QUERY);
    assertThat(answer.path("catalog").asText()).isEqualTo("lakehouse");
    assertThat(answer.path("iceberg_rows").asLong()).isEqualTo(1000);
    assertThat(answer.path("kinds").asLong()).isEqualTo(2);
    assertThat(answer.path("delta_rows").asLong()).isEqualTo(10);
    figures.put("catalog_query_ms", answer.path("ms").asLong());
    figures.put("data_services_and_catalog_query_ms", millisSince(start));
    // Both tables' files are in the Workspace's bucket, written with the Secret's keys.
    // curl's SigV4 signs the query as written: sorted and encoded, as S3's canonical form has it.
    String listing = RealNode.s3("GET", "lakehouse/?list-type=2&prefix=warehouse%2F");
    assertThat(listing)
        .as("objects under s3://lakehouse/warehouse/")
        .containsPattern("<Key>warehouse/[^<]*events[^<]*\\.metadata\\.json</Key>")
        .containsPattern("<Key>warehouse/[^<]*events[^<]*\\.parquet</Key>")
        .contains("warehouse/realnode_delta/_delta_log/00000000000000000000.json");
  }

  @Test
  @Order(7)
  void theQuickstartJobRunsItsSqlTasksOnTheClusterIntoTheCatalog() throws Exception {
    long start = System.nanoTime();
    applyExample("30-job.yaml");
    // As make quickstart starts it: one run now.
    kubectl.ok(
        "annotate",
        "--overwrite",
        "jobs.lakehouse.dev/nightly-orders",
        "-n",
        NS,
        "lakehouse.dev/run-now=real-node");
    String phase =
        await(
            "the nightly-orders run finished",
            Duration.ofMinutes(10),
            () ->
                Optional.of(
                        kubectl
                            .ok(
                                "get",
                                "jobruns.lakehouse.dev",
                                "-n",
                                NS,
                                "-l",
                                "lakehouse.dev/job=nightly-orders",
                                "-o",
                                "jsonpath={.items[*].status.phase}")
                            .trim())
                    .filter(p -> p.equals("Succeeded") || p.equals("Failed")));
    if (!phase.equals("Succeeded")) {
      System.out.println(kubectl.run("get", "jobruns.lakehouse.dev", "-n", NS, "-o", "yaml"));
      System.out.println(
          kubectl.run("logs", "-n", NS, "-l", "lakehouse.dev/job=nightly-orders", "--tail=60"));
    }
    assertThat(phase).isEqualTo("Succeeded");
    figures.put("quickstart_job_run_ms", millisSince(start));
    // The load task's rows, read back through the Workspace's catalog.
    JsonNode answer = pyspark(ORDERS_QUERY);
    assertThat(answer.path("orders").asLong()).isEqualTo(2);
  }

  @Test
  @Order(8)
  void autoTerminationReadsRealActivityAndStopsTheClusterAfterItsIdleMinute() throws Exception {
    String before = kubectl.jsonpath(CLUSTER, NS, ".status.lastActivityTime");
    Path out = Files.createTempFile("real-node-busy", ".log");
    // 360 tasks of 2 s on the two workers' four task slots: at least three minutes of activity.
    Process job = startPySpark(slowJob(360), out);
    Instant jobEnd;
    try {
      // The operator polls the driver's REST API at least every minute: a running job is "now".
      Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      await(
          "the operator reads the running job as activity (status.lastActivityTime after "
              + started
              + ", was "
              + before
              + ")",
          Duration.ofMinutes(3),
          () ->
              Optional.of(kubectl.jsonpath(CLUSTER, NS, ".status.lastActivityTime"))
                  .filter(t -> !t.isBlank() && !Instant.parse(t).isBefore(started)));
      long patched = System.nanoTime();
      kubectl.ok(
          "patch",
          CLUSTER,
          "-n",
          NS,
          "--type=merge",
          "-p",
          "{\"spec\":{\"autoTerminationMinutes\":1}}");
      // Past its idle minute, a busy Cluster keeps running.
      while (millisSince(patched) < 75_000) {
        assertThat(job.isAlive())
            .as("the busy job (at least 180 s) still runs 75 s after the patch")
            .isTrue();
        assertThat(kubectl.jsonpath(CLUSTER, NS, ".status.terminationReason"))
            .as("a busy Cluster is not auto-terminated")
            .isEmpty();
        OperatorProcess.sleep(5000);
      }
      assertThat(job.waitFor(10, java.util.concurrent.TimeUnit.MINUTES))
          .as("the busy job finishes")
          .isTrue();
      jobEnd = Instant.now();
      assertThat(job.exitValue()).as(Files.readString(out)).isZero();
    } finally {
      job.destroyForcibly();
      Files.deleteIfExists(out);
    }
    await(
        "the Cluster auto-terminated",
        Duration.ofMinutes(4),
        () ->
            Optional.of(kubectl.jsonpath(CLUSTER, NS, ".status.terminationReason"))
                .filter("AutoTerminated"::equals));
    long idleToStopped = Duration.between(jobEnd, Instant.now()).toMillis();
    figures.put("idle_to_auto_terminated_ms", idleToStopped);
    // It waited for its idle minute (the job's last activity is its end, in whole seconds).
    assertThat(idleToStopped).isGreaterThan(55_000);
    await(
        "the Cluster's pods gone",
        Duration.ofMinutes(3),
        () ->
            Optional.of(
                    kubectl.ok(
                        "get",
                        "pods",
                        "-n",
                        NS,
                        "-l",
                        "lakehouse.dev/cluster=quickstart,lakehouse.dev/role in (driver,worker)",
                        "-o",
                        "name"))
                .filter(String::isBlank));
    assertThat(kubectl.jsonpath(CLUSTER, NS, ".status.phase")).isEqualTo("Terminated");
  }

  // ---------------------------------------------------------------------------------------------

  private static void applyExample(String file) throws IOException {
    kubectl.apply(Files.readString(RealNode.REPO.resolve("examples/quickstart").resolve(file)));
  }

  private static void waitForReady(Duration limit) {
    CommandResult ready =
        kubectl.run(
            "wait",
            "--for=condition=Ready",
            CLUSTER,
            "-n",
            NS,
            "--timeout=" + limit.toSeconds() + "s");
    if (!ready.succeeded()) {
      System.out.println(kubectl.run("get", "pods", "-n", NS, "-o", "wide"));
      System.out.println(kubectl.run("describe", "pods", "-n", NS));
      System.out.println(kubectl.run("get", CLUSTER, "-n", NS, "-o", "yaml"));
    }
    assertThat(ready.succeeded()).as(ready.toString()).isTrue();
  }

  /** The Spark master's own view, through the API server's proxy to the driver pod. */
  private static Optional<JsonNode> master() {
    CommandResult raw =
        kubectl.run(
            "get",
            "--raw",
            "/api/v1/namespaces/" + NS + "/pods/" + DRIVER_POD + ":8080/proxy/json/");
    if (!raw.succeeded()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(raw.stdout()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> aliveWorkers(JsonNode master) {
    List<String> alive = new ArrayList<>();
    master
        .path("workers")
        .forEach(
            w -> {
              if ("ALIVE".equals(w.path("state").asText())) {
                alive.add(w.path("host").asText());
              }
            });
    return alive;
  }

  private static void awaitAliveWorkers(int count, Duration limit) {
    List<String> hosts =
        await(
            count + " workers ALIVE at the Spark master",
            limit,
            () ->
                master()
                    .filter(m -> "ALIVE".equals(m.path("status").asText()))
                    .map(RealNodeE2ETest::aliveWorkers)
                    .filter(alive -> alive.size() == count));
    // Each a worker pod of the Cluster: the pods' addresses.
    String podIps =
        kubectl.ok(
            "get",
            "pods",
            "-n",
            NS,
            "-l",
            "lakehouse.dev/cluster=quickstart,lakehouse.dev/role=worker",
            "-o",
            "jsonpath={.items[*].status.podIP}");
    assertThat(List.of(podIps.trim().split("\\s+"))).containsAll(hosts);
  }

  private static JsonNode query(Optional<String> conf) throws IOException {
    return conf.isPresent() ? pyspark(QUERY, conf.get()) : pyspark(QUERY);
  }

  /**
   * Runs a PySpark script (the host's client) in the node's network namespace, connecting to the
   * driver Service's cluster IP as a pod would (kube-proxy's rules): {@code kubectl port-forward}
   * reaches only what listens on a pod's localhost, and Spark Connect listens on the pod's address.
   * The script gets the Spark Connect URL and {@code args}; its last line is JSON.
   */
  private static JsonNode pyspark(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(pysparkCommand(script));
    command.addAll(List.of(args));
    CommandResult result = CommandResult.run(command, null, 10);
    assertThat(result.succeeded()).as(result.toString()).isTrue();
    String last = result.stdout().strip().lines().reduce((a, b) -> b).orElse("");
    return JSON.readTree(last);
  }

  /** Starts a PySpark script in the background, its output to {@code out}. */
  private static Process startPySpark(String script, Path out) throws IOException {
    return new ProcessBuilder(pysparkCommand(script))
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }

  private static List<String> pysparkCommand(String script) {
    String service = kubectl.jsonpath("service/quickstart-driver", NS, ".spec.clusterIP");
    assertThat(service).isNotBlank();
    return List.of(
        RealNode.REPO.resolve("e2e/testenv/real-node").toString(),
        "exec",
        python,
        "-c",
        script,
        "sc://" + service + ":15002");
  }

  private static String configHash() {
    return kubectl.jsonpath(
        "statefulset/quickstart-driver",
        NS,
        ".spec.template.metadata.annotations.lakehouse\\.dev/config-hash");
  }

  /** Every pod of the Cluster (the driver and {@code workers}) Ready with the given config hash. */
  private static boolean rolledTo(String hash, int pods) {
    CommandResult result =
        kubectl.run(
            "get", "pods", "-n", NS, "-l", "lakehouse.dev/cluster=quickstart", "-o", "json");
    if (!result.succeeded()) {
      return false;
    }
    try {
      JsonNode items = JSON.readTree(result.stdout()).path("items");
      int ready = 0;
      for (JsonNode pod : items) {
        String podHash =
            pod.path("metadata").path("annotations").path("lakehouse.dev/config-hash").asText();
        boolean isReady = false;
        for (JsonNode c : pod.path("status").path("conditions")) {
          isReady |=
              "Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText());
        }
        if (!podHash.equals(hash) || !isReady || pod.path("metadata").has("deletionTimestamp")) {
          return false;
        }
        ready++;
      }
      return ready == pods;
    } catch (IOException e) {
      return false;
    }
  }

  private static <T> T await(String what, Duration limit, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      OperatorProcess.sleep(2000);
    }
    System.out.println(kubectl.run("get", "pods", "-n", NS, "-o", "wide"));
    throw new AssertionError("not within " + limit + ": " + what + "; master: " + master());
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
