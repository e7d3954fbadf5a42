package dev.lakehouse.gateway;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The gateway's counters; gauges (sessions, waiting) are read from their owners at snapshot. */
final class GatewayMetrics {
  private final Map<ListenerPort, LongAdder> connections = new EnumMap<>(ListenerPort.class);
  private final LongAdder wakeRequests = new LongAdder();
  private final LongAdder wakeTimeouts = new LongAdder();

  GatewayMetrics() {
    for (ListenerPort listener : ListenerPort.values()) {
      connections.put(listener, new LongAdder());
    }
  }

  void connectionAccepted(ListenerPort listener) {
    connections.get(listener).increment();
  }

  void wakeRequested() {
    wakeRequests.increment();
  }

  void wakeTimedOut() {
    wakeTimeouts.increment();
  }

  MetricsSnapshot snapshot(Map<String, Integer> sessions, int waiting) {
    Map<ListenerPort, Long> accepted = new EnumMap<>(ListenerPort.class);
    connections.forEach((listener, count) -> accepted.put(listener, count.sum()));
    return new MetricsSnapshot(sessions, waiting, accepted, wakeRequests.sum(), wakeTimeouts.sum());
  }
}
