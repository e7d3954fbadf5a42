package dev.lakehouse.e2e;

import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What every end-to-end suite stands on: a control plane of its own, the CRDs, the Helm chart's
 * ServiceAccount, RBAC and user roles, and the packaged operator running under that ServiceAccount
 * (so a missing permission fails the suite). The operator can be killed and started again, as a
 * node failure or an upgrade would.
 */
public final class OperatorStack implements AutoCloseable {
  public static final String OPERATOR_NS = "lakehouse-system";

  /** Engine activity and load from the documented annotations: kwok's pods run no Spark. */
  public static final Map<String, String> ANNOTATION_SOURCES =
      Map.of(
          "LAKEHOUSE_ACTIVITY_SOURCE", "annotation",
          "LAKEHOUSE_AUTOSCALER_METRICS_SOURCE", "annotation");

  private static final Path QUICKSTART = TestEnvironment.repoRoot().resolve("examples/quickstart");

  private final LocalControlPlane controlPlane;
  private final Kubectl kubectl;
  private final Path out;
  private final String name;
  private final Map<String, String> env;
  private final Path operatorKubeconfig;

  /** The release installed: its operator is what {@link #launchReplica} starts. */
  private volatile Release release;

  private OperatorProcess operator;
  private int starts;

  /** Every operator process started here, stopped by {@link #close}. */
  private final java.util.List<OperatorProcess> started =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  private OperatorStack(
      LocalControlPlane controlPlane,
      Path out,
      String name,
      Map<String, String> env,
      Release release)
      throws IOException {
    this.controlPlane = controlPlane;
    this.kubectl = controlPlane.kubectl();
    this.out = out;
    this.name = name;
    this.env = env;
    this.release = release;
    applyCrds(kubectl, release);
    kubectl.ok("create", "namespace", OPERATOR_NS);
    applyRbac(kubectl, release);
    this.operatorKubeconfig =
        serviceAccountKubeconfig(
            "lakehouse-operator", OPERATOR_NS, out.resolve(name + "-operator-sa.kubeconfig"));
  }

  /**
   * A release's CRDs, applied server-side as the documented upgrade does (Helm installs a chart's
   * crds/ once and never upgrades them); conflicts with another manager's fields are forced.
   */
  static void applyCrds(Kubectl kubectl, Release release) {
    kubectl.ok("apply", "--server-side", "--force-conflicts", "-f", release.crds().toString());
    kubectl.ok(
        "wait",
        "--for=condition=Established",
        "--timeout=60s",
        "crd/clusters.lakehouse.dev",
        "crd/workspaces.lakehouse.dev",
        "crd/jobs.lakehouse.dev",
        "crd/jobruns.lakehouse.dev",
        "crd/warehouses.lakehouse.dev");
  }

  /** A release's ServiceAccount, RBAC and user roles from its chart. */
  static void applyRbac(Kubectl kubectl, Release release) {
    kubectl.apply(
        Helm.template(
            release.chart(),
            OPERATOR_NS,
            "--show-only",
            "templates/serviceaccount.yaml",
            "--show-only",
            "templates/rbac.yaml",
            "--show-only",
            "templates/user-roles.yaml"));
  }

  /**
   * Upgrades what is installed to {@code release}: its CRDs and RBAC now, its operator on the next
   * start. The running operator is not touched: stop it first, as a Deployment's rollout does.
   */
  public void upgradeTo(Release release) {
    applyCrds(kubectl, release);
    applyRbac(kubectl, release);
    this.release = release;
  }

  /**
   * Starts a control plane named {@code name} and the operator with {@code env} on top of its
   * defaults; the operator's log is {@code <out>/<name>-operator.log} (then -2, -3 after restarts).
   */
  public static OperatorStack start(String name, Map<String, String> env) throws IOException {
    OperatorStack stack = prepare(name, env);
    stack.startOperator();
    return stack;
  }

