package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Drives one side through the benchmark's steps and measures them: create the engines at the
 * profile's rate until all are ready, stay idle, restart the operator with everything present, then
 * delete the engines' namespaces so that the next side starts on an empty control plane.
 */
final class ScaleRun {
  private final ScaleProfile profile;
  private final KubernetesClient client;
  private final Kubectl kubectl;
  private final AuditWindow audit;

  ScaleRun(ScaleProfile profile, KubernetesClient client, Kubectl kubectl, AuditWindow audit) {
    this.profile = profile;
    this.client = client;
    this.kubectl = kubectl;
    this.audit = audit;
  }

  /**
   * The side's figures with {@code count} engines over {@code namespaceCount} namespaces, by name
   * (see e2e/scale.md for what each means); {@code last} when no side follows, so its engines stay
   * for the control plane's teardown.
   */
  Map<String, Object> measure(ScaleSide side, int count, int namespaceCount, boolean last)
      throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    List<String> namespaces =
        IntStream.range(0, namespaceCount)
            .mapToObj(i -> "%s-%03d".formatted(side.name(), i))
            .toList();
    log(side, "installing");
    side.install();
    ScaleSide.RunningOperator operator = side.startOperator(1);
    try {
      long pid = operator.pid();
      figures.put("rss_mb_before_engines", round(ProcessUsage.rssMb(pid)));
      side.prepareTenants(namespaces);
      List<GenericKubernetesResource> engines = side.engines(namespaces, count);
      figures.put("engines", engines.size());

      log(side, "creating " + engines.size() + " engines at " + profile.createsPerSecond() + "/s");
      double cpuBefore = ProcessUsage.cpuSeconds(pid);
      long reconcilesBefore = side.engineReconciles(operator);
      double reconcileSecondsBefore = side.engineReconcileSeconds(operator);
      Optional<HistogramBuckets> waitBefore = eventToReconcile(side, operator);
      long createMark = audit.mark();
      PacedCreator.Created created;
      Map<String, Instant> readyAt;
      try (ReadinessTracker tracker =
              new ReadinessTracker(
                  client, side.readinessKind(), side::readySince, side::engineKey);
          ProcessUsage.PeakTreeRss treeRss = new ProcessUsage.PeakTreeRss(pid)) {
        created = new PacedCreator(client, profile.createsPerSecond()).create(engines);
        log(
            side,
            "created at %.1f/s; waiting until all are ready".formatted(created.ratePerSecond()));
        if (!tracker.awaitReady(engines.size(), profile.readyTimeout())) {
          throw new AssertionError(
              side.name()
                  + ": only "
                  + tracker.readyAt().size()
                  + " of "
                  + engines.size()
                  + " engines ready within "
                  + profile.readyTimeout());
        }
        readyAt = tracker.readyAt();
        // With the programs it runs (spark-operator: a spark-submit JVM per application).
        figures.put("peak_tree_rss_mb_create", round(treeRss.peakMb()));
      }
      putEventToReconcile(figures, waitBefore, eventToReconcile(side, operator));
      // Server times on both ends (to the second): creation timestamps and readiness transitions.
      Map<String, Instant> createdAt = created.createdAt();
      Instant firstCreate = createdAt.values().stream().min(Instant::compareTo).orElseThrow();
      Instant allReady = readyAt.values().stream().max(Instant::compareTo).orElseThrow();
      OperatorProcess.sleep(5_000); // the writes that follow the last readiness (status) land
      long createEnd = audit.mark();
      double cpuCreate = ProcessUsage.cpuSeconds(pid) - cpuBefore;
      long reconciles = side.engineReconciles(operator) - reconcilesBefore;
      double reconcileSeconds = side.engineReconcileSeconds(operator) - reconcileSecondsBefore;
      figures.put("create_rate_per_s", round(created.ratePerSecond()));
      figures.put("all_ready_s", seconds(Duration.between(firstCreate, allReady)));
      List<Double> latencies = new ArrayList<>();
      readyAt.forEach(
          (key, ready) -> {
            Instant since = createdAt.getOrDefault(key, firstCreate);
            latencies.add(Math.max(0, Duration.between(since, ready).toMillis()) / 1000.0);
          });
      latencies.sort(Double::compare);
      figures.put("ready_p50_s", round(percentile(latencies, 50)));
      figures.put("ready_p90_s", round(percentile(latencies, 90)));
      AuditWindow.Writes operatorWrites = audit.between(createMark, createEnd, side.apiUser());
      AuditWindow.Writes allWrites = audit.between(createMark, createEnd, "");
      figures.put("create_writes_operator", operatorWrites.total());
      figures.put(
          "create_writes_operator_per_engine",
          round(operatorWrites.total() / (double) engines.size()));
      figures.put("create_writes_operator_by_verb", operatorWrites.byVerb());
      figures.put("create_writes_operator_by_resource", operatorWrites.byResource());
      figures.put("create_writes_all_clients", allWrites.total());
      figures.put("create_writes_all_clients_by_verb", allWrites.byVerb());
      figures.put("create_writes_all_clients_by_user", allWrites.byUser());
      figures.put("cpu_seconds_create", round(cpuCreate));
      // What one reconcile costs: for finding where a single replica stops keeping up.
      figures.put("create_reconciles", reconciles);
      figures.put("reconciles_per_engine", round(reconciles / (double) engines.size()));
      figures.put(
          "reconcile_mean_ms", round(reconciles == 0 ? 0 : 1000 * reconcileSeconds / reconciles));
      figures.put(
          "cpu_ms_per_reconcile", round(reconciles == 0 ? 0 : 1000 * cpuCreate / reconciles));

      log(side, "all ready; idle for " + profile.idleWindow().toSeconds() + " s");
      long idleMark = audit.mark();
      double cpuIdleStart = ProcessUsage.cpuSeconds(pid);
      OperatorProcess.sleep(profile.idleWindow().toMillis());
      AuditWindow.Writes idle = audit.between(idleMark, audit.mark(), side.apiUser());
      figures.put("idle_window_s", profile.idleWindow().toSeconds());
      figures.put("idle_writes", idle.total());
      figures.put("idle_writes_by_resource", idle.byResource());
      figures.put("idle_cpu_seconds", round(ProcessUsage.cpuSeconds(pid) - cpuIdleStart));
      figures.put("peak_rss_mb", round(ProcessUsage.peakRssMb(pid)));
      figures.put("rss_mb_after_idle", round(ProcessUsage.rssMb(pid)));
      side.liveHeapMb(operator).ifPresent(mb -> figures.put("live_heap_mb_after_idle", round(mb)));

      log(side, "restarting the operator with everything present");
      operator.stop(Duration.ofSeconds(30));
      long restartMark = audit.mark();
      Instant restarted = Instant.now();
      ScaleSide.RunningOperator second = side.startOperator(2);
      try {
        Instant deadline = Instant.now().plus(profile.readyTimeout());
        while (side.engineReconciles(second) < engines.size()) {
          if (Instant.now().isAfter(deadline)) {
            throw new AssertionError(side.name() + ": not every engine reconciled after a restart");
          }
          OperatorProcess.sleep(200);
        }
        figures.put(
            "restart_all_reconciled_s", seconds(Duration.between(restarted, Instant.now())));
        OperatorProcess.sleep(profile.restartSettle().toMillis());
        AuditWindow.Writes restart = audit.between(restartMark, audit.mark(), side.apiUser());
        figures.put("restart_writes", restart.total());
        figures.put("restart_writes_by_resource", restart.byResource());
        figures.put("restart_cpu_seconds", round(ProcessUsage.cpuSeconds(second.pid())));
        figures.put("restart_peak_rss_mb", round(ProcessUsage.peakRssMb(second.pid())));
        figures.put("restart_rss_mb", round(ProcessUsage.rssMb(second.pid())));
      } finally {
        second.stop(Duration.ofSeconds(30));
      }
      if (!last) {
        removeNamespaces(side, namespaces);
      }
      return figures;
    } catch (Exception | AssertionError e) {
      operator.stop(Duration.ofSeconds(10)); // a failed run leaves no operator behind
      throw e;
    }
  }

  /**
   * The p50 and p99 of the events' wait for a reconcile of an engine observed between the two
   * scrapes (the start of the create and all ready); nothing when the later scrape lacks the
   * histogram or nothing was observed.
   */
  private static void putEventToReconcile(
      Map<String, Object> figures,
      Optional<HistogramBuckets> before,
      Optional<HistogramBuckets> after) {
    Optional<HistogramBuckets> observed = HistogramBuckets.between(before, after);
    if (observed.isEmpty()) {
      return;
    }
    HistogramBuckets create = observed.get();
    create.quantile(0.5).ifPresent(s -> figures.put("event_to_reconcile_p50_s", precise(s)));
    create.quantile(0.99).ifPresent(s -> figures.put("event_to_reconcile_p99_s", precise(s)));
    figures.put("event_to_reconcile_events", (long) create.count());
  }

  /** The side's histogram, or nothing when its metrics cannot be read: the figure is optional. */
  private static Optional<HistogramBuckets> eventToReconcile(
      ScaleSide side, ScaleSide.RunningOperator operator) {
    try {
      return side.eventToReconcile(operator);
    } catch (Exception e) {
      log(side, "no event-to-reconcile histogram: " + e);
      return Optional.empty();
    }
  }

  /** Three significant digits: a work queue's wait is often far below a tenth of a second. */
  private static double precise(double value) {
    return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", value));
  }

  /**
   * Deletes the engines' namespaces (the operator stopped: the namespace controller deletes what is
   * in them) and waits, for at most 5 minutes, until their pods are gone.
   */
  private void removeNamespaces(ScaleSide side, List<String> namespaces) {
    log(side, "deleting its namespaces");
    side.forgetTenants(namespaces);
    List<String> args = new ArrayList<>(List.of("delete", "namespace", "--wait=false"));
    args.addAll(namespaces);
    kubectl.ok(args.toArray(String[]::new));
    Instant deadline = Instant.now().plusSeconds(300);
    while (Instant.now().isBefore(deadline)) {
      long left =
          client.pods().inAnyNamespace().list().getItems().stream()
              .filter(p -> namespaces.contains(p.getMetadata().getNamespace()))
              .count();
      if (left == 0) {
        return;
      }
      OperatorProcess.sleep(5_000);
    }
    log(side, "pods of its namespaces still present after 5 minutes; going on");
  }

  static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static double seconds(Duration duration) {
    return round(duration.toMillis() / 1000.0);
  }

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static void log(ScaleSide side, String message) {
    System.out.printf(
        "[scale %s] %s: %s%n", java.time.LocalTime.now().withNano(0), side.name(), message);
  }
}
