package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, /load and the probes of a running gateway with open sessions. */
class MetricsEndpointTest {
  @TempDir Path dir;

  @Test
  void metricsAndLoadReportSessionsConnectionsAndWakes() throws Exception {
    try (TestBackend e1 = new TestBackend("wh-1");
        TestBackend e2 = new TestBackend("wh-2");
        GatewayHarness harness =
            GatewayHarness.start(dir, Duration.ofSeconds(30), e1.json(true), e2.json(false))) {
      Clients.echo(harness.connect(ListenerPort.SQL), new byte[] {1});
      Clients.echo(harness.connect(ListenerPort.SQL), new byte[] {2});
      Clients.echo(harness.connect(ListenerPort.CONNECT), new byte[] {3});

      HttpResponse<String> metrics = harness.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(metrics.body())
          .contains("# TYPE lakehouse_gateway_sessions gauge\n")
          .contains("lakehouse_gateway_sessions{cluster=\"wh-1\"} 3\n")
          .contains("lakehouse_gateway_sessions{cluster=\"wh-2\"} 0\n")
          .contains("lakehouse_gateway_waiting_connections 0\n")
          .contains("# TYPE lakehouse_gateway_connections_total counter\n")
          .contains("lakehouse_gateway_connections_total{port=\"sql\"} 2\n")
          .contains("lakehouse_gateway_connections_total{port=\"connect\"} 1\n")
          .contains("lakehouse_gateway_wake_requests_total 0\n")
          .contains("lakehouse_gateway_wake_timeouts_total 0\n");

      HttpResponse<String> load = harness.get("/load");
      assertThat(load.statusCode()).isEqualTo(200);
      JsonNode json = harness.load();
      assertThat(json.path("sessions").path("wh-1").asInt()).isEqualTo(3);
      assertThat(json.path("sessions").path("wh-2").asInt(-1)).isZero();
      assertThat(json.path("waiting").asInt(-1)).isZero();
      assertThat(json.path("connectionsTotal").asInt()).isEqualTo(3);
      assertThat(json.has("wakeRequestsTotal")).isTrue();
      assertThat(json.has("wakeTimeoutsTotal")).isTrue();

      assertThat(harness.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(harness.get("/readyz").statusCode()).isEqualTo(200);
      assertThat(harness.get("/nothing").statusCode()).isEqualTo(404);
    }
  }
}
