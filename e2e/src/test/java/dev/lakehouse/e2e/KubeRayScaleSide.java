package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KubeRay's ray-operator, built by e2e/testenv/peers, with RayClusters as in its own benchmark's
 * manifest: a head and one worker group of 3, 10m CPU each; ready is {@code .status.state ==
 * ready}. It runs under a ServiceAccount of its own bound to the ClusterRole of its module's
 * config/rbac (as ours runs under the chart's), without leader election, its endpoints on
 * 127.0.0.1, and its default QPS (100) and reconcile concurrency (1), as it ships.
 */
final class KubeRayScaleSide implements ScaleSide {
  private final Kubectl kubectl;
  private final Path binary;
  private final Path crds;
  private final Path clusterRole;
  private final PeerOperator peer;

  KubeRayScaleSide(Kubectl kubectl, Path binary, Path crds, Path clusterRole, Path out) {
    this.kubectl = kubectl;
    this.binary = binary;
    this.crds = crds;
    this.clusterRole = clusterRole;
    this.peer = new PeerOperator(kubectl, "kuberay-system", "kuberay-operator", out);
  }

  @Override
  public String name() {
    return "kuberay";
  }

  @Override
  public ResourceDefinitionContext kind() {
    return new ResourceDefinitionContext.Builder()
        .withGroup("ray.io")
        .withVersion("v1")
        .withKind("RayCluster")
        .withPlural("rayclusters")
        .withNamespaced(true)
        .build();
  }

  @Override
  public void install() throws IOException {
    // Server-side: the CRDs exceed the client-side apply annotation's limit.
    kubectl.ok("apply", "--server-side", "-f", crds.toString());
    kubectl.ok("wait", "--for=condition=Established", "--timeout=60s", "crd/rayclusters.ray.io");
    peer.installRbac(clusterRole, "kuberay-operator");
  }

  @Override
  public RunningOperator startOperator(int n) throws IOException {
    int metricsPort = PeerOperator.freePort();
    int healthPort = PeerOperator.freePort();
    return peer.start(
        List.of(
            binary.toString(),
            "--kubeconfig=" + peer.kubeconfig(),
            "--enable-leader-election=false",
            "--metrics-addr=127.0.0.1:" + metricsPort,
            "--health-probe-bind-address=127.0.0.1:" + healthPort,
            "--enable-metrics"),
        Map.of(),
        "kuberay-operator-" + n,
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
  }

  @Override
  public List<GenericKubernetesResource> engines(List<String> namespaces, int count) {
    List<GenericKubernetesResource> engines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      engines.add(
          Serialization.unmarshal(
              """
              apiVersion: ray.io/v1
              kind: RayCluster
              metadata: {name: engine-%04d, namespace: %s}
              spec:
                rayVersion: "2.46.0"
                headGroupSpec:
                  rayStartParams: {}
                  template:
                    spec:
                      containers:
                        - name: ray-head
                          image: rayproject/ray:2.46.0
                          resources:
                            requests: {cpu: 10m, memory: 64Mi}
                            limits: {cpu: "1", memory: 1Gi}
                workerGroupSpecs:
                  - groupName: workers
                    replicas: 3
                    minReplicas: 3
                    maxReplicas: 3
                    rayStartParams: {}
                    template:
                      spec:
                        containers:
                          - name: ray-worker
                            image: rayproject/ray:2.46.0
                            resources:
                              requests: {cpu: 10m, memory: 64Mi}
                              limits: {cpu: "1", memory: 1Gi}
              """
                  .formatted(i, namespaces.get(i % namespaces.size())),
              GenericKubernetesResource.class));
    }
    return engines;
  }

  @Override
  public Optional<Instant> readySince(GenericKubernetesResource engine) {
    if (!(engine.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !"ready".equals(status.get("state"))) {
      return Optional.empty();
    }
    return status.get("stateTransitionTimes") instanceof Map<?, ?> times
            && times.get("ready") instanceof String since
        ? Optional.of(Instant.parse(since))
        : Optional.empty();
  }

  @Override
  public String apiUser() {
    return peer.apiUser();
  }

  @Override
  public long engineReconciles(RunningOperator operator) throws IOException {
    return ScaleSide.counterSum(
        operator.metrics(), "controller_runtime_reconcile_total", "controller=\"raycluster");
  }

  @Override
  public double engineReconcileSeconds(RunningOperator operator) throws IOException {
    return ScaleSide.sampleSum(
        operator.metrics(),
        "controller_runtime_reconcile_time_seconds_sum",
        "controller=\"raycluster");
  }

  @Override
  public Optional<HistogramBuckets> eventToReconcile(RunningOperator operator) throws IOException {
    return PeerOperator.workQueueWait(operator, "raycluster");
  }
}
