package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testing.AuditLog;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a cluster does to an operator, on a full control plane with kwok's simulated nodes and the
 * packaged operator under the chart's RBAC:
 *
 * <ol>
 *   <li>the operator SIGKILLed at random moments (at least 20 times) while a seeded random driver
 *       creates, scales, stops, starts, edits, loads, runs and deletes Workspaces, Clusters (fixed
 *       and autoscaled), Jobs and Warehouses; after the last kill everything converges, no child is
 *       orphaned or missing, every requested run exists once and ends, no status is stuck;
 *   <li>the API server stopped and started, then etcd and the API server: the operator reconnects
 *       and converges without a crash loop and with (almost) no writes;
 *   <li>two replicas: the leader SIGKILLed, then the new leader SIGSTOPped; the follower takes over
 *       within the lease duration, the paused one writes nothing after it lost the Lease and exits,
 *       and the two never write in the same period.
 * </ol>
 *
 * The profile ({@link ReliabilityProfile}: short in CI, long by hand) sets the kills and resources;
 * figures go to {@code target/benchmarks/reliability.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityE2ETest {
  static final String NAME = "lakehouse-e2e-reliability";
  static final ObjectMapper JSON = new ObjectMapper();

  /** The churn's Lease: a SIGKILLed leader's Lease holds a new replica back this long at most. */
  static final Map<String, String> SHORT_LEASE =
      Map.of(
          "LAKEHOUSE_LEADER_ELECTION_LEASE_DURATION", "5s",
          "LAKEHOUSE_LEADER_ELECTION_RENEW_DEADLINE", "4s",
          "LAKEHOUSE_LEADER_ELECTION_RETRY_PERIOD", "1s");

  /** java-operator-sdk's defaults, which the operator keeps unless told otherwise. */
  static final Duration LEASE_DURATION = Duration.ofSeconds(15);

  static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  /** Writes that change nothing: access reviews the operator asks for at start. */
  static final Set<String> NOT_WRITES =
      Set.of("leases", "selfsubjectrulesreviews", "selfsubjectaccessreviews");

  /**
   * Most writes accepted in the window after the API server is back beyond the steady writes of the
   * same length (goal: 0).
   */
  static final int EXTRA_WRITES_AFTER_RESTART_BOUND = 5;

  static final Pattern INSTANCE = Pattern.compile("\\(([^)]+)\\)\\s*$");

  final ReliabilityProfile profile = ReliabilityProfile.fromSystemProperties();
  final BenchmarkFigures figures = new BenchmarkFigures();
  OperatorStack stack;
  Kubectl kubectl;
  KubernetesClient client;
  AuditLog audit;
  ChurnDriver driver;
  final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor();
  final Map<String, Integer> controlPlaneRestarts = new ConcurrentHashMap<>();

  /** The pod name (and Lease identity) of the operator that runs now. */
  String pod = "rel-operator-1";

  @BeforeAll
  void start() throws IOException {
    System.out.printf(
        "[reliability] profile %s, seed %d (-D%s=short|long -D%s=<n>)%n",
        profile.name(),
        profile.seed(),
        ReliabilityProfile.PROFILE_PROPERTY,
        ReliabilityProfile.SEED_PROPERTY);
    figures.put("profile", profile.name());
    figures.put("seed", profile.seed());
    Map<String, String> env = new HashMap<>(OperatorStack.ANNOTATION_SOURCES);
    env.put("LAKEHOUSE_AUTOSCALER_SCALE_DOWN_WINDOW", "20s");
    env.put("LAKEHOUSE_WAREHOUSE_SCALE_IN_WINDOW", "15s");
    env.put("LAKEHOUSE_WAREHOUSE_DRAIN_TIMEOUT", "30s");
    // The JVM's quick-start options: two cores start the operator dozens of times here.
    env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    stack = OperatorStack.prepare(NAME, env);
    kubectl = stack.kubectl();
    audit = new AuditLog(stack.controlPlane().auditLog());
    Config config = Config.fromKubeconfig(Files.readString(stack.controlPlane().kubeconfig()));
    config.setRequestTimeout(10_000);
    config.setRequestRetryBackoffLimit(0);
    client = new KubernetesClientBuilder().withConfig(config).build();
    // The control plane's own kubelet: components that exit (kube-controller-manager and
    // kube-scheduler do when the API server is away longer than their renew deadline) start again.
    stack.controlPlane().rememberComponents();
    supervisor.scheduleWithFixedDelay(
        () -> {
          try {
            for (String component : stack.controlPlane().restartExited()) {
              System.out.println("[reliability] " + component + " exited; started it again");
              controlPlaneRestarts.merge(component, 1, Integer::sum);
            }
          } catch (RuntimeException e) {
            System.out.println("[reliability] cannot restart a control-plane component: " + e);
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws IOException, InterruptedException {
    supervisor.shutdownNow();
    supervisor.awaitTermination(10, TimeUnit.SECONDS);
    figures.put("control_plane_component_restarts", new TreeMap<>(controlPlaneRestarts));
    if (client != null) {
      client.close();
    }
    if (stack != null) {
      keepControlPlaneLogs();
      stack.close();
    }
    figures.write(
        Path.of(System.getProperty("lakehouse.e2e.output"), "benchmarks", "reliability.json"));
  }

  // ---------------------------------------------------------------------------------------------
  // 1. The operator killed during churn
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(10)
  void theOperatorKilledAtRandomDuringChurnLosesNothing() throws Exception {
    stack.startOperator(churnEnv(pod));
    driver = new ChurnDriver(kubectl, client, new Random(profile.seed()), profile.resources());
    driver.createEngineWorkspaces(profile.engineWorkspaces());
    for (int i = 1; i <= profile.engineWorkspaces(); i++) {
      kubectl.ok(
          "wait",
          "--for=condition=Ready",
          "--timeout=120s",
          "workspaces.lakehouse.dev/rel-home-" + i);
    }

    long mark = audit.mark();
    Instant churnStart = Instant.now();
    Killer killer = new Killer(new Random(profile.seed() * 31 + 7));
    CompletableFuture<Void> killing = CompletableFuture.runAsync(killer);
    Random pace = new Random(profile.seed() + 1);
    try {
      while (!killing.isDone()) {
        driver.step();
        OperatorProcess.sleep(100 + pace.nextInt(300));
      }
    } finally {
      killer.stop.set(true); // a failing driver stops the killer too
      killing.join();
    }
    driver.requestARunIfNoneWas();
    Instant lastKill = killer.lastKill;
    Instant churnEnd = Instant.now();

    // The operator now stays up: everything converges within the bound.
    Convergence.Report report = null;
    Instant converged = null;
    Instant deadline = lastKill.plus(profile.convergenceBound());
    while (Instant.now().isBefore(deadline)) {
      keepOperatorUp(killer);
      report = observe();
      if (report.converged()) {
        converged = Instant.now();
        break;
      }
      System.out.printf(
          "[reliability] %ds after the last kill: %s%n",
          Duration.between(lastKill, Instant.now()).toSeconds(), report.summary());
      OperatorProcess.sleep(2000);
    }
    if (report == null) {
      report = observe();
    }
    Map<String, Integer> writes = audit.operatorWritesSince(mark);
    // What was written most, to read a figure that grows.
    Map<String, Integer> byVerb = new TreeMap<>();
    Map<String, Integer> byObject = new HashMap<>();
    for (JsonNode e : audit.operatorWrites(mark, e -> !NOT_WRITES.contains(resource(e)))) {
      String sub = e.at("/objectRef/subresource").asText("");
      String what = e.path("verb").asText() + " " + resource(e) + (sub.isEmpty() ? "" : "/" + sub);
      byVerb.merge(what, 1, Integer::sum);
      byObject.merge(
          what
              + " "
              + e.at("/objectRef/namespace").asText()
              + "/"
              + e.at("/objectRef/name").asText(),
          1,
          Integer::sum);
    }
    byObject.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(15)
        .forEach(
            e ->
                System.out.println(
                    "[reliability] most written during the churn: "
                        + e.getValue()
                        + " x "
                        + e.getKey()));

    Map<String, Integer> alive = new TreeMap<>();
    driver.resources().stream()
        .filter(r -> !r.deleted)
        .forEach(r -> alive.merge(r.kind.kind, 1, Integer::sum));
    figures.put("churn_kills", killer.kills.get());
    figures.put("churn_kills_before_ready", killer.killsBeforeReady.get());
    figures.put("churn_operator_pods", killer.pods.get());
    figures.put("churn_operator_exits_unasked", killer.unaskedExits.get());
    figures.put("churn_seconds", Duration.between(churnStart, churnEnd).toSeconds());
    figures.put("churn_actions", driver.actionCount());
    figures.put("churn_actions_by_type", driver.actions());
    figures.put("churn_actions_refused_by_type", driver.refused());
    figures.put("churn_resources_created", driver.created());
    figures.put("churn_resources_at_end_by_kind", alive);
    figures.put(
        "churn_convergence_ms_after_last_kill",
        converged == null ? -1 : Duration.between(lastKill, converged).toMillis());
    figures.put("churn_operator_writes", AuditLog.excludingLeases(writes));
    figures.put("churn_operator_lease_writes", AuditLog.leases(writes));
    figures.put("churn_operator_writes_by_resource", writes);
    figures.put("churn_operator_writes_by_verb", byVerb);
    figures.put("churn_runs_requested", report.runsRequested());
    figures.put("churn_runs_found", report.runsFound());
    figures.put("churn_runs_duplicated", report.runsDuplicated());
    figures.put("churn_runs_lost", report.runsLost());
    figures.put("churn_orphans", report.orphans());
    figures.put("churn_missing_children", report.missingChildren());
    driver.refusals().forEach(r -> System.out.println("[reliability] refused: " + r));

    assertThat(killer.kills.get()).isGreaterThanOrEqualTo(profile.kills());
    assertThat(killer.crashes)
        .as("operator exits other than a lost Lease (see the logs)")
        .isEmpty();
    assertThat(report.converged())
        .as(
            "converged within %s after the last kill: %s",
            profile.convergenceBound(), report.summary())
        .isTrue();
    assertThat(report.orphans()).isZero();
    assertThat(report.missingChildren()).isZero();
    assertThat(report.runsDuplicated()).isZero();
    assertThat(report.runsLost()).isZero();
    assertThat(report.runsRequested()).isPositive();
    assertThat(driver.created()).isEqualTo(profile.resources());
  }

  /**
   * SIGKILLs the operator at random moments, some while it starts, most while it runs, and starts
   * it again at once: half the time as the same pod (a container restart: the same Lease identity,
   * which takes the Lease back at once), half as a new pod (which waits for the Lease to expire).
   */
  final class Killer implements Runnable {
    final Random random;
    final AtomicInteger kills = new AtomicInteger();
    final AtomicInteger killsBeforeReady = new AtomicInteger();
    final AtomicInteger pods = new AtomicInteger(1);
    final AtomicInteger unaskedExits = new AtomicInteger();
    final List<String> crashes = new ArrayList<>();
    final AtomicBoolean stop = new AtomicBoolean();
    volatile Instant lastKill;

    Killer(Random random) {
      this.random = random;
    }

    @Override
    public void run() {
      try {
        // At least the profile's kills, and on until the driver has made all its resources.
        while (!stop.get()
            && (kills.get() < profile.kills()
                || (driver.created() < profile.resources() && kills.get() < 3 * profile.kills()))) {
          OperatorProcess operator = stack.operator();
          boolean beforeReady = random.nextDouble() < 0.3;
          long delay = beforeReady ? 500 + random.nextInt(2500) : 200 + random.nextInt(2500);
          if (!beforeReady && !awaitReady(operator)) {
            continue;
          }
          OperatorProcess.sleep(delay);
          if (!operator.isAlive()) {
            exitedUnasked(operator);
            continue;
          }
          boolean ready = operator.isReady();
          operator.kill();
          lastKill = Instant.now();
          kills.incrementAndGet();
          if (!ready) {
            killsBeforeReady.incrementAndGet();
          }
          if (random.nextBoolean()) {
            pod = "rel-operator-" + pods.incrementAndGet();
          }
          stack.launchOperator(churnEnv(pod));
        }
        awaitReady(stack.operator());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Waits for readiness; false (and a new start) when the process exited instead. */
    boolean awaitReady(OperatorProcess operator) throws IOException {
      try {
        operator.awaitReady(Duration.ofSeconds(120));
        return true;
      } catch (IllegalStateException e) {
        if (operator.isAlive()) {
          throw e;
        }
        exitedUnasked(operator);
        return false;
      }
    }

    /** The operator exited by itself: a lost Lease is by design, anything else is a crash. */
    void exitedUnasked(OperatorProcess operator) throws IOException {
      unaskedExits.incrementAndGet();
      String log = Files.readString(operator.log());
      if (!log.contains("lost the leader-election Lease")) {
        crashes.add("exit " + operator.exitCode() + ", see " + operator.log());
      }
      System.out.println(
          "[reliability] the operator exited by itself ("
              + operator.exitCode()
              + "): "
              + operator.log());
      assertThat(unaskedExits.get()).as("operator exits nobody asked for").isLessThan(10);
      stack.launchOperator(churnEnv(pod));
    }
  }

  /** After the last kill: an operator that exits anyway is started again (and counted). */
  private void keepOperatorUp(Killer killer) throws IOException {
    if (!stack.operator().isAlive()) {
      killer.exitedUnasked(stack.operator());
      killer.awaitReady(stack.operator());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 2. The API server, then etcd and the API server, stopped and started
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(20)
  void theOperatorRidesOutApiServerAndEtcdRestarts() throws Exception {
    // From here on the operator runs with java-operator-sdk's lease durations, as shipped; the same
    // pod name as before, so it takes its Lease back at once.
    if (stack.operator() != null) {
      stack.operator().close();
    }
    stack.startOperator(defaultEnv(pod));
    awaitLeader(pod, LEASE_DURATION.plusSeconds(30));
    Convergence.Report before = awaitConverged(Duration.ofMinutes(3));
    assertThat(before.converged())
        .as("converged before the restarts: " + before.summary())
        .isTrue();

    // The steady writes: busy autoscaled Clusters record their recent peaks, Warehouses their
    // last query time; what the restarts add comes on top of these.
    long baselineMark = audit.mark();
    OperatorProcess.sleep(profile.baselineWindow().toMillis());
    Map<String, Integer> baseline = new TreeMap<>();
    Set<String> steadyWriters = new TreeSet<>();
    for (JsonNode e : audit.operatorWrites(baselineMark, e -> true)) {
      if (!NOT_WRITES.contains(resource(e)) && succeeded(e)) {
        baseline.merge(resource(e), 1, Integer::sum);
        steadyWriters.add(
            resource(e)
                + " "
                + e.at("/objectRef/namespace").asText()
                + "/"
                + e.at("/objectRef/name").asText());
      }
    }
    double steadyPerSecond =
        baseline.values().stream().mapToInt(Integer::intValue).sum()
            / (double) profile.baselineWindow().toSeconds();
    // A writer every 10 s lands one write more or fewer in a window than its rate says, by phase.
    Steady steady = new Steady(steadyPerSecond, steadyWriters.size());
    figures.put("restart_baseline_window_s", profile.baselineWindow().toSeconds());
    figures.put("restart_baseline_writes_by_resource", baseline);
    figures.put("restart_baseline_writes_per_minute", Math.round(steadyPerSecond * 600) / 10.0);

    Kubelet kubelet = new Kubelet();
    CompletableFuture<Void> watching = CompletableFuture.runAsync(kubelet);
    try {
      restart("apiserver", List.of(LocalControlPlane.KUBE_APISERVER), kubelet, steady);
      restart(
          "etcd",
          List.of(LocalControlPlane.KUBE_APISERVER, LocalControlPlane.ETCD),
          kubelet,
          steady);
    } finally {
      kubelet.stop.set(true);
      watching.join();
    }
  }

  /**
   * Stops {@code components} (in order), starts them again in reverse order, and watches the
   * operator for the write window.
   */
  private void restart(String label, List<String> components, Kubelet kubelet, Steady steadyWrites)
      throws Exception {
    LocalControlPlane plane = stack.controlPlane();
    int restartsBefore = kubelet.restarts.get();
    Map<String, Integer> componentsBefore = new TreeMap<>(controlPlaneRestarts);
    Map<String, Integer> workersBefore = workerReplicas();
    long mark = audit.mark();
    Instant down = Instant.now();
    boolean graceful = true;
    for (String component : components) {
      graceful &= plane.stopComponent(component, Duration.ofSeconds(5));
    }
    for (int i = components.size() - 1; i >= 0; i--) {
      plane.startComponent(components.get(i));
    }
    plane.awaitApiServerReady(Duration.ofSeconds(90));
    Instant back = Instant.now();
    OperatorProcess.sleep(
        Math.max(0, Duration.between(Instant.now(), back.plus(profile.writeWindow())).toMillis()));

    // Everything the operator sent from the moment the API server went down.
    List<JsonNode> after = audit.operatorWrites(mark, e -> !received(e).isBefore(down));
    // An autoscaled Cluster whose worker count changed meanwhile made a scale decision its load
    // called for (the churn left it idle or busy), whose stabilization ran out in the window, not
    // because of the restart: its writes (the chosen pod, the Deployment, the event, its status)
    // are counted apart.
    Set<String> scaled = scaledClusters(workersBefore, workerReplicas());
    Map<String, Integer> writesByResource = new TreeMap<>();
    int decisionWrites = 0;
    int failedWrites = 0;
    Instant reconnected = null;
    for (JsonNode e : after) {
      String resource = resource(e);
      if ("leases".equals(resource)
          && succeeded(e)
          && reconnected == null
          && !received(e).isBefore(back)) {
        reconnected = received(e);
      }
      if (NOT_WRITES.contains(resource)) {
        continue;
      }
      System.out.println("[reliability] after the " + label + " restart: " + describe(e));
      if (succeeded(e) && ofScaledCluster(e, scaled)) {
        decisionWrites++;
      } else if (succeeded(e)) {
        writesByResource.merge(resource, 1, Integer::sum);
      } else {
        failedWrites++;
      }
    }
    int writes = writesByResource.values().stream().mapToInt(Integer::intValue).sum();
    // Steady writers' changes during the outage are written once it is over: the steady writes
    // expected are those of the outage and the window.
    long steady =
        Math.round(
            steadyWrites.perSecond()
                * (Duration.between(down, back).toMillis() / 1000.0
                    + profile.writeWindow().toSeconds()));
    int restarts = kubelet.restarts.get() - restartsBefore;
    Convergence.Report report = awaitConverged(Duration.ofMinutes(2));
    boolean ready = stack.operator().isReady();

    figures.put(label + "_restart_components", components);
    figures.put(label + "_restart_graceful_stop", graceful);
    figures.put(label + "_restart_downtime_ms", Duration.between(down, back).toMillis());
    figures.put(
        label + "_restart_operator_reconnect_ms",
        reconnected == null ? -1 : Duration.between(back, reconnected).toMillis());
    figures.put(label + "_restart_operator_restarts", restarts);
    Map<String, Integer> componentRestarts = new TreeMap<>(controlPlaneRestarts);
    componentsBefore.forEach((k, v) -> componentRestarts.merge(k, -v, Integer::sum));
    componentRestarts.values().removeIf(v -> v == 0);
    figures.put(label + "_restart_other_components_restarted", componentRestarts);
    figures.put(label + "_restart_writes_window_s", profile.writeWindow().toSeconds());
    figures.put(label + "_restart_operator_writes_after", writes);
    figures.put(label + "_restart_operator_writes_after_by_resource", writesByResource);
    figures.put(label + "_restart_operator_failed_writes_after", failedWrites);
    figures.put(label + "_restart_steady_writes_expected", steady);
    figures.put(label + "_restart_steady_writers", steadyWrites.writers());
    figures.put(label + "_restart_operator_extra_writes", writes - steady);
    figures.put(label + "_restart_scaled_clusters", scaled);
    figures.put(label + "_restart_scale_decision_writes", decisionWrites);

    assertThat(report.converged())
        .as("converged after the " + label + " restart: " + report.summary())
        .isTrue();
    assertThat(ready).as("the operator is ready").isTrue();
    assertThat(restarts).as("operator restarts (no crash loop)").isLessThanOrEqualTo(1);
    assertThat(reconnected).as("the operator renewed its Lease after the restart").isNotNull();
    assertThat(writes - steady)
        .as(
            "writes in the %ss after the API server was back (%s) beyond the %d steady ones"
                + " (of %d steady writers)",
            profile.writeWindow().toSeconds(), writesByResource, steady, steadyWrites.writers())
        .isLessThanOrEqualTo(EXTRA_WRITES_AFTER_RESTART_BOUND + steadyWrites.writers());
  }

  /** Each Cluster's workers Deployment's replicas, by namespace/cluster. */
  private Map<String, Integer> workerReplicas() {
    Map<String, Integer> replicas = new TreeMap<>();
    client.apps().deployments().inAnyNamespace().list().getItems().stream()
        .filter(d -> d.getMetadata().getName().endsWith("-workers"))
        .forEach(
            d -> {
              String name = d.getMetadata().getName();
              replicas.put(
                  d.getMetadata().getNamespace()
                      + "/"
                      + name.substring(0, name.length() - "-workers".length()),
                  d.getSpec().getReplicas());
            });
    return replicas;
  }

  /**
   * The autoscaled Clusters (namespace/name) whose worker count differs between the two snapshots.
   * A Cluster with a fixed size that changed is not one: its writes count as the restart's.
   */
  private Set<String> scaledClusters(Map<String, Integer> before, Map<String, Integer> now) {
    Set<String> scaled = new TreeSet<>();
    before.forEach(
        (cluster, replicas) -> {
          if (now.containsKey(cluster) && !now.get(cluster).equals(replicas)) {
            String[] ns = cluster.split("/", 2);
            if (!kubectl
                .jsonpath("clusters.lakehouse.dev/" + ns[1], ns[0], ".spec.autoscale")
                .isEmpty()) {
              scaled.add(cluster);
            }
          }
        });
    return scaled;
  }

  /** A write to a scaled Cluster's status, its workers Deployment, a worker pod or its event. */
  private static boolean ofScaledCluster(JsonNode e, Set<String> scaled) {
    String namespace = e.at("/objectRef/namespace").asText();
    String name = e.at("/objectRef/name").asText();
    for (String cluster : scaled) {
      String c = cluster.substring(cluster.indexOf('/') + 1);
      if (!cluster.startsWith(namespace + "/")) {
        continue;
      }
      boolean matches =
          switch (resource(e)) {
            case "clusters" -> name.equals(c);
            case "deployments" -> name.equals(c + "-workers");
            case "pods" -> name.startsWith(c + "-workers-");
            case "events" -> name.startsWith(c + ".");
            default -> false;
          };
      if (matches) {
        return true;
      }
    }
    return false;
  }

  /** The operator's steady writes before the restarts: their rate and how many objects get them. */
  record Steady(double perSecond, int writers) {}

  /**
   * Restarts the operator when it exits, as a kubelet restarts a container (same pod name), with a
   * back-off of 10 s doubling after the first restart; counts the restarts.
   */
  final class Kubelet implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger restarts = new AtomicInteger();

    @Override
    public void run() {
      long backoff = 0;
      while (!stop.get()) {
        OperatorProcess operator = stack.operator();
        if (!operator.isAlive()) {
          restarts.incrementAndGet();
          System.out.println(
              "[reliability] the operator exited ("
                  + operator.exitCode()
                  + "), restarting it: "
                  + operator.log());
          OperatorProcess.sleep(backoff);
          backoff = backoff == 0 ? 10_000 : Math.min(backoff * 2, 60_000);
          try {
            stack.launchOperator(defaultEnv(pod));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
        OperatorProcess.sleep(250);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Leader failover
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(30)
  void aFollowerTakesOverAndAPausedLeaderWritesNothingOnceItLostTheLease() throws Exception {
    // Replica a is the operator that runs now (its Lease held, default durations); b joins.
    if (stack.operator() == null || !stack.operator().isAlive()) {
      stack.startOperator(defaultEnv(pod));
    }
    String a = pod;
    OperatorProcess leader = stack.operator();
    awaitLeader(a, LEASE_DURATION.plusSeconds(30));
    String b = "rel-operator-replica-b";
    OperatorProcess follower = stack.launchReplica("replica-b", defaultEnv(b));
    follower.awaitReady(Duration.ofSeconds(120));
    OperatorProcess.sleep(2 * RETRY_PERIOD.toMillis());
    assertThat(lease().path("holderIdentity").asText()).isEqualTo(a);
    String home = "rel-home-1";

    // SIGKILL the leader; a Cluster created now waits for the follower.
    long mark = audit.mark();
    Instant lastRenewBeforeKill = Instant.parse(lease().path("renewTime").asText());
    leader.kill();
    Instant killed = Instant.now();
    kubectl.apply(failoverCluster("failover-1", home));
    JsonNode taken = awaitLeader(b, LEASE_DURATION.multipliedBy(2));
    Instant takeover1 = Instant.parse(taken.path("acquireTime").asText());
    awaitClusterReady("failover-1", home, "failover-1-after-kill", follower);
    Instant reconciled = firstWrite(mark, b, "failover-1");

    // The killed pod comes back (as a kubelet would) and follows; then the leader is paused.
    OperatorProcess comeback = stack.launchReplica("replica-a", defaultEnv(a));
    comeback.awaitReady(Duration.ofSeconds(120));
    OperatorProcess.sleep(2 * RETRY_PERIOD.toMillis());
    assertThat(lease().path("holderIdentity").asText()).isEqualTo(b);
    follower.pause();
    Instant paused = Instant.now();
    kubectl.apply(failoverCluster("failover-2", home));
    JsonNode retaken = awaitLeader(a, LEASE_DURATION.multipliedBy(2));
    Instant takeover2 = Instant.parse(retaken.path("acquireTime").asText());
    // Work the new leader does while the old one is paused: a new Cluster, and a scale.
    awaitClusterReady("failover-2", home, "failover-2-after-pause", comeback);
    kubectl.ok("scale", "clusters.lakehouse.dev/failover-1", "-n", home, "--replicas=2");
    OperatorProcess.sleep(1000);
    follower.resume();
    Instant resumed = Instant.now();
    boolean exited = follower.awaitExit(Duration.ofSeconds(60));
    Instant exitedAt = Instant.now();
    kubectl.ok(
        "wait",
        "--for=jsonpath={.status.workers}=2",
        "--timeout=60s",
        "clusters.lakehouse.dev/failover-1",
        "-n",
        home);
    OperatorProcess.sleep(2000);

    // The audit log: who wrote what, when.
    List<JsonNode> writes = audit.operatorWrites(mark, e -> true);
    List<String> pausedAfterLoss = new ArrayList<>();
    int pausedAttemptsAfterLoss = 0;
    int pausedLeaseAttemptsAfterLoss = 0;
    List<String> interleaved = new ArrayList<>();
    int followerWritesBeforeLeading = 0;
    for (JsonNode e : writes) {
      String who = instance(e);
      Instant at = received(e);
      String resource = resource(e);
      if (NOT_WRITES.contains(resource)) {
        if (b.equals(who) && "leases".equals(resource) && at.isAfter(takeover2)) {
          pausedLeaseAttemptsAfterLoss++;
        }
        continue;
      }
      if (b.equals(who) && at.isBefore(takeover1)) {
        followerWritesBeforeLeading++;
      }
      if (b.equals(who) && at.isAfter(takeover2)) {
        pausedAttemptsAfterLoss++;
        if (succeeded(e)) {
          pausedAfterLoss.add(describe(e));
        }
      }
      // After the first takeover, b writes only while it leads, a only once it leads again.
      if (succeeded(e) && !at.isBefore(takeover1)) {
        boolean inB = !at.isBefore(takeover1) && at.isBefore(takeover2);
        if ((b.equals(who) && !inB) || (a.equals(who) && inB)) {
          interleaved.add(describe(e));
        }
      }
    }
    String followerLog = Files.readString(follower.log());

    long takeoverAfterKill = Duration.between(killed, takeover1).toMillis();
    long takeoverAfterPause = Duration.between(paused, takeover2).toMillis();
    figures.put("failover_lease_duration_s", LEASE_DURATION.toSeconds());
    figures.put("failover_retry_period_s", RETRY_PERIOD.toSeconds());
    figures.put("failover_takeover_after_kill_ms", takeoverAfterKill);
    figures.put(
        "failover_takeover_after_last_renew_ms",
        Duration.between(lastRenewBeforeKill, takeover1).toMillis());
    figures.put(
        "failover_first_reconcile_after_takeover_ms",
        reconciled == null ? -1 : Duration.between(takeover1, reconciled).toMillis());
    figures.put("failover_takeover_after_pause_ms", takeoverAfterPause);
    figures.put("failover_paused_leader_writes_after_losing_lease", pausedAfterLoss.size());
    figures.put(
        "failover_paused_leader_write_attempts_after_losing_lease", pausedAttemptsAfterLoss);
    figures.put(
        "failover_paused_leader_lease_writes_after_losing_lease", pausedLeaseAttemptsAfterLoss);
    figures.put(
        "failover_paused_leader_exit_ms_after_resume",
        exited ? Duration.between(resumed, exitedAt).toMillis() : -1);
    figures.put("failover_paused_leader_exit_code", follower.exitCode().orElse(-1));
    figures.put("failover_interleaved_writes", interleaved.size());
    figures.put("failover_follower_writes_before_leading", followerWritesBeforeLeading);

    Duration bound = LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(2)).plusSeconds(2);
    assertThat(Duration.ofMillis(takeoverAfterKill))
        .as("takeover after the leader was killed")
        .isLessThanOrEqualTo(bound);
    assertThat(takeover1)
        .as("the follower waited for the Lease to expire")
        .isAfterOrEqualTo(lastRenewBeforeKill.plus(LEASE_DURATION).minusMillis(1000));
    assertThat(reconciled).as("the new leader reconciled failover-1").isNotNull();
    assertThat(reconciled).isAfterOrEqualTo(takeover1);
    assertThat(Duration.ofMillis(takeoverAfterPause))
        .as("takeover after the leader was paused")
        .isLessThanOrEqualTo(bound);
    assertThat(followerWritesBeforeLeading).as("a follower writes nothing").isZero();
    assertThat(pausedAfterLoss)
        .as("successful writes of the paused leader after it lost the Lease")
        .isEmpty();
    assertThat(interleaved).as("writes of one replica while the other led").isEmpty();
    assertThat(exited).as("the paused leader exits once it finds the Lease lost").isTrue();
    assertThat(follower.exitCode()).hasValue(1);
    assertThat(followerLog).contains("lost the leader-election Lease");
    assertThat(lease().path("holderIdentity").asText()).isEqualTo(a);
  }

  /**
   * Waits until a Cluster is Ready; on timeout writes what the suite sees (the Cluster, the Lease,
   * the operators' reconcile metrics and threads) to {@code target/reliability-<label>.txt}.
   */
  private void awaitClusterReady(
      String name, String namespace, String label, OperatorProcess... operators)
      throws IOException, InterruptedException {
    var result =
        kubectl.run(
            "wait",
            "--for=condition=Ready",
            "--timeout=120s",
            "clusters.lakehouse.dev/" + name,
            "-n",
            namespace);
    if (result.succeeded()) {
      return;
    }
    StringBuilder report = new StringBuilder();
    report.append(
        kubectl.run("get", "clusters.lakehouse.dev/" + name, "-n", namespace, "-o", "yaml"));
    report.append(
        kubectl.run(
            "get", "lease/lakehouse-operator", "-n", OperatorStack.OPERATOR_NS, "-o", "yaml"));
    for (OperatorProcess operator : operators) {
      report.append("\n==== operator ").append(operator.log()).append('\n');
      if (operator.isAlive()) {
        try {
          operator
              .metrics()
              .lines()
              .filter(l -> l.startsWith("lakehouse_reconciliations_total"))
              .forEach(l -> report.append(l).append('\n'));
        } catch (IOException e) {
          report.append("no metrics: ").append(e).append('\n');
        }
        Process jcmd =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(operator.pid()),
                    "Thread.print")
                .redirectErrorStream(true)
                .start();
        report.append(new String(jcmd.getInputStream().readAllBytes()));
        jcmd.waitFor();
      }
    }
    Path file =
        Path.of(System.getProperty("lakehouse.e2e.output"), "reliability-" + label + ".txt");
    Files.writeString(file, report);
    throw new AssertionError(
        "Cluster "
            + namespace
            + "/"
            + name
            + " not Ready within 120s; see "
            + file
            + "\n"
            + result);
  }

  private static String failoverCluster(String name, String namespace) {
    return """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: %s, namespace: %s}
        spec:
          runtimeVersion: spark-3.5
          workers: 1
          driver: {cores: 1, memory: 2Gi}
          worker: {cores: 1, memory: 2Gi}
        """
        .formatted(name, namespace);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------------------------

  /**
   * Copies the control plane's component logs (not the audit log) to {@code
   * target/reliability-control-plane/}: {@code testenv down} deletes them.
   */
  private void keepControlPlaneLogs() {
    Path logs = stack.controlPlane().clusterDirectory().resolve("logs");
    Path kept = Path.of(System.getProperty("lakehouse.e2e.output"), "reliability-control-plane");
    try (var files = Files.list(logs)) {
      Files.createDirectories(kept);
      for (Path log : files.filter(f -> !f.getFileName().toString().startsWith("audit")).toList()) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.out.println("[reliability] cannot keep the control plane's logs: " + e);
    }
  }

  private Map<String, String> churnEnv(String podName) {
    Map<String, String> env = new LinkedHashMap<>(SHORT_LEASE);
    env.putAll(defaultEnv(podName));
    return env;
  }

  /** A pod's name, which the operator puts in its user agent and uses as its Lease identity. */
  private static Map<String, String> defaultEnv(String podName) {
    return Map.of("POD_NAME", podName, "HOSTNAME", podName);
  }

  private Convergence.Report observe() {
    try {
      return Convergence.observe(client, driver == null ? List.of() : driver.resources());
    } catch (RuntimeException e) {
      return new Convergence.Report(
          List.of("cannot observe: " + e.getMessage()), 0, 0, 0, 0, 0, 0, 0);
    }
  }

  private Convergence.Report awaitConverged(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Convergence.Report report = observe();
    while (!report.converged() && Instant.now().isBefore(deadline)) {
      OperatorProcess.sleep(2000);
      report = observe();
    }
    return report;
  }

  private JsonNode lease() {
    GenericKubernetesResource lease =
        client
            .genericKubernetesResources("coordination.k8s.io/v1", "Lease")
            .inNamespace(OperatorStack.OPERATOR_NS)
            .withName("lakehouse-operator")
            .get();
    return lease == null ? JSON.createObjectNode() : JSON.valueToTree(lease).path("spec");
  }

  /** Waits until {@code identity} holds the Lease; returns the Lease's spec. */
  private JsonNode awaitLeader(String identity, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        JsonNode spec = lease();
        if (identity.equals(spec.path("holderIdentity").asText())) {
          return spec;
        }
      } catch (RuntimeException e) {
        // the API server may be on its way back
      }
      OperatorProcess.sleep(100);
    }
    throw new AssertionError(
        identity + " did not take the Lease within " + timeout + ": " + lease());
  }

  /** The first successful write of {@code instance} about an object named {@code name}. */
  private Instant firstWrite(long mark, String instance, String name) throws IOException {
    for (JsonNode e :
        audit.operatorWrites(
            mark,
            e -> instance.equals(instance(e)) && name.equals(e.at("/objectRef/name").asText()))) {
      if (succeeded(e)) {
        return received(e);
      }
    }
    return null;
  }

  private static String instance(JsonNode event) {
    Matcher m = INSTANCE.matcher(event.path("userAgent").asText());
    return m.find() ? m.group(1) : "";
  }

  private static Instant received(JsonNode event) {
    return Instant.parse(event.path("requestReceivedTimestamp").asText());
  }

  private static String resource(JsonNode event) {
    return event.at("/objectRef/resource").asText();
  }

  private static boolean succeeded(JsonNode event) {
    int code = event.at("/responseStatus/code").asInt();
    return code >= 200 && code < 300;
  }

  private static String describe(JsonNode e) {
    return received(e)
        + " "
        + instance(e)
        + " "
        + e.path("verb").asText()
        + " "
        + resource(e)
        + (e.at("/objectRef/subresource").asText("").isEmpty()
            ? ""
            : "/" + e.at("/objectRef/subresource").asText())
        + " "
        + e.at("/objectRef/namespace").asText()
        + "/"
        + e.at("/objectRef/name").asText()
        + " -> "
        + e.at("/responseStatus/code").asInt();
  }
}
