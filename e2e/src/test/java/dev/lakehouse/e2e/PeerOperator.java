package dev.lakehouse.e2e;

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
 * A peer of the scale benchmark (a controller-runtime operator built by e2e/testenv/peers) run as a
 * process under a ServiceAccount of its own: the ClusterRole from its module's config/rbac bound to
 * the account, and a kubeconfig with the account's token, so that the API server treats its
 * requests as ours (API Priority and Fairness: a ServiceAccount's requests queue in the
 * workload-low level, the admin's are exempt).
 */
final class PeerOperator {
  private final Kubectl kubectl;
  private final String namespace;
  private final String serviceAccount;
  private final Path out;
  private Path kubeconfig;

  PeerOperator(Kubectl kubectl, String namespace, String serviceAccount, Path out) {
    this.kubectl = kubectl;
    this.namespace = namespace;
    this.serviceAccount = serviceAccount;
    this.out = out;
  }

  /** Its namespace and ServiceAccount, {@code clusterRoleFile} applied and bound to the account. */
  void installRbac(Path clusterRoleFile, String clusterRole) throws IOException {
    kubectl.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: %s}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: %s, namespace: %s}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %s-scale-benchmark}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %s}
        subjects: [{kind: ServiceAccount, name: %s, namespace: %s}]
        """
            .formatted(
                namespace,
                serviceAccount,
                namespace,
                serviceAccount,
                clusterRole,
                serviceAccount,
                namespace));
    kubectl.ok("apply", "--server-side", "-f", clusterRoleFile.toString());
    kubeconfig =
        kubectl.serviceAccountKubeconfig(
            serviceAccount,
            namespace,
            "6h",
            out.resolve("scale-" + serviceAccount + ".kubeconfig"));
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  /** The ServiceAccount's user name, as the audit log shows it. */
  String apiUser() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /**
   * Starts {@code command} with KUBECONFIG set to the account's and {@code env}, its output in
   * {@code scale-<logName>.log}; waits until {@code readyUrl} answers 200.
   */
  ScaleSide.RunningOperator start(
      List<String> command,
      Map<String, String> env,
      String logName,
      int metricsPort,
      String readyUrl)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("scale-" + logName + ".log").toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    HttpClient http = HttpClient.newHttpClient();
    ScaleSide.RunningOperator running =
        new ScaleSide.RunningOperator() {
          @Override
          public long pid() {
            return process.pid();
          }

          @Override
          public String metrics() throws IOException {
            return get(http, "http://127.0.0.1:" + metricsPort + "/metrics").body();
          }

          @Override
          public void stop(Duration grace) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
              process.destroyForcibly().waitFor();
            }
          }
        };
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            logName + " exited with " + process.exitValue() + "; see its log in " + out);
      }
      try {
        if (get(http, readyUrl).statusCode() == 200) {
          return running;
        }
      } catch (IOException e) {
        // not listening yet
      }
      OperatorProcess.sleep(250);
    }
    try {
      running.stop(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException(logName + " was not ready within 60 s");
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * How long items of the controller named {@code controllerFilter} (a prefix of its label value)
   * waited in its work queue before a reconcile took them: controller-runtime's
   * workqueue_queue_duration_seconds.
   */
  static Optional<HistogramBuckets> workQueueWait(
      ScaleSide.RunningOperator operator, String controllerFilter) throws IOException {
    return HistogramBuckets.parse(
        operator.metrics(), "workqueue_queue_duration_seconds", "controller=\"" + controllerFilter);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
