package dev.lakehouse.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's numbers at one moment, and their two renderings: Prometheus text for /metrics and
 * the JSON of /load that the operator's autoscaler reads.
 *
 * @param sessions open sessions per cluster, counted by this gateway
 * @param waiting connections held while no cluster is routable
 * @param connections connections accepted since start, per listen port
 * @param wakeRequests wake requests sent (after rate limiting)
 * @param wakeTimeouts held connections closed by the wake timeout
 */
record MetricsSnapshot(
    Map<String, Integer> sessions,
    int waiting,
    Map<ListenerPort, Long> connections,
    long wakeRequests,
    long wakeTimeouts) {

  private static final ObjectMapper JSON = new ObjectMapper();

  long connectionsTotal() {
    return connections.values().stream().mapToLong(Long::longValue).sum();
  }

  String prometheusText() {
    StringBuilder text = new StringBuilder();
    header(
        text,
        "lakehouse_gateway_sessions",
        "gauge",
        "Open client sessions this gateway routed to each cluster.");
    new TreeMap<>(sessions)
        .forEach(
            (cluster, count) ->
                text.append("lakehouse_gateway_sessions{cluster=\"")
                    .append(escapeLabel(cluster))
                    .append("\"} ")
                    .append(count)
                    .append('\n'));
    header(
        text,
        "lakehouse_gateway_waiting_connections",
        "gauge",
        "Connections held while no cluster is routable.");
    text.append("lakehouse_gateway_waiting_connections ").append(waiting).append('\n');
    header(
        text,
        "lakehouse_gateway_connections_total",
        "counter",
        "Client connections accepted, per listen port.");
    connections.forEach(
        (listener, count) ->
            text.append("lakehouse_gateway_connections_total{port=\"")
                .append(listener.label())
                .append("\"} ")
                .append(count)
                .append('\n'));
    header(
        text,
        "lakehouse_gateway_wake_requests_total",
        "counter",
        "Requests to start the Warehouse (at most one per 10 s).");
    text.append("lakehouse_gateway_wake_requests_total ").append(wakeRequests).append('\n');
    header(
        text,
        "lakehouse_gateway_wake_timeouts_total",
        "counter",
        "Held connections closed because no cluster became routable in time.");
    text.append("lakehouse_gateway_wake_timeouts_total ").append(wakeTimeouts).append('\n');
    return text.toString();
  }

  String loadJson() {
    ObjectNode load = JSON.createObjectNode();
    ObjectNode perCluster = load.putObject("sessions");
    new TreeMap<>(sessions).forEach(perCluster::put);
    load.put("waiting", waiting);
    load.put("connectionsTotal", connectionsTotal());
    load.put("wakeRequestsTotal", wakeRequests);
    load.put("wakeTimeoutsTotal", wakeTimeouts);
    return load.toString();
  }

  private static void header(StringBuilder text, String name, String type, String help) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
