package dev.lakehouse.operator.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import io.prometheus.client.hotspot.DefaultExports;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The operator's Prometheus metrics (simpleclient), served on /metrics. */
@Singleton
public class OperatorMetrics {
  private final CollectorRegistry registry = new CollectorRegistry(true);

  private final Counter reconciliations =
      Counter.build(
              "lakehouse_reconciliations_total",
              "Reconciliations by kind and result (success or error).")
          .labelNames("kind", "result")
          .register(registry);
  private final Histogram durations =
      Histogram.build(
              "lakehouse_reconciliation_duration_seconds",
              "Time spent in one reconciliation, by kind.")
          .labelNames("kind")
          .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .register(registry);
  // Up to minutes: under a fleet's create the queue wait's tail passes 30 s (the scale benchmark's
  // p99).
  private final Histogram eventToReconcile =
      Histogram.build(
              "lakehouse_event_to_reconcile_seconds",
              "Time from an event about a resource to the start of its reconciliation, by kind.")
          .labelNames("kind")
          .buckets(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
          .register(registry);
  private final Map<String, Supplier<Stream<String>>> phaseSources = new ConcurrentHashMap<>();
  private final Counter apiWrites =
      Counter.build(
              "lakehouse_api_writes_total",
              "Writes the operator sent to the Kubernetes API, by object kind and verb.")
          .labelNames("kind", "verb")
          .register(registry);

  private final Counter runs =
      Counter.build(
              "lakehouse_job_runs_total", "Job runs that ended, by result (their final phase).")
          .labelNames("result")
          .register(registry);
  private final Counter attempts =
      Counter.build(
              "lakehouse_task_attempts_total",
              "Task attempts (batch Jobs) started, and ended by result.")
          .labelNames("event")
          .register(registry);
  private final Histogram scheduleLag =
      Histogram.build(
              "lakehouse_schedule_lag_seconds",
              "Time from a run's scheduled time to the creation of its JobRun.")
          .buckets(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600)
          .register(registry);

  public OperatorMetrics() {
    DefaultExports.register(registry);
    new PhaseCollector().register(registry);
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

  /** A run ended with this phase. */
  public void runEnded(String result) {
    runs.labels(result).inc();
  }

  /** A task attempt started ("started") or ended ("Succeeded", "Failed", "TimedOut", ...). */
  public void taskAttempt(String event) {
    attempts.labels(event).inc();
  }

  /** How late a scheduled run was created. */
  public void scheduleLag(double seconds) {
    scheduleLag.observe(seconds);
  }

  public void apiWrite(String kind, String verb) {
    apiWrites.labels(kind, verb).inc();
  }

  /**
   * Registers where the phases of a kind's resources come from (an informer cache); they are
   * counted when Prometheus scrapes, not in the reconcile path.
   */
  public void phaseSource(String kind, Supplier<Stream<String>> phases) {
    phaseSources.put(kind, phases);
  }

  /** lakehouse_resources{kind,phase}, computed at scrape time from the registered phase sources. */
  private final class PhaseCollector extends Collector {
    @Override
    public List<MetricFamilySamples> collect() {
      GaugeMetricFamily family =
          new GaugeMetricFamily(
              "lakehouse_resources", "Resources by kind and phase.", List.of("kind", "phase"));
      phaseSources.forEach(
          (kind, phases) ->
              new TreeMap<>(
                      phases
                          .get()
                          .collect(
                              Collectors.groupingBy(
                                  p -> p == null ? "Pending" : p, Collectors.counting())))
                  .forEach((phase, count) -> family.addMetric(List.of(kind, phase), count)));
      return List.of(family);
    }
  }
}
