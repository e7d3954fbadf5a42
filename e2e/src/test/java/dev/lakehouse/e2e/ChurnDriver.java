package dev.lakehouse.e2e;

import dev.lakehouse.testing.CommandResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The reliability suite's seeded random user: it creates Workspaces, Clusters (fixed and
 * autoscaled), Jobs and Warehouses with kubectl, and scales, stops, starts, edits, loads, runs and
 * deletes them, keeping a model of what it asked for so the suite can check what the operator made
 * of it. Every action is what a person or a GitOps tool does: {@code kubectl apply --server-side},
 * {@code kubectl scale}, {@code kubectl patch}, {@code kubectl annotate}, {@code kubectl delete}.
 *
 * <p>Engines live in the engine Workspaces (never deleted) or in churn Workspaces, which are
 * created, edited and deleted ({@code deletionPolicy: StopEngines}, so a deleted Workspace takes
 * its engines with it). Workspace policies and quotas are generous: no spec the driver writes is
 * refused by a policy, so every resource has one expected end state.
 */
final class ChurnDriver {
  static final String API = "lakehouse.dev/v1alpha1";

  /** Run-now values are requested one at a time per Job: a new one once the last is handled. */
  static final String RUN_NOW = "lakehouse.dev/run-now";

  enum Kind {
    WORKSPACE("workspaces.lakehouse.dev", "Workspace"),
    CLUSTER("clusters.lakehouse.dev", "Cluster"),
    JOB("jobs.lakehouse.dev", "Job"),
    WAREHOUSE("warehouses.lakehouse.dev", "Warehouse");

    final String resource;
    final String kind;

    Kind(String resource, String kind) {
      this.resource = resource;
      this.kind = kind;
    }
  }

  /** What the driver asked of one resource. */
  static final class Resource {
    final Kind kind;
    final String name;

    /** The namespace it lives in; for a Workspace, the namespace it owns. */
    final String namespace;

    final boolean engineHome;
    boolean deleted;

    // Workspace
    int quotaCpu = 200;

    // Cluster
    boolean autoscaled;
    int workers = 1;
    int partitions = 8;
    boolean busy;

    // Cluster and Warehouse
    boolean stopped;

    // Job
    int queryVersion = 1;
    final List<String> requestedRuns = new ArrayList<>();

    Resource(Kind kind, String name, String namespace, boolean engineHome) {
      this.kind = kind;
      this.name = name;
      this.namespace = namespace;
      this.engineHome = engineHome;
    }

    String ref() {
      return kind.resource + "/" + name;
    }

    @Override
    public String toString() {
      return kind.kind + " " + (kind == Kind.WORKSPACE ? "" : namespace + "/") + name;
    }
  }

  private final Kubectl kubectl;
  private final KubernetesClient client;
  private final Random random;
  private final int target;
  private final Map<String, Resource> resources = new LinkedHashMap<>();
  private final Map<String, Integer> done = new TreeMap<>();
  private final Map<String, Integer> refused = new TreeMap<>();
  private final List<String> refusals = new ArrayList<>();
  private int created;
  private int sequence;

  ChurnDriver(Kubectl kubectl, KubernetesClient client, Random random, int target) {
    this.kubectl = kubectl;
    this.client = client;
    this.random = random;
    this.target = target;
  }

  /** Creates the engine Workspaces and waits for their namespaces. */
  void createEngineWorkspaces(int count) {
    for (int i = 1; i <= count; i++) {
      Resource ws = new Resource(Kind.WORKSPACE, "rel-home-" + i, "rel-home-" + i, true);
      kubectl.apply(manifest(ws));
      add(ws);
    }
  }

  /**
   * Asks for one run on a live Job when the churn asked for none (which Jobs exist when run-now is
   * drawn depends on timing: one seed gave 0, 2 and 6 requests), so every run checks runs. When no
   * Job is left in an engine Workspace (its creates were refused, as while a new ResourceQuota's
   * usage is still unknown to the controller manager, or it was deleted), one is made there first;
   * refusals are tried again for up to a minute.
   */
  synchronized void requestARunIfNoneWas() {
    // The report counts runs of Jobs that still exist: those of the engine Workspaces, never
    // deleted.
    List<String> homes =
        alive(Kind.WORKSPACE, r -> r.engineHome).stream().map(r -> r.namespace).toList();
    List<Resource> jobs = alive(Kind.JOB, r -> homes.contains(r.namespace));
    if (jobs.stream().anyMatch(j -> !j.requestedRuns.isEmpty())) {
      return;
    }
    Resource job = jobs.isEmpty() ? null : jobs.get(0);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (job == null && Instant.now().isBefore(deadline)) {
      Resource candidate = new Resource(Kind.JOB, "j" + (++sequence), homes.get(0), false);
      if (record("create-job", apply(candidate))) {
        add(candidate);
        job = candidate;
      } else {
        OperatorProcess.sleep(2_000);
      }
    }
    while (job != null && job.requestedRuns.isEmpty() && Instant.now().isBefore(deadline)) {
      runNow(job);
      if (job.requestedRuns.isEmpty()) {
        OperatorProcess.sleep(2_000);
      }
    }
  }