  /**
   * Starts a control plane named {@code name} with the CRDs, the chart's ServiceAccount and RBAC,
   * but no operator yet: {@link #startOperator}, {@link #launchOperator} or {@link #launchReplica}
   * start it with {@code env} on top of its defaults.
   */
  public static OperatorStack prepare(String name, Map<String, String> env) throws IOException {
    return prepare(name, env, Release.workingTree());
  }

  /** As {@link #prepare(String, Map)}, with another release's CRDs, RBAC and operator. */
  public static OperatorStack prepare(String name, Map<String, String> env, Release release)
      throws IOException {
    Path out = Path.of(System.getProperty("lakehouse.e2e.output"));
    Files.createDirectories(out);
    Map<String, String> all = new HashMap<>(env);
    all.put("POD_NAMESPACE", OPERATOR_NS);
    return new OperatorStack(LocalControlPlane.start(name), out, name, all, release);
  }

  public LocalControlPlane controlPlane() {
    return controlPlane;
  }

  public Kubectl kubectl() {
    return kubectl;
  }

  public OperatorProcess operator() {
    return operator;
  }

  /** Starts the operator (again); waits until it is ready. */
  public OperatorProcess startOperator() throws IOException {
    return startOperator(Map.of());
  }

  /**
   * Starts the operator (again) with {@code extraEnv} on top of the stack's environment; waits
   * until it is ready.
   */
  public OperatorProcess startOperator(Map<String, String> extraEnv) throws IOException {
    launchOperator(extraEnv).awaitReady(java.time.Duration.ofSeconds(90));
    return operator;
  }

  /**
   * Starts the operator (again) with {@code extraEnv} on top of the stack's environment and returns
   * at once, as a kubelet restarts a container; it becomes {@link #operator()}.
   */
  public OperatorProcess launchOperator(Map<String, String> extraEnv) throws IOException {
    operator = launchReplica("operator", extraEnv);
    return operator;
  }

  /**
   * Starts one more operator process (a replica, for leader election) with {@code extraEnv} on top
   * of the stack's environment, without waiting; its log is {@code <out>/<name>-<role>-<n>.log}
   * (the first operator's {@code <name>-operator.log}). It is stopped by {@link #close}, but is not
   * {@link #operator()}.
   */
  public synchronized OperatorProcess launchReplica(String role, Map<String, String> extraEnv)
      throws IOException {
    starts++;
    String log =
        name + "-" + role + ("operator".equals(role) && starts == 1 ? "" : "-" + starts) + ".log";
    Map<String, String> all = new HashMap<>(env);
    all.putAll(extraEnv);
    OperatorProcess process =
        OperatorProcess.launch(release.operatorApp(), operatorKubeconfig, out.resolve(log), all);
    started.add(process);
    return process;
  }

