package dev.lakehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A gateway on 127.0.0.1 (any free ports) reading a backends file in a test's directory. */
final class GatewayHarness implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path backendsFile;
  final FileBackendSource source;
  final Gateway gateway;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Socket> clients = new ArrayList<>();

  private GatewayHarness(Path backendsFile, FileBackendSource source, Gateway gateway) {
    this.backendsFile = backendsFile;
    this.source = source;
    this.gateway = gateway;
  }

  /** Starts a gateway; {@code backends} entries (TestBackend.json) are written first, if any. */
  static GatewayHarness start(Path dir, Duration wakeTimeout, String... backends)
      throws IOException {
    Path file = dir.resolve("backends.json");
    if (backends.length > 0) {
      writeBackends(file, backends);
    }
    GatewayConfig config =
        new GatewayConfig(
            null,
            null,
            "127.0.0.1",
            0,
            0,
            0,
            wakeTimeout,
            file,
            GatewayConfig.DEFAULT_HOST_TEMPLATE,
            10000,
            15002);
    FileBackendSource source = new FileBackendSource(file, POLL);
    return new GatewayHarness(file, source, Gateway.start(config, source));
  }

  void writeBackends(String... backends) throws IOException {
    writeBackends(backendsFile, backends);
  }

  private static void writeBackends(Path file, String... backends) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(
        partial,
        "{\"backends\":[" + Arrays.stream(backends).collect(Collectors.joining(",")) + "]}");
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Waits until exactly these backends are routable in the gateway's router. */
  void awaitRoutable(String... names) {
    List<String> expected = List.of(names);
    Eventually.await(
        "routable backends " + expected,
        Duration.ofSeconds(5),
        () ->
            gateway.backends().stream()
                .filter(Backend::routable)
                .map(Backend::name)
                .sorted()
                .toList()
                .equals(expected));
  }

  Socket connect(ListenerPort listener) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port(listener));
    socket.setSoTimeout(5_000);
    clients.add(socket);
    return socket;
  }

  HttpResponse<String> get(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.metricsPort() + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("GET " + path + " interrupted", e);
    }
  }

  JsonNode load() {
    try {
      return JSON.readTree(get("/load").body());
    } catch (IOException e) {
      throw new AssertionError("/load is not JSON", e);
    }
  }

  int sessions(String cluster) {
    return load().path("sessions").path(cluster).asInt(0);
  }

  int waiting() {
    return load().path("waiting").asInt();
  }

  @Override
  public void close() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    gateway.close();
  }
}
