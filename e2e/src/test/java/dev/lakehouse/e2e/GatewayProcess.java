package dev.lakehouse.e2e;

import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Warehouse's gateway as a process on the test machine (gateway/target/gateway, built by the
 * reactor before this module), against the test control plane with the gateway's own
 * ServiceAccount: kwok's pods run no process, so the gateway the operator deploys cannot answer
 * there. It reaches the fleet's drivers at 127.0.0.1 on the ports the test gives.
 */
public final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int sqlPort;
  private final int metricsPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private GatewayProcess(Process process, int sqlPort, int metricsPort) {
    this.process = process;
    this.sqlPort = sqlPort;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts the gateway of {@code warehouse} and waits until it listens.
   *
   * @param backendSqlPort where the test's stand-in for every driver's SQL port listens
   */
  public static GatewayProcess start(
      Path kubeconfig,
      String namespace,
      String warehouse,
      int backendSqlPort,
      Duration wakeTimeout,
      Path log)
      throws IOException {
    Path jars = TestEnvironment.repoRoot().resolve("gateway/target/gateway");
    if (!Files.isDirectory(jars)) {
      throw new IllegalStateException(
          "no packaged gateway at " + jars + ": build it with ./mvnw -pl gateway -am package");
    }
    int sqlPort = freePort();
    int metricsPort = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    jars + "/*",
                    "dev.lakehouse.gateway.GatewayMain"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "KUBECONFIG", kubeconfig.toString(),
                "LAKEHOUSE_WAREHOUSE", warehouse,
                "LAKEHOUSE_NAMESPACE", namespace,
                "LAKEHOUSE_GATEWAY_BIND", "127.0.0.1",
                "LAKEHOUSE_SQL_PORT", Integer.toString(sqlPort),
                "LAKEHOUSE_CONNECT_PORT", Integer.toString(freePort()),
                "LAKEHOUSE_GATEWAY_METRICS_PORT", Integer.toString(metricsPort),
                "LAKEHOUSE_GATEWAY_BACKEND_HOST", "127.0.0.1",
                "LAKEHOUSE_GATEWAY_BACKEND_SQL_PORT", Integer.toString(backendSqlPort),
                "LAKEHOUSE_GATEWAY_WAKE_TIMEOUT_SECONDS", Long.toString(wakeTimeout.toSeconds())));
    GatewayProcess gateway = new GatewayProcess(builder.start(), sqlPort, metricsPort);
    gateway.awaitReady(Duration.ofSeconds(30), log);
    return gateway;
  }

  public int sqlPort() {
    return sqlPort;
  }

  /** The gateway's /load: sessions per cluster, waiting connections, wake requests. */
  public String load() throws IOException, InterruptedException {
    return get("/load").body();
  }

  private void awaitReady(Duration timeout, Path log) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the gateway exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      OperatorProcess.sleep(300);
    }
    throw new IllegalStateException("the gateway was not ready within " + timeout + "; see " + log);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
