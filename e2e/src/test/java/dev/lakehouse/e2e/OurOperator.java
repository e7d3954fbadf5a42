package dev.lakehouse.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Our operator for the scale benchmark's legs (Clusters, runs of Jobs): the packaged operator under
 * the Helm chart's ServiceAccount and RBAC, as {@link OperatorStack} runs it. Installing twice (a
 * second leg) changes nothing.
 */
final class OurOperator {
  static final String NAMESPACE = OperatorStack.OPERATOR_NS;
  static final String SERVICE_ACCOUNT = "lakehouse-operator";

  private final Kubectl kubectl;
  private final Path out;
  private final Map<String, String> env;
  private Path kubeconfig;

  /**
   * {@code jvmOptions} go to the operator's JVM as JAVA_TOOL_OPTIONS (the chart sets them the same
   * way), empty for the JVM's defaults; {@code settings} are more of its environment variables (for
   * example LAKEHOUSE_RECONCILE_THREADS, the chart's reconcileThreads).
   */
  OurOperator(Kubectl kubectl, Path out, String jvmOptions, Map<String, String> settings) {
    this.kubectl = kubectl;
    this.out = out;
    this.env = new HashMap<>(OperatorStack.ANNOTATION_SOURCES);
    env.put("POD_NAMESPACE", NAMESPACE);
    env.putAll(settings);
    if (!jvmOptions.isBlank()) {
      env.put("JAVA_TOOL_OPTIONS", jvmOptions);
    }
  }

  /** The CRDs, the operator's namespace, the chart's ServiceAccount, RBAC and user roles. */
  void install() throws IOException {
    OperatorStack.applyCrds(kubectl, Release.workingTree());
    kubectl.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n".formatted(NAMESPACE));
    OperatorStack.applyRbac(kubectl, Release.workingTree());
    if (kubeconfig == null) {
      kubeconfig =
          kubectl.serviceAccountKubeconfig(
              SERVICE_ACCOUNT, NAMESPACE, "6h", out.resolve("scale-operator-sa.kubeconfig"));
    }
  }

  /** Starts the operator, its log {@code scale-<logName>.log}, and waits until it is ready. */
  ScaleSide.RunningOperator start(String logName) throws IOException {
    OperatorProcess process =
        OperatorProcess.launch(kubeconfig, out.resolve("scale-" + logName + ".log"), env);
    process.awaitReady(Duration.ofSeconds(120));
    return new ScaleSide.RunningOperator() {
      @Override
      public long pid() {
        return process.pid();
      }

      @Override
      public String metrics() throws IOException {
        try {
          return process.metrics();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }

      @Override
      public void stop(Duration grace) throws InterruptedException {
        if (!process.terminate(grace)) {
          process.kill();
        }
      }
    };
  }

  /** The ServiceAccount's user name, as the audit log shows it. */
  String apiUser() {
    return "system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT;
  }

  /** Reconciles of {@code kind} the operator has finished, from its metrics. */
  static long reconciles(ScaleSide.RunningOperator operator, String kind) throws IOException {
    return ScaleSide.counterSum(
        operator.metrics(), "lakehouse_reconciliations_total", "kind=\"" + kind + "\"");
  }

  /** Seconds the operator has spent in reconciles of {@code kind}, from its metrics. */
  static double reconcileSeconds(ScaleSide.RunningOperator operator, String kind)
      throws IOException {
    return ScaleSide.sampleSum(
        operator.metrics(),
        "lakehouse_reconciliation_duration_seconds_sum",
        "kind=\"" + kind + "\"");
  }

  /**
   * The time from an event about a {@code kind} to the start of its reconcile, from its metrics.
   */
  static java.util.Optional<HistogramBuckets> eventToReconcile(
      ScaleSide.RunningOperator operator, String kind) throws IOException {
    return HistogramBuckets.parse(
        operator.metrics(), "lakehouse_event_to_reconcile_seconds", "kind=\"" + kind + "\"");
  }

  /** The live objects' bytes from jcmd's class histogram, which runs a full collection first. */
  static java.util.Optional<Double> liveHeapMb(ScaleSide.RunningOperator operator) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    dev.lakehouse.testing.CommandResult histogram =
        dev.lakehouse.testing.CommandResult.run(
            new ProcessBuilder(
                jcmd.toString(), Long.toString(operator.pid()), "GC.class_histogram"));
    return histogram
        .stdout()
        .lines()
        .filter(line -> line.startsWith("Total"))
        .map(line -> line.trim().split("\\s+"))
        .filter(fields -> fields.length == 3)
        .map(fields -> Long.parseLong(fields[2]) / (1024.0 * 1024.0))
        .findFirst();
  }

  /** A Workspace without quotas for each namespace, waited until Ready. */
  void workspaces(java.util.List<String> namespaces) {
    StringBuilder manifest = new StringBuilder();
    for (String namespace : namespaces) {
      manifest.append(
          """
          ---
          apiVersion: lakehouse.dev/v1alpha1
          kind: Workspace
          metadata: {name: %s}
          spec:
            namespace: %s
            description: scale benchmark tenant
          """
              .formatted(namespace, namespace));
    }
    kubectl.apply(manifest.toString());
    kubectl.ok(
        "wait", "--for=condition=Ready", "--timeout=600s", "workspaces.lakehouse.dev", "--all");
  }

  /**
   * Deletes the Workspaces with the operator stopped, their finalizer taken off: a later leg starts
   * the operator again, which would otherwise make their namespaces again under that leg's load.
   */
  void forgetWorkspaces(java.util.List<String> names) {
    java.util.List<String> delete =
        new java.util.ArrayList<>(
            java.util.List.of("delete", "--wait=false", "workspaces.lakehouse.dev"));
    delete.addAll(names);
    kubectl.ok(delete.toArray(String[]::new));
    for (String name : names) {
      kubectl.ok(
          "patch",
          "workspaces.lakehouse.dev/" + name,
          "--type=merge",
          "-p",
          "{\"metadata\":{\"finalizers\":null}}");
    }
  }
}
