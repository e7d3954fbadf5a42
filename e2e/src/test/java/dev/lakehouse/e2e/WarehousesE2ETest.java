package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Warehouses on a full control plane with kwok's simulated nodes and the packaged operator, driven
 * with kubectl: the example Warehouse Ready behind its gateway, query load (the documented {@code
 * lakehouse.dev/sql-load} annotation of each cluster, as kwok runs no Spark) drives 1 -> 3 -> 1
 * clusters, an idle Warehouse stops to zero, and a connection to the gateway wakes it. The gateway
 * runs as a process on the test machine with its own ServiceAccount's token (kwok's pods run no
 * process); a small echo server stands for the drivers' SQL port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarehousesE2ETest {
  static final String NS = "analytics";
  static final String WAREHOUSE = "warehouses.lakehouse.dev/bi";
  static final ObjectMapper JSON = new ObjectMapper();

  /** The scale-in window (low load, and the peak kept) of this suite's operator. */
  static final Duration SCALE_IN_WINDOW = Duration.ofSeconds(15);

  OperatorStack stack;
  Kubectl kubectl;
  Kstatus kstatus;
  final BenchmarkFigures figures = new BenchmarkFigures();

  @BeforeAll
  void start() throws IOException {
    Map<String, String> env = new HashMap<>(OperatorStack.ANNOTATION_SOURCES);
    env.put("LAKEHOUSE_WAREHOUSE_SCALE_IN_WINDOW", SCALE_IN_WINDOW.toSeconds() + "s");
    env.put("LAKEHOUSE_WAREHOUSE_DRAIN_TIMEOUT", "30s");
    stack = OperatorStack.start("lakehouse-e2e-warehouses", env);
    kubectl = stack.kubectl();
    kstatus = new Kstatus(stack.controlPlane().kubeconfig());
    stack.applyAnalyticsWorkspace();
  }

  @AfterAll
  void stop() throws IOException {
    if (stack != null) {
      stack.close();
    }
    WarehousePolicyCost.addTo(figures);
    figures.write(
        Path.of(System.getProperty("lakehouse.e2e.output"), "benchmarks", "warehouse-e2e.json"));
  }

  @Test
  @Order(10)
  void theExampleWarehouseIsReadyBehindItsGateway() {
    Path example = TestEnvironment.repoRoot().resolve("examples/warehouses/bi.yaml");
    Instant applied = Instant.now();
    kubectl.ok("apply", "--server-side", "-f", example.toString());
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", WAREHOUSE, "-n", NS);
    figures.put("apply_to_ready_ms", Duration.between(applied, Instant.now()).toMillis());

    JsonNode warehouse = json(WAREHOUSE);
    assertThat(warehouse.at("/status/phase").asText()).isEqualTo("Running");
    assertThat(warehouse.at("/status/clusters").asInt()).isEqualTo(1);
    assertThat(warehouse.at("/spec/clusters").asInt()).isEqualTo(1);
    assertThat(warehouse.at("/status/endpoints/jdbc").asText())
        .isEqualTo("jdbc:hive2://bi.analytics.svc:10000/default");
    assertThat(warehouse.at("/status/endpoints/sparkConnect").asText())
        .isEqualTo("sc://bi.analytics.svc:15002");
    JsonNode member = json("clusters.lakehouse.dev/bi-1");
    assertThat(member.at("/spec/workers").asInt()).isEqualTo(4); // Small
    assertThat(member.at("/spec/sqlEndpoint/maxConcurrentQueries").asInt()).isEqualTo(10);
    assertThat(member.at("/metadata/labels/lakehouse.dev~1warehouse").asText()).isEqualTo("bi");
    assertThat(member.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Warehouse");
    assertThat(kubectl.jsonpath("deployment/bi-gateway", NS, ".spec.replicas")).isEqualTo("2");
    assertThat(kubectl.jsonpath("service/bi", NS, ".spec.ports[*].port")).isEqualTo("10000 15002");
    assertThat(kubectl.jsonpath("service/bi-1-driver", NS, ".spec.ports[*].name")).contains("sql");
    assertThat(kstatus.status(WAREHOUSE, NS).status()).isEqualTo("Current");
    // kubectl get shows size, clusters, running and queued queries.
    assertThat(kubectl.ok("get", WAREHOUSE, "-n", NS))
        .contains("SIZE")
        .contains("CLUSTERS")
        .contains("RUNNING")
        .contains("QUEUED")
        .contains("Small");
  }

  @Test
  @Order(20)
  void queryLoadScalesTheFleetOutToThreeAndBackToOne() {
    Instant step = Instant.now();
    load("bi-1", 10, 40, 45_000, 12);
    await("spec.clusters 3", () -> "3".equals(kubectl.jsonpath(WAREHOUSE, NS, ".spec.clusters")));
    figures.put("scale_out_decision_ms", Duration.between(step, Instant.now()).toMillis());
    await(
        "3 ready clusters", () -> "3".equals(kubectl.jsonpath(WAREHOUSE, NS, ".status.clusters")));
    figures.put("scale_out_ready_ms", Duration.between(step, Instant.now()).toMillis());
    assertThat(
            kubectl.ok(
                "get",
                "clusters.lakehouse.dev",
                "-n",
                NS,
                "-l",
                "lakehouse.dev/warehouse=bi",
                "-o",
                "name"))
        .contains("bi-1")
        .contains("bi-2")
        .contains("bi-3");
    assertThat(kubectl.ok("get", "--subresource=scale", WAREHOUSE, "-n", NS, "-o", "json"))
        .contains("lakehouse.dev/warehouse=bi");
    assertThat(events()).contains("ScaledUp");

    // The load ends, but every cluster keeps an open session: after the scale-in window the two
    // clusters the autoscaler names drain (the gateway sends them nothing new) until their
    // sessions end.
    Instant calm = Instant.now();
    for (String cluster : List.of("bi-1", "bi-2", "bi-3")) {
      load(cluster, 0, 0, 0, 1);
    }
    await(
        Duration.ofSeconds(120),
        "two clusters draining",
        () -> kubectl.jsonpath(WAREHOUSE, NS, ".status.draining[*]").split(" ").length == 2);
    List<String> draining =
        List.of(kubectl.jsonpath(WAREHOUSE, NS, ".status.draining[*]").split(" "));
    for (String cluster : draining) {
      assertThat(
              kubectl.jsonpath(
                  "clusters.lakehouse.dev/" + cluster,
                  NS,
                  ".metadata.annotations.lakehouse\\.dev/draining"))
          .isNotEmpty();
    }
    assertThat(events()).contains("ScaledDown").contains("Draining");
    for (String cluster : List.of("bi-1", "bi-2", "bi-3")) {
      load(cluster, 0, 0, 0, 0);
    }
    await(
        Duration.ofSeconds(60),
        "one cluster left",
        () ->
            kubectl
                    .ok(
                        "get",
                        "clusters.lakehouse.dev",
                        "-n",
                        NS,
                        "-l",
                        "lakehouse.dev/warehouse=bi",
                        "-o",
                        "name")
                    .lines()
                    .count()
                == 1);
    figures.put("scale_in_ms", Duration.between(calm, Instant.now()).toMillis());
    await("spec.clusters 1", () -> "1".equals(kubectl.jsonpath(WAREHOUSE, NS, ".spec.clusters")));
    assertThat(events()).contains("Drained");
    kstatus.awaitStatus(WAREHOUSE, NS, "Current", Duration.ofSeconds(60));
  }

  @Test
  @Order(30)
  void anIdleWarehouseStopsToZeroAndStaysReadyForTheNextConnection() {
    kubectl.ok(
        "patch", WAREHOUSE, "-n", NS, "--type=merge", "-p", "{\"spec\":{\"autoStopMinutes\":1}}");
    for (String cluster : members()) {
      kubectl.ok("annotate", cluster, "-n", NS, "lakehouse.dev/sql-load-");
    }
    await(
        Duration.ofSeconds(180),
        "phase Stopped",
        () -> "Stopped".equals(kubectl.jsonpath(WAREHOUSE, NS, ".status.phase")));
    assertThat(
            kubectl.ok(
                "get",
                "clusters.lakehouse.dev",
                "-n",
                NS,
                "-l",
                "lakehouse.dev/warehouse=bi",
                "-o",
                "name"))
        .isBlank();
    assertThat(kubectl.jsonpath(WAREHOUSE, NS, ".spec.clusters")).isEqualTo("0");
    assertThat(kubectl.jsonpath(WAREHOUSE, NS, ".status.conditions[?(@.type==\"Ready\")].reason"))
        .isEqualTo("AutoStopped");
    assertThat(
            kubectl.jsonpath(WAREHOUSE, NS, ".status.conditions[?(@.type==\"Suspended\")].status"))
        .isEqualTo("True");
    assertThat(kubectl.jsonpath("deployment/bi-gateway", NS, ".spec.replicas")).isEqualTo("2");
    assertThat(events()).contains("AutoStopped");
    assertThat(kstatus.status(WAREHOUSE, NS).status()).isEqualTo("Current");
  }

  @Test
  @Order(40)
  void aConnectionToTheGatewayWakesTheWarehouseAndGoesThrough() throws Exception {
    try (EchoServer engine = new EchoServer();
        GatewayProcess gateway =
            GatewayProcess.start(
                stack.serviceAccountKubeconfig(
                    "bi-gateway",
                    NS,
                    Path.of(System.getProperty("lakehouse.e2e.output"), "bi-gateway.kubeconfig")),
                NS,
                "bi",
                engine.port(),
                Duration.ofMinutes(3),
                Path.of(System.getProperty("lakehouse.e2e.output"), "bi-gateway.log"));
        Socket client = new Socket(InetAddress.getLoopbackAddress(), gateway.sqlPort())) {
      Instant connected = Instant.now();
      client.setSoTimeout((int) Duration.ofMinutes(3).toMillis());
      OutputStream out = client.getOutputStream();
      out.write("hello warehouse\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      // The gateway holds the client while it asks the operator to start the Warehouse.
      await(
          "the wake request",
          () ->
              !kubectl
                  .jsonpath(
                      WAREHOUSE, NS, ".metadata.annotations.lakehouse\\.dev/wake-requested-at")
                  .isEmpty());
      assertThat(engine.connections()).isZero();
      String echoed = readLine(client.getInputStream());
      figures.put("wake_ms_kwok", Duration.between(connected, Instant.now()).toMillis());
      assertThat(echoed).isEqualTo("hello warehouse");
      assertThat(engine.connections()).isEqualTo(1);
      await(
          "phase Running",
          () -> "Running".equals(kubectl.jsonpath(WAREHOUSE, NS, ".status.phase")));
      assertThat(kubectl.jsonpath(WAREHOUSE, NS, ".status.lastWakeTime")).isNotEmpty();
      assertThat(events()).contains("Waking");
      assertThat(gateway.load()).contains("bi-1");
    }
  }

  @Test
  @Order(50)
  void stoppedByTheUserItDeletesItsClustersAndStartsAgainOnRunning() {
    kubectl.ok(
        "patch", WAREHOUSE, "-n", NS, "--type=merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}");
    await(
        "phase Stopped", () -> "Stopped".equals(kubectl.jsonpath(WAREHOUSE, NS, ".status.phase")));
    assertThat(
            kubectl.jsonpath(WAREHOUSE, NS, ".status.conditions[?(@.type==\"Suspended\")].reason"))
        .isEqualTo("UserRequest");
    kstatus.awaitStatus(WAREHOUSE, NS, "Current", Duration.ofSeconds(30));
    kubectl.ok(
        "patch", WAREHOUSE, "-n", NS, "--type=merge", "-p", "{\"spec\":{\"state\":\"Running\"}}");
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", WAREHOUSE, "-n", NS);
    assertThat(kubectl.jsonpath(WAREHOUSE, NS, ".status.clusters")).isEqualTo("1");
  }

  @Test
  @Order(60)
  void aSizeTheWorkspaceDoesNotAllowIsAnErrorWithTheReason() {
    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Warehouse
        metadata: {name: too-large, namespace: analytics}
        spec: {size: X-Large}
        """);
    Kstatus.Result failed =
        kstatus.awaitStatus(
            "warehouses.lakehouse.dev/too-large", NS, "Failed", Duration.ofSeconds(60));
    assertThat(failed.message()).contains("size X-Large is not allowed in this Workspace");
    assertThat(
            kubectl.jsonpath(
                "warehouses.lakehouse.dev/too-large",
                NS,
                ".status.conditions[?(@.type==\"Ready\")].reason"))
        .isEqualTo("PolicyViolation");
    assertThat(
            kubectl.ok(
                "get",
                "clusters.lakehouse.dev",
                "-n",
                NS,
                "-l",
                "lakehouse.dev/warehouse=too-large",
                "-o",
                "name"))
        .isBlank();
    kubectl.ok("delete", "warehouses.lakehouse.dev/too-large", "-n", NS);
  }

  /** Writes the documented test load on a cluster of the fleet. */
  private void load(String cluster, int running, int queued, long oldestWaitMs, int sessions) {
    String value =
        "{\"sessions\":%d,\"running\":%d,\"queued\":%d,\"oldestQueuedWaitMs\":%d,\"recentArrivals\":%d,\"arrivalWindowMs\":60000,\"meanQueryMillis\":20000,\"lastActivityMs\":%d}"
            .formatted(
                sessions,
                running,
                queued,
                oldestWaitMs,
                running + queued,
                Instant.now().toEpochMilli());
    kubectl.ok(
        "annotate",
        "--overwrite",
        "clusters.lakehouse.dev/" + cluster,
        "-n",
        NS,
        "lakehouse.dev/sql-load=" + value);
  }

  /** The fleet's Clusters, as kubectl names them. */
  private List<String> members() {
    return kubectl
        .ok(
            "get",
            "clusters.lakehouse.dev",
            "-n",
            NS,
            "-l",
            "lakehouse.dev/warehouse=bi",
            "-o",
            "name")
        .lines()
        .toList();
  }

  private JsonNode json(String resource) {
    try {
      return JSON.readTree(kubectl.ok("get", resource, "-n", NS, "-o", "json"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String events() {
    return kubectl.ok(
        "get",
        "events",
        "-n",
        NS,
        "--field-selector",
        "involvedObject.kind=Warehouse,involvedObject.name=bi",
        "-o",
        "custom-columns=REASON:.reason,MESSAGE:.message");
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    OperatorStack.await(what, condition);
  }

  private static void await(
      Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      OperatorProcess.sleep(500);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString();
  }

  /** Stands for the drivers' SQL port: echoes what a client sends, counts connections. */
  static final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    EchoServer() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread echo = new Thread(() -> echo(s), "echo-session");
                    echo.setDaemon(true);
                    echo.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "echo-engine");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static void echo(Socket s) {
      try (s) {
        s.getInputStream().transferTo(s.getOutputStream());
      } catch (IOException e) {
        // the client went
      }
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
