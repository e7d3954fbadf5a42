package dev.lakehouse.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The operator as its packaged application (operator/target/quarkus-app), in a process of its own.
 */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the operator against a control plane and waits until its readiness probe answers UP. */
  public static OperatorProcess start(Path kubeconfig, Path log, Map<String, String> env)
      throws IOException {
    OperatorProcess operator = launch(kubeconfig, log, env);
    operator.awaitReady(Duration.ofSeconds(90));
    return operator;
  }

  /**
   * Starts the operator against a control plane and returns at once, as a kubelet starts a
   * container: {@link #awaitReady} waits for its readiness probe.
   */
  public static OperatorProcess launch(Path kubeconfig, Path log, Map<String, String> env)
      throws IOException {
    return launch(Release.workingTree().operatorApp(), kubeconfig, log, env);
  }

  /** Starts a packaged operator (another release's) and returns at once. */
  public static OperatorProcess launch(Path app, Path kubeconfig, Path log, Map<String, String> env)
      throws IOException {
    if (!Files.exists(app)) {
      throw new IllegalStateException(
          "no packaged operator at "
              + app
              + ": build it with ./mvnw -pl operator -am "
              + "package");
    }
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(List.of(javaBinary(), "-jar", app.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("LAKEHOUSE_HTTP_HOST", "127.0.0.1");
    builder.environment().put("LAKEHOUSE_HTTP_PORT", Integer.toString(port));
    builder.environment().putAll(env);
    return new OperatorProcess(builder.start(), port, log);
  }

  public long pid() {
    return process.pid();
  }

  /** Resident set size of the operator's JVM, from /proc. */
  public double rssMb() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + process.pid());
  }

  /** The operator's /metrics page. */
  public String metrics() throws IOException, InterruptedException {
    return get("/metrics").body();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, once the process has exited. */
  public java.util.OptionalInt exitCode() {
    return process.isAlive()
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(process.exitValue());
  }

  /** Waits for the process to exit by itself; true when it did within the timeout. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** True when the readiness probe answers UP now. */
  public boolean isReady() {
    try {
      HttpResponse<String> ready = get("/q/health/ready");
      return ready.statusCode() == 200 && ready.body().contains("\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGSTOP: the process stops where it is, its connections open, as a frozen node or VM does. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: a paused process goes on from where it stopped. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException(
          "kill -"
              + signal
              + " "
              + process.pid()
              + ": "
              + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Waits until the readiness probe answers UP; fails if the process exits first. */
  public void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> ready = get("/q/health/ready");
        if (ready.statusCode() == 200 && ready.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(500);
    }
    throw new IllegalStateException(
        "the operator was not ready within " + timeout + "; see " + log);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends SIGTERM, as Kubernetes does when it stops a pod; true when the process exited within the
   * grace period.
   */
  public boolean terminate(Duration grace) throws InterruptedException {
    process.destroy();
    return process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Kills the process with SIGKILL and waits for it to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        resume(); // a paused process cannot act on SIGTERM
      } catch (IOException | IllegalStateException e) {
        // it is gone already, or SIGKILL below ends it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process.destroy();
    try {
      if (!process.waitFor(
          Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
