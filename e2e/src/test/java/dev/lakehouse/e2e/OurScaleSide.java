package dev.lakehouse.e2e;

import dev.lakehouse.testing.TestEnvironment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ours: the packaged operator under the Helm chart's ServiceAccount and RBAC (as {@link
 * OperatorStack} runs it), Workspaces without quotas as tenants, and Clusters of a driver and 3
 * workers as engines.
 */
final class OurScaleSide implements ScaleSide {
  static final String OPERATOR_NS = OperatorStack.OPERATOR_NS;

  private final LocalControlPlane controlPlane;
  private final Kubectl kubectl;
  private final Path out;
  private final Map<String, String> env;
  private Path operatorKubeconfig;

  /**
   * {@code jvmOptions} go to the operator's JVM as JAVA_TOOL_OPTIONS (the chart sets them the same
   * way), empty for the JVM's defaults; {@code settings} are more of its environment variables (for
   * example LAKEHOUSE_RECONCILE_THREADS, the chart's reconcileThreads).
   */
  OurScaleSide(
      LocalControlPlane controlPlane, Path out, String jvmOptions, Map<String, String> settings) {
    this.controlPlane = controlPlane;
    this.kubectl = controlPlane.kubectl();
    this.out = out;
    this.env = new HashMap<>(OperatorStack.ANNOTATION_SOURCES);
    env.put("POD_NAMESPACE", OPERATOR_NS);
    env.putAll(settings);
    if (!jvmOptions.isBlank()) {
      env.put("JAVA_TOOL_OPTIONS", jvmOptions);
    }
  }

  @Override
  public String name() {
    return "ours";
  }

  @Override
  public ResourceDefinitionContext kind() {
    return new ResourceDefinitionContext.Builder()
        .withGroup("lakehouse.dev")
        .withVersion("v1alpha1")
        .withKind("Cluster")
        .withPlural("clusters")
        .withNamespaced(true)
        .build();
  }

  @Override
  public void install() throws IOException {
    kubectl.ok(
        "apply",
        "--server-side",
        "-f",
        TestEnvironment.repoRoot().resolve("crds/generated").toString());
    kubectl.ok(
        "wait",
        "--for=condition=Established",
        "--timeout=60s",
        "crd/clusters.lakehouse.dev",
        "crd/workspaces.lakehouse.dev");
    kubectl.ok("create", "namespace", OPERATOR_NS);
    kubectl.apply(
        Helm.template(
            OPERATOR_NS,
            "--show-only",
            "templates/serviceaccount.yaml",
            "--show-only",
            "templates/rbac.yaml",
            "--show-only",
            "templates/user-roles.yaml"));
    operatorKubeconfig =
        kubectl.serviceAccountKubeconfig(
            "lakehouse-operator", OPERATOR_NS, "6h", out.resolve("scale-operator-sa.kubeconfig"));
  }

  @Override
  public RunningOperator startOperator(int n) throws IOException {
    OperatorProcess process =
        OperatorProcess.launch(
            operatorKubeconfig, out.resolve("scale-ours-operator-" + n + ".log"), env);
    process.awaitReady(Duration.ofSeconds(120));
    return new RunningOperator() {
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

  @Override
  public void prepareTenants(List<String> namespaces) {
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

  @Override
  public List<GenericKubernetesResource> engines(List<String> namespaces, int count) {
    List<GenericKubernetesResource> engines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      engines.add(
          Serialization.unmarshal(
              """
              apiVersion: lakehouse.dev/v1alpha1
              kind: Cluster
              metadata: {name: engine-%04d, namespace: %s}
              spec:
                runtimeVersion: spark-3.5
                workers: 3
                driver: {cores: 1, memory: 2Gi}
                worker: {cores: 1, memory: 2Gi}
              """
                  .formatted(i, namespaces.get(i % namespaces.size())),
              GenericKubernetesResource.class));
    }
    return engines;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Instant> readySince(GenericKubernetesResource engine) {
    Object status = engine.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
      return Optional.empty();
    }
    return list.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")))
        .map(c -> Instant.parse((String) c.get("lastTransitionTime")))
        .findFirst();
  }

  @Override
  public String userAgent() {
    return dev.lakehouse.testing.AuditLog.OPERATOR_AGENT;
  }

  @Override
  public long engineReconciles(RunningOperator operator) throws IOException {
    return ScaleSide.counterSum(
        operator.metrics(), "lakehouse_reconciliations_total", "kind=\"Cluster\"");
  }

  @Override
  public double engineReconcileSeconds(RunningOperator operator) throws IOException {
    return ScaleSide.sampleSum(
        operator.metrics(), "lakehouse_reconciliation_duration_seconds_sum", "kind=\"Cluster\"");
  }

  /** The live objects' bytes from jcmd's class histogram, which runs a full collection first. */
  @Override
  public Optional<Double> liveHeapMb(RunningOperator operator) {
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
}