  /**
   * Starts the operator of one shard as a release of the chart with {@code shard.name=<shard>} runs
   * it, and returns at once: under that release's own ServiceAccount and RBAC
   * (lakehouse-operator-&lt;shard&gt;, applied here from the chart, without the roles the first
   * release installs), with the sharding settings the chart's Deployment passes (its shard selector
   * and Lease), on top of the stack's environment and {@code extraEnv}. Its log is {@code
   * <out>/<name>-shard-<shard>-<n>.log}; it is stopped by {@link #close}.
   */
  public synchronized OperatorProcess launchShard(String shard, Map<String, String> extraEnv)
      throws IOException {
    String[] values = {
      "--set",
      "shard.name=" + shard,
      "--set",
      "sharedRoles.create=false",
      "--set",
      "userRoles.create=false"
    };
    kubectl.apply(
        Helm.template(
            release.chart(),
            OPERATOR_NS,
            concat(
                values,
                "--show-only",
                "templates/serviceaccount.yaml",
                "--show-only",
                "templates/rbac.yaml")));
    io.fabric8.kubernetes.api.model.apps.Deployment deployment =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
            .unmarshal(
                Helm.template(
                    release.chart(),
                    OPERATOR_NS,
                    concat(values, "--show-only", "templates/deployment.yaml")),
                io.fabric8.kubernetes.api.model.apps.Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    String account = pod.getServiceAccountName();
    Map<String, String> all = new HashMap<>(env);
    all.put("LAKEHOUSE_SERVICE_ACCOUNT", account);
    for (var variable : pod.getContainers().get(0).getEnv()) {
      if (variable.getName().startsWith("LAKEHOUSE_SHARD_")
          || variable.getName().startsWith("LAKEHOUSE_LEADER_ELECTION_")) {
        all.put(variable.getName(), variable.getValue());
      }
    }
    all.putAll(extraEnv);
    Path kubeconfig =
        serviceAccountKubeconfig(
            account, OPERATOR_NS, out.resolve(name + "-" + account + ".kubeconfig"));
    starts++;
    OperatorProcess process =
        OperatorProcess.launch(
            release.operatorApp(),
            kubeconfig,
            out.resolve(name + "-shard-" + shard + "-" + starts + ".log"),
            all);
    started.add(process);
    return process;
  }

  private static String[] concat(String[] first, String... more) {
    return java.util.stream.Stream.concat(
            java.util.Arrays.stream(first), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }

  /**
   * Applies the quick start's Workspace and its Secret as a user would (the Secret once the
   * operator made the namespace) and waits until the Workspace is Ready.
   */
  public void applyQuickstartWorkspace() {
    kubectl.ok("apply", "--server-side", "-f", QUICKSTART.resolve("00-workspace.yaml").toString());
    await(
        "namespace quickstart",
        () ->
            "Active".equals(kubectl.jsonpath("namespace/quickstart", "default", ".status.phase")));
    kubectl.ok(
        "apply", "--server-side", "-f", QUICKSTART.resolve("10-s3-credentials.yaml").toString());
    kubectl.ok(
        "wait", "--for=condition=Ready", "--timeout=120s", "workspaces.lakehouse.dev/quickstart");
  }

  /**
   * Applies the production-like example tenant (examples/workspaces/analytics.yaml) with the
   * Secrets its catalogs and buckets name, and waits until it is Ready.
   */
  public void applyAnalyticsWorkspace() {
    Path examples = TestEnvironment.repoRoot().resolve("examples");
    kubectl.ok(
        "apply", "--server-side", "-f", examples.resolve("workspaces/analytics.yaml").toString());
    await(
        "namespace analytics",
        () -> !kubectl.jsonpath("namespace/analytics", "default", ".status.phase").isEmpty());
    for (String secret :
        java.util.List.of(
            "polaris-client --from-literal=credential=client:secret",
            "analytics-s3 --from-literal=accessKeyId=a --from-literal=secretAccessKey=s",
            "partner-drop-s3 --from-literal=accessKeyId=a --from-literal=secretAccessKey=s")) {
      java.util.List<String> args =
          new java.util.ArrayList<>(
              java.util.List.of("create", "secret", "generic", "-n", "analytics"));
      args.addAll(java.util.List.of(secret.split(" ")));
      kubectl.ok(args.toArray(String[]::new));
    }
    kubectl.ok(
        "wait", "--for=condition=Ready", "--timeout=120s", "workspaces.lakehouse.dev/analytics");
  }

  /** Polls a condition every 500 ms for at most 2 minutes. */
  public static void await(String what, java.util.function.BooleanSupplier condition) {
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
    while (!condition.getAsBoolean()) {
      if (java.time.Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      OperatorProcess.sleep(500);
    }
  }

  /** Kills the operator with SIGKILL: no shutdown hook, no lease released. */
  public void killOperator() throws InterruptedException {
    operator.kill();
  }

  /**
   * A kubeconfig with a token of a ServiceAccount (the chart's, a Warehouse gateway's), for the
   * same API server: what runs with it has that account's permissions and no more.
   */
  public Path serviceAccountKubeconfig(String serviceAccount, String namespace, Path file)
      throws IOException {
    return kubectl.serviceAccountKubeconfig(serviceAccount, namespace, "2h", file);
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    synchronized (started) {
      started.forEach(OperatorProcess::close);
    }
    controlPlane.close();
  }
}