  synchronized List<Resource> resources() {
    return List.copyOf(resources.values());
  }

  synchronized int created() {
    return created;
  }

  synchronized Map<String, Integer> actions() {
    return new TreeMap<>(done);
  }

  synchronized int actionCount() {
    return done.values().stream().mapToInt(Integer::intValue).sum();
  }

  synchronized Map<String, Integer> refused() {
    return new TreeMap<>(refused);
  }

  synchronized List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** One random action; true when one was made (applied or refused by the API server). */
  synchronized boolean step() {
    double createWeight = created < target ? 12 : 0;
    List<Runnable> choices = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    choice(choices, weights, createWeight, this::create);
    choice(choices, weights, 1, () -> editWorkspace(pick(Kind.WORKSPACE, r -> !r.engineHome)));
    choice(choices, weights, 0.5, () -> deleteWorkspace(pick(Kind.WORKSPACE, r -> !r.engineHome)));
    choice(choices, weights, 2, () -> scaleCluster(pick(Kind.CLUSTER, r -> !r.autoscaled)));
    choice(choices, weights, 1.5, () -> stopOrStart(pick(Kind.CLUSTER, r -> true)));
    choice(choices, weights, 1.5, () -> editCluster(pick(Kind.CLUSTER, r -> true)));
    choice(choices, weights, 1, () -> loadCluster(pick(Kind.CLUSTER, r -> r.autoscaled)));
    choice(choices, weights, 0.6, () -> delete(pick(Kind.CLUSTER, r -> true)));
    choice(choices, weights, 2.5, () -> runNow(pick(Kind.JOB, r -> true)));
    choice(choices, weights, 1, () -> editJob(pick(Kind.JOB, r -> true)));
    choice(choices, weights, 0.4, () -> delete(pick(Kind.JOB, r -> true)));
    choice(choices, weights, 1, () -> stopOrStart(pick(Kind.WAREHOUSE, r -> true)));
    choice(choices, weights, 1, () -> loadWarehouse(pick(Kind.WAREHOUSE, r -> !r.stopped)));
    choice(choices, weights, 0.4, () -> delete(pick(Kind.WAREHOUSE, r -> true)));
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    double x = random.nextDouble() * total;
    for (int i = 0; i < choices.size(); i++) {
      x -= weights.get(i);
      if (x <= 0) {
        int before = actionCount() + refused.values().stream().mapToInt(Integer::intValue).sum();
        choices.get(i).run();
        int after = actionCount() + refused.values().stream().mapToInt(Integer::intValue).sum();
        return after > before;
      }
    }
    return false;
  }

  private static void choice(
      List<Runnable> choices, List<Double> weights, double weight, Runnable action) {
    if (weight > 0) {
      choices.add(action);
      weights.add(weight);
    }
  }

  private void create() {
    double kind = random.nextDouble();
    int n = ++sequence;
    Resource resource;
    if (kind < 0.15) {
      resource = new Resource(Kind.WORKSPACE, "rel-ws-" + n, "rel-ws-" + n, false);
      resource.quotaCpu = 200 + 100 * random.nextInt(3);
    } else {
      String namespace = engineNamespace();
      if (kind < 0.6) {
        resource = new Resource(Kind.CLUSTER, "c" + n, namespace, false);
        resource.autoscaled = random.nextBoolean();
        resource.workers = 1 + random.nextInt(3);
        resource.partitions = 8 << random.nextInt(3);
      } else if (kind < 0.85) {
        resource = new Resource(Kind.JOB, "j" + n, namespace, false);
      } else {
        resource = new Resource(Kind.WAREHOUSE, "w" + n, namespace, false);
      }
    }
    if (record("create-" + resource.kind.kind.toLowerCase(), apply(resource))) {
      add(resource);
      created++;
    }
  }

