package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KubeRay's ray-operator, built by e2e/testenv/peers, with RayClusters as in its own benchmark's
 * manifest: a head and one worker group of 3, 10m CPU each; ready is {@code .status.state ==
 * ready}. It runs with the control plane's admin kubeconfig (its RBAC is not part of the Go
 * module), without leader election, its endpoints on 127.0.0.1, and its default QPS (100) and
 * reconcile concurrency (1), as it ships.
 */
final class KubeRayScaleSide implements ScaleSide {
  private final LocalControlPlane controlPlane;
  private final Kubectl kubectl;
  private final Path binary;
  private final Path crds;
  private final Path out;
  private final HttpClient http = HttpClient.newHttpClient();

  KubeRayScaleSide(LocalControlPlane controlPlane, Path binary, Path crds, Path out) {
    this.controlPlane = controlPlane;
    this.kubectl = controlPlane.kubectl();
    this.binary = binary;
    this.crds = crds;
    this.out = out;
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
  public void install() {
    // Server-side: the CRDs exceed the client-side apply annotation's limit.
    kubectl.ok("apply", "--server-side", "-f", crds.toString());
    kubectl.ok("wait", "--for=condition=Established", "--timeout=60s", "crd/rayclusters.ray.io");
  }

  @Override
  public RunningOperator startOperator(int n) throws IOException {
    int metricsPort = freePort();
    int healthPort = freePort();
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--kubeconfig=" + controlPlane.kubeconfig(),
                "--enable-leader-election=false",
                "--metrics-addr=127.0.0.1:" + metricsPort,
                "--health-probe-bind-address=127.0.0.1:" + healthPort,
                "--enable-metrics")
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("scale-kuberay-operator-" + n + ".log").toFile())
            .start();
    awaitOk(process, "http://127.0.0.1:" + healthPort + "/readyz", Duration.ofSeconds(60));
    return new RunningOperator() {
      @Override
      public long pid() {
        return process.pid();
      }

      @Override
      public String metrics() throws IOException {
        return get("http://127.0.0.1:" + metricsPort + "/metrics").body();
      }

      @Override
      public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    };
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
  public String userAgent() {
    // Set in its main.go: "kuberay-operator/<version>".
    return "kuberay-operator";
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

  private void awaitOk(Process process, String url, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "ray-operator exited with " + process.exitValue() + "; see its log in " + out);
      }
      try {
        if (get(url).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      OperatorProcess.sleep(250);
    }
    throw new IllegalStateException("ray-operator was not ready within " + timeout);
  }

  private HttpResponse<String> get(String url) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
