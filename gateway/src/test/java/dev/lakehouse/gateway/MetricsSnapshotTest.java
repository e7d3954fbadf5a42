package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {
  private static MetricsSnapshot snapshot() {
    Map<String, Integer> sessions = new LinkedHashMap<>();
    sessions.put("wh-2", 1);
    sessions.put("wh-1", 2);
    Map<ListenerPort, Long> connections = new EnumMap<>(ListenerPort.class);
    connections.put(ListenerPort.SQL, 40L);
    connections.put(ListenerPort.CONNECT, 2L);
    return new MetricsSnapshot(sessions, 0, connections, 1, 0);
  }

  @Test
  void loadIsTheContractsJson() {
    assertThat(snapshot().loadJson())
        .isEqualTo(
            "{\"sessions\":{\"wh-1\":2,\"wh-2\":1},\"waiting\":0,\"connectionsTotal\":42,"
                + "\"wakeRequestsTotal\":1,\"wakeTimeoutsTotal\":0}");
  }

  @Test
  void prometheusTextHasEverySeriesWithTypeAndHelp() {
    String text = snapshot().prometheusText();

    assertThat(text)
        .contains(
            "# TYPE lakehouse_gateway_sessions gauge\n",
            "lakehouse_gateway_sessions{cluster=\"wh-1\"} 2\nlakehouse_gateway_sessions{cluster=\"wh-2\"} 1\n",
            "# TYPE lakehouse_gateway_waiting_connections gauge\nlakehouse_gateway_waiting_connections 0\n",
            "lakehouse_gateway_connections_total{port=\"sql\"} 40\n",
            "lakehouse_gateway_connections_total{port=\"connect\"} 2\n",
            "# TYPE lakehouse_gateway_wake_requests_total counter\nlakehouse_gateway_wake_requests_total 1\n",
            "# TYPE lakehouse_gateway_wake_timeouts_total counter\nlakehouse_gateway_wake_timeouts_total 0\n");
    assertThat(text.lines().filter(line -> line.startsWith("# HELP"))).hasSize(5);
    assertThat(text).endsWith("\n");
  }

  @Test
  void labelValuesAreEscaped() {
    MetricsSnapshot odd = new MetricsSnapshot(Map.of("a\"b\\c", 1), 0, Map.of(), 0, 0);

    assertThat(odd.prometheusText())
        .contains("lakehouse_gateway_sessions{cluster=\"a\\\"b\\\\c\"} 1\n");
  }
}