  /** The namespace of an engine Workspace, or now and then of a churn Workspace that is Active. */
  private String engineNamespace() {
    List<Resource> churn = alive(Kind.WORKSPACE, r -> !r.engineHome);
    if (!churn.isEmpty() && random.nextDouble() < 0.3) {
      Resource ws = churn.get(random.nextInt(churn.size()));
      var namespace = client.namespaces().withName(ws.namespace).get();
      if (namespace != null
          && namespace.getStatus() != null
          && "Active".equals(namespace.getStatus().getPhase())) {
        return ws.namespace;
      }
    }
    List<Resource> homes = alive(Kind.WORKSPACE, r -> r.engineHome);
    return homes.get(random.nextInt(homes.size())).namespace;
  }

  private void editWorkspace(Resource ws) {
    if (ws == null) {
      return;
    }
    int before = ws.quotaCpu;
    ws.quotaCpu = ws.quotaCpu == 200 ? 300 : 200;
    if (!record("edit-workspace", apply(ws))) {
      ws.quotaCpu = before;
    }
  }

  private void deleteWorkspace(Resource ws) {
    if (ws == null) {
      return;
    }
    if (record("delete-workspace", kubectl.run("delete", ws.ref(), "--wait=false"))) {
      ws.deleted = true;
      // StopEngines: its engines go first, then its namespace and everything in it.
      resources.values().stream()
          .filter(r -> r.kind != Kind.WORKSPACE && r.namespace.equals(ws.namespace))
          .forEach(r -> r.deleted = true);
    }
  }

  private void scaleCluster(Resource cluster) {
    if (cluster == null) {
      return;
    }
    int workers = 1 + random.nextInt(4);
    if (record(
        "scale-cluster",
        kubectl.run("scale", cluster.ref(), "-n", cluster.namespace, "--replicas=" + workers))) {
      cluster.workers = workers;
    }
  }

  private void stopOrStart(Resource engine) {
    if (engine == null) {
      return;
    }
    boolean stop = !engine.stopped;
    String patch = "{\"spec\":{\"state\":\"" + (stop ? "Stopped" : "Running") + "\"}}";
    if (record(
        (stop ? "stop-" : "start-") + engine.kind.kind.toLowerCase(),
        kubectl.run("patch", engine.ref(), "-n", engine.namespace, "--type=merge", "-p", patch))) {
      engine.stopped = stop;
    }
  }

  private void editCluster(Resource cluster) {
    if (cluster == null) {
      return;
    }
    int before = cluster.partitions;
    cluster.partitions = cluster.partitions == 64 ? 8 : cluster.partitions * 2;
    if (!record("edit-cluster-sparkconf", apply(cluster))) {
      cluster.partitions = before;
    }
  }

  /** Spark's load on an autoscaled Cluster (its lakehouse.dev/spark-load annotation). */
  private void loadCluster(Resource cluster) {
    if (cluster == null) {
      return;
    }
    cluster.busy = !cluster.busy;
    if (!record(cluster.busy ? "load-cluster-busy" : "load-cluster-idle", apply(cluster))) {
      cluster.busy = !cluster.busy;
    }
  }

  /**
   * Asks for a run with a new run-now value once the Job's status says the last one was handled (an
   * annotation holds one value: a second one written before the operator saw the first would
   * replace it, by design).
   */
  private void runNow(Resource job) {
    if (job == null) {
      return;
    }
    if (!job.requestedRuns.isEmpty()) {
      GenericKubernetesResource live =
          client
              .genericKubernetesResources(API, "Job")
              .inNamespace(job.namespace)
              .withName(job.name)
              .get();
      Object handled = live == null ? null : statusField(live, "runNowToken");
      if (!job.requestedRuns.get(job.requestedRuns.size() - 1).equals(handled)) {
        return;
      }
    }
    String value = "run-" + (++sequence);
    if (record(
        "run-now",
        kubectl.run(
            "annotate", "--overwrite", job.ref(), "-n", job.namespace, RUN_NOW + "=" + value))) {
      job.requestedRuns.add(value);
    }
  }

  private void editJob(Resource job) {
    if (job == null) {
      return;
    }
    job.queryVersion++;
    if (!record("edit-job", apply(job))) {
      job.queryVersion--;
    }
  }

  /** Query load on the first cluster of a Warehouse's fleet (its lakehouse.dev/sql-load). */
  private void loadWarehouse(Resource warehouse) {
    if (warehouse == null) {
      return;
    }
    boolean busy = random.nextBoolean();
    String value =
        busy
            ? "{\"sessions\":12,\"running\":10,\"queued\":30,\"oldestQueuedWaitMs\":45000,"
                + "\"recentArrivals\":40,\"arrivalWindowMs\":60000,\"meanQueryMillis\":20000}"
            : "{\"sessions\":0,\"running\":0,\"queued\":0,\"oldestQueuedWaitMs\":0,"
                + "\"recentArrivals\":0,\"arrivalWindowMs\":60000,\"meanQueryMillis\":0}";
    record(
        busy ? "load-warehouse-busy" : "load-warehouse-idle",
        kubectl.run(
            "annotate",
            "--overwrite",
            "clusters.lakehouse.dev/" + warehouse.name + "-1",
            "-n",
            warehouse.namespace,
            "lakehouse.dev/sql-load=" + value));
  }

