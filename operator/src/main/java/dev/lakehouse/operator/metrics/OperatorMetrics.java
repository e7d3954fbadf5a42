package dev.lakehouse.operator.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.hotspot.DefaultExports;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The operator's Prometheus metrics (simpleclient), served on /metrics. */
@Singleton
public class OperatorMetrics {
  private final CollectorRegistry registry = new CollectorRegistry(true);

  private final Counter reconciliations = Counter.build("lakehouse_reconciliations_total",
      "Reconciliations by kind and result (success or error).").labelNames("kind", "result").register(registry);
  private final Histogram durations = Histogram.build("lakehouse_reconciliation_duration_seconds",
      "Time spent in one reconciliation, by kind.").labelNames("kind")
      .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
  private final Histogram eventToReconcile = Histogram.build("lakehouse_event_to_reconcile_seconds",
      "Time from an event about a resource to the start of its reconciliation, by kind.").labelNames("kind")
      .buckets(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
  private final Gauge resourcesByPhase = Gauge.build("lakehouse_resources",
      "Resources by kind and phase.").labelNames("kind", "phase").register(registry);
  private final Map<String, Set<String>> known = new HashMap<>();
  private final Counter apiWrites = Counter.build("lakehouse_api_writes_total",
      "Writes the operator sent to the Kubernetes API, by object kind and verb.").labelNames("kind", "verb")
      .register(registry);

  public OperatorMetrics() {
    DefaultExports.register(registry);
  }

  public CollectorRegistry registry() {
    return registry;
  }

  public void reconciled(String kind, boolean success, double seconds) {
    reconciliations.labels(kind, success ? "success" : "error").inc();
    durations.labels(kind).observe(seconds);
  }

  public void eventToReconcile(String kind, double seconds) {
    eventToReconcile.labels(kind).observe(seconds);
  }

  public void apiWrite(String kind, String verb) {
    apiWrites.labels(kind, verb).inc();
  }

  /** Sets the number of resources of a kind in each phase; phases seen before and absent now drop to zero. */
  public synchronized void phases(String kind, Map<String, Long> countsByPhase) {
    known.computeIfAbsent(kind, k -> new java.util.TreeSet<>()).addAll(countsByPhase.keySet());
    for (String phase : known.get(kind)) {
      resourcesByPhase.labels(kind, phase).set(countsByPhase.getOrDefault(phase, 0L));
    }
  }
}
