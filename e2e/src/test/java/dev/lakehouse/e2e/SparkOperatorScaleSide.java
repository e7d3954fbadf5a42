package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubeflow's spark-operator, built by e2e/testenv/peers, with one SparkApplication per run (Spark's
 * SparkPi, a driver and one executor): its controller runs spark-submit (a JVM, from the SPARK_HOME
 * the peers script assembles) for every application, and spark-submit makes the driver pod. Ready
 * is the driver pod running (kwok runs it; no executor ever comes, as no driver code runs). It runs
 * under a ServiceAccount of its own bound to the ClusterRole of its module's config/rbac (its
 * spark-submit with the same kubeconfig), without its webhook and leader election, its endpoints on
 * 127.0.0.1, and its defaults otherwise (10 controller threads, 20 QPS, a UI Service per
 * application), as it ships.
 */
final class SparkOperatorScaleSide implements ScaleSide {
  private static final String APP_LABEL = "sparkoperator.k8s.io/app-name";

  private final Kubectl kubectl;
  private final Path binary;
  private final Path crds;
  private final Path clusterRole;
  private final Path sparkHome;
  private final PeerOperator peer;

  SparkOperatorScaleSide(
      Kubectl kubectl, Path binary, Path crds, Path clusterRole, Path sparkHome, Path out) {
    this.kubectl = kubectl;
    this.binary = binary;
    this.crds = crds;
    this.clusterRole = clusterRole;
    this.sparkHome = sparkHome;
    this.peer = new PeerOperator(kubectl, "spark-operator", "spark-operator-controller", out);
  }

  @Override
  public String name() {
    return "spark-operator";
  }

  @Override
  public ResourceDefinitionContext kind() {
    return new ResourceDefinitionContext.Builder()
        .withGroup("sparkoperator.k8s.io")
        .withVersion("v1beta2")
        .withKind("SparkApplication")
        .withPlural("sparkapplications")
        .withNamespaced(true)
        .build();
  }

  @Override
  public void install() throws IOException {
    kubectl.ok("apply", "--server-side", "-f", crds.toString());
    // Right after the apply a CRD may have no conditions yet, which kubectl wait refuses.
    OperatorStack.await(
        "its CRDs established",
        () ->
            kubectl
                .run(
                    "wait",
                    "--for=condition=Established",
                    "--timeout=30s",
                    "crd/sparkapplications.sparkoperator.k8s.io",
                    "crd/scheduledsparkapplications.sparkoperator.k8s.io")
                .succeeded());
    peer.installRbac(clusterRole, "spark-operator-controller");
  }

  /**
   * The controller, with what its image gives it: SPARK_HOME, and the API server's address in
   * KUBERNETES_SERVICE_HOST/PORT (the master URL it hands spark-submit).
   */
  @Override
  public RunningOperator startOperator(int n) throws IOException {
    URI server =
        URI.create(
            kubectl
                .ok("config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}")
                .trim());
    int metricsPort = PeerOperator.freePort();
    int healthPort = PeerOperator.freePort();
    return peer.start(
        List.of(
            binary.toString(),
            "controller",
            "start",
            "--leader-election=false",
            "--enable-metrics",
            "--metrics-bind-address=127.0.0.1:" + metricsPort,
            "--health-probe-bind-address=127.0.0.1:" + healthPort),
        Map.of(
            "SPARK_HOME", sparkHome.toString(),
            "JAVA_HOME", System.getProperty("java.home"),
            "KUBERNETES_SERVICE_HOST", server.getHost(),
            "KUBERNETES_SERVICE_PORT", Integer.toString(server.getPort())),
        "spark-operator-" + n,
        metricsPort,
        "http://127.0.0.1:" + healthPort + "/readyz");
  }

  @Override
  public void prepareTenants(List<String> namespaces) {
    StringBuilder manifest = new StringBuilder();
    for (String namespace : namespaces) {
      manifest.append(
          "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n".formatted(namespace));
    }
    kubectl.apply(manifest.toString());
    // Its driver pods run as the namespace's default ServiceAccount, made by the controller
    // manager.
    for (String namespace : namespaces) {
      OperatorStack.await(
          "the default ServiceAccount in " + namespace,
          () -> kubectl.run("get", "serviceaccount/default", "-n", namespace).succeeded());
    }
  }

  @Override
  public List<GenericKubernetesResource> engines(List<String> namespaces, int count) {
    List<GenericKubernetesResource> apps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      apps.add(
          Serialization.unmarshal(
              """
              apiVersion: sparkoperator.k8s.io/v1beta2
              kind: SparkApplication
              metadata: {name: run-%04d, namespace: %s}
              spec:
                type: Scala
                mode: cluster
                image: apache/spark:3.5.4
                mainClass: org.apache.spark.examples.SparkPi
                mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.12-3.5.4.jar
                sparkVersion: 3.5.4
                driver: {cores: 1, memory: 512m, serviceAccount: default}
                executor: {instances: 1, cores: 1, memory: 512m}
              """
                  .formatted(i, namespaces.get(i % namespaces.size())),
              GenericKubernetesResource.class));
    }
    return apps;
  }

  @Override
  public ResourceDefinitionContext readinessKind() {
    return RunningPods.KIND;
  }

  /** A driver pod carries its application's name. */
  @Override
  public String engineKey(GenericKubernetesResource pod) {
    return pod.getMetadata().getNamespace() + "/" + RunningPods.label(pod, APP_LABEL);
  }

  @Override
  public Optional<Instant> readySince(GenericKubernetesResource pod) {
    return RunningPods.label(pod, APP_LABEL).isEmpty()
            || !"driver".equals(RunningPods.label(pod, "spark-role"))
        ? Optional.empty()
        : RunningPods.startedSince(pod);
  }

  @Override
  public String apiUser() {
    return peer.apiUser();
  }

  @Override
  public long engineReconciles(RunningOperator operator) throws IOException {
    return ScaleSide.counterSum(
        operator.metrics(),
        "controller_runtime_reconcile_total",
        "controller=\"sparkapplication\"");
  }

  @Override
  public double engineReconcileSeconds(RunningOperator operator) throws IOException {
    return ScaleSide.sampleSum(
        operator.metrics(),
        "controller_runtime_reconcile_time_seconds_sum",
        "controller=\"sparkapplication\"");
  }

  @Override
  public Optional<HistogramBuckets> eventToReconcile(RunningOperator operator) throws IOException {
    return PeerOperator.workQueueWait(operator, "sparkapplication\"");
  }
}