  private void delete(Resource resource) {
    if (resource == null) {
      return;
    }
    if (record(
        "delete-" + resource.kind.kind.toLowerCase(),
        kubectl.run("delete", resource.ref(), "-n", resource.namespace, "--wait=false"))) {
      resource.deleted = true;
    }
  }

  private CommandResult apply(Resource resource) {
    return kubectl.runWithInput(
        manifest(resource), "apply", "--server-side", "--force-conflicts", "-f", "-");
  }

  private boolean record(String action, CommandResult result) {
    if (result.succeeded()) {
      done.merge(action, 1, Integer::sum);
      return true;
    }
    refused.merge(action, 1, Integer::sum);
    if (refusals.size() < 20) {
      refusals.add(action + ": " + result.stderr().strip());
    }
    return false;
  }

  private void add(Resource resource) {
    resources.put(key(resource), resource);
  }

  private static String key(Resource r) {
    return r.kind + "/" + r.namespace + "/" + r.name;
  }

  private Resource pick(Kind kind, Predicate<Resource> filter) {
    List<Resource> candidates = alive(kind, filter);
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  private List<Resource> alive(Kind kind, Predicate<Resource> filter) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : resources.values()) {
      if (r.kind == kind && !r.deleted && filter.test(r)) {
        out.add(r);
      }
    }
    return Collections.unmodifiableList(out);
  }

  @SuppressWarnings("unchecked")
  static Object statusField(GenericKubernetesResource resource, String field) {
    Object status = resource.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(field) : null;
  }

  /** The manifest of a resource as the driver last asked for it. */
  static String manifest(Resource r) {
    return switch (r.kind) {
      case WORKSPACE ->
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Workspace
          metadata: {name: %s}
          spec:
            namespace: %s
            description: reliability churn
            deletionPolicy: StopEngines
          """
                  .formatted(r.name, r.namespace)
              + (r.engineHome
                  ? ""
                  : "  quota: {cpu: \"%d\", memory: 2Ti, clusters: 100, warehouses: 50, jobs: 100}\n"
                          .formatted(r.quotaCpu)
                      + "  policy: {maxWorkersPerCluster: 8}\n");
      case CLUSTER ->
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Cluster
          metadata:
            name: %s
            namespace: %s
            annotations: {lakehouse.dev/spark-load: '%s'}
          spec:
            runtimeVersion: spark-3.5
            %s
            state: %s
            driver: {cores: 1, memory: 2Gi}
            worker: {cores: 1, memory: 2Gi}
            autoTerminationMinutes: 240
            sparkConf: {spark.sql.shuffle.partitions: "%d"}
          """
              .formatted(
                  r.name,
                  r.namespace,
                  r.busy
                      ? "{\"pendingTasks\":40,\"runningTasks\":2,\"meanTaskMillis\":60000}"
                      : "{\"pendingTasks\":0,\"runningTasks\":0,\"meanTaskMillis\":0}",
                  r.autoscaled
                      ? "autoscale: {minWorkers: 1, maxWorkers: 3}"
                      : "workers: " + r.workers,
                  r.stopped ? "Stopped" : "Running",
                  r.partitions);
      case JOB ->
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Job
          metadata: {name: %s, namespace: %s}
          spec:
            maxConcurrentRuns: 5
            concurrencyPolicy: Queue
            successfulRunsHistoryLimit: 100
            failedRunsHistoryLimit: 100
            jobCluster:
              runtimeVersion: spark-3.5
              workers: 1
              worker: {cores: 1, memory: 2Gi}
            tasks:
              - key: extract
                sql: {query: "SELECT %d"}
              - key: load
                dependsOn: [extract]
                sql: {query: "SELECT 2"}
          """
              .formatted(r.name, r.namespace, r.queryVersion);
      case WAREHOUSE ->
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Warehouse
          metadata: {name: %s, namespace: %s}
          spec:
            size: 2X-Small
            minClusters: 1
            maxClusters: 2
            autoStopMinutes: 240
            state: %s
          """
              .formatted(r.name, r.namespace, r.stopped ? "Stopped" : "Running");
    };
  }
}
