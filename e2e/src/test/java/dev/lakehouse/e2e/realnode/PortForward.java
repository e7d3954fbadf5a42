package dev.lakehouse.e2e.realnode;

import dev.lakehouse.e2e.Kubectl;
import dev.lakehouse.testing.TestEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl port-forward} of a Service's port to a free port on 127.0.0.1 (through the API
 * server and the kubelet, as a user on a laptop reaches a cluster), stopped on close.
 */
final class PortForward implements AutoCloseable {
  private static final Pattern FORWARDING =
      Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) ->");
  private final Process process;
  private final int localPort;

  private PortForward(Process process, int localPort) {
    this.process = process;
    this.localPort = localPort;
  }

  static PortForward start(Kubectl kubectl, String namespace, String target, int port) {
    try {
      Process process =
          new ProcessBuilder(
                  List.of(
                      TestEnvironment.kubectl().toString(),
                      "--kubeconfig=" + kubectl.kubeconfig(),
                      "port-forward",
                      "--address",
                      "127.0.0.1",
                      "-n",
                      namespace,
                      target,
                      ":" + port))
              .redirectErrorStream(true)
              .start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Integer> local =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  StringBuilder seen = new StringBuilder();
                  for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = FORWARDING.matcher(line);
                    if (m.find()) {
                      // Keep draining, so kubectl never blocks on a full pipe.
                      CompletableFuture.runAsync(() -> drain(out));
                      return Integer.parseInt(m.group(1));
                    }
                    seen.append(line).append('\n');
                  }
                  throw new IllegalStateException("kubectl port-forward ended: " + seen);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      try {
        return new PortForward(process, local.get(60, TimeUnit.SECONDS));
      } catch (Exception e) {
        process.destroyForcibly();
        throw new IllegalStateException("port-forward to " + target + " did not start", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int localPort() {
    return localPort;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {}
    } catch (IOException e) {
      // the process ended
    }
  }
}
