package dev.lakehouse.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The readiness of a running operator process, asked on its own HTTP port, which the process's
 * environment (LAKEHOUSE_HTTP_PORT, set by {@link OperatorProcess}) gives.
 */
final class OperatorHealth {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private OperatorHealth() {}

  /** True when the process answers its readiness probe with UP. */
  static boolean ready(long pid) {
    Optional<Integer> port = port(pid);
    if (port.isEmpty()) {
      return false;
    }
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port.get() + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The HTTP port of the operator process, from its environment. */
  static Optional<Integer> port(long pid) {
    try {
      String environ =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
              StandardCharsets.UTF_8);
      for (String entry : environ.split("\0")) {
        if (entry.startsWith("LAKEHOUSE_HTTP_PORT=")) {
          return Optional.of(Integer.parseInt(entry.substring("LAKEHOUSE_HTTP_PORT=".length())));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
