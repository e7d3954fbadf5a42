package dev.lakehouse.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** HTTP for Prometheus and probes: /metrics, /load, /healthz, /readyz (the JDK's server). */
final class MetricsServer implements AutoCloseable {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static MetricsServer start(
      String bindAddress, int port, Supplier<MetricsSnapshot> snapshot, BooleanSupplier ready) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot serve metrics on "
              + bindAddress
              + ":"
              + port
              + " ("
              + GatewayConfig.METRICS_PORT
              + "): "
              + e
              + ": choose a free port",
          e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")
                && !exchange.getRequestMethod().equals("HEAD")) {
              respond(exchange, 405, "text/plain", "only GET\n");
            } else if (path.equals("/metrics")) {
              respond(exchange, 200, PROMETHEUS_TEXT, snapshot.get().prometheusText());
            } else if (path.equals("/load")) {
              respond(exchange, 200, "application/json", snapshot.get().loadJson());
            } else if (path.equals("/healthz")) {
              respond(exchange, 200, "text/plain", "ok\n");
            } else if (path.equals("/readyz")) {
              boolean isReady = ready.getAsBoolean();
              respond(
                  exchange, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "starting\n");
            } else {
              respond(
                  exchange,
                  404,
                  "text/plain",
                  "not found: try /metrics, /load, /healthz, /readyz\n");
            }
          }
        });
    // Two threads: a scrape and a probe never wait on each other.
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "gateway-metrics");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    return new MetricsServer(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
