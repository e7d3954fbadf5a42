package dev.lakehouse.e2e;

import java.time.Duration;

/**
 * The size of a scale benchmark run (e2e/scale.md). {@code small} runs in the README's test command
 * (ours only: 50 Clusters, then 20 runs of Jobs) and only shows that the benchmark works; {@code
 * full} is the comparison: 1,000 engines in 100 namespaces created at 100 per second, ours
 * and then KubeRay, then 100 runs of Jobs in 10 namespaces, ours and then spark-operator, with 5
 * idle minutes after each. System properties override single settings, for example {@code
 * -Dlakehouse.scale.engines=300 -Dlakehouse.scale.peers=false} for a quicker look at ours.
 */
record ScaleProfile(
    String name,
    int engines,
    int namespaces,
    int createsPerSecond,
    Duration idleWindow,
    Duration restartSettle,
    Duration readyTimeout,
    boolean peers,
    int jobRuns,
    int jobNamespaces) {

  static ScaleProfile small() {
    return new ScaleProfile(
        "small",
        50,
        5,
        100,
        Duration.ofSeconds(20),
        Duration.ofSeconds(15),
        Duration.ofMinutes(5),
        false,
        20,
        2);
  }

  static ScaleProfile full() {
    return new ScaleProfile(
        "full",
        1_000,
        100,
        100,
        Duration.ofMinutes(5),
        Duration.ofSeconds(60),
        Duration.ofMinutes(20),
        true,
        100,
        10);
  }

  /** The profile named by {@code lakehouse.scale.profile} with the single overrides applied. */
  static ScaleProfile fromSystemProperties() {
    String name = System.getProperty("lakehouse.scale.profile", "small");
    ScaleProfile base =
        switch (name.isBlank() ? "small" : name) {
          case "small" -> small();
          case "full" -> full();
          default ->
              throw new IllegalArgumentException(
                  "lakehouse.scale.profile is small or full, not " + name);
        };
    int engines = intProperty("lakehouse.scale.engines", base.engines);
    int namespaces = Math.min(engines, intProperty("lakehouse.scale.namespaces", base.namespaces));
    int jobRuns = intProperty("lakehouse.scale.job-runs", base.jobRuns);
    int jobNamespaces =
        Math.max(
            1,
            Math.min(jobRuns, intProperty("lakehouse.scale.job-namespaces", base.jobNamespaces)));
    return new ScaleProfile(
        base.name,
        engines,
        namespaces,
        intProperty("lakehouse.scale.rate", base.createsPerSecond),
        Duration.ofSeconds(
            intProperty("lakehouse.scale.idle-seconds", (int) base.idleWindow.toSeconds())),
        base.restartSettle,
        base.readyTimeout,
        Boolean.parseBoolean(
            System.getProperty("lakehouse.scale.peers", Boolean.toString(base.peers))),
        jobRuns,
        jobNamespaces);
  }

  /** The profile's settings, for the results file. */
  java.util.Map<String, Object> describe() {
    java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
    settings.put("name", name);
    settings.put("engines", engines);
    settings.put("namespaces", namespaces);
    settings.put("creates_per_second", createsPerSecond);
    settings.put("idle_window_s", idleWindow.toSeconds());
    settings.put("restart_settle_s", restartSettle.toSeconds());
    settings.put("peers", peers);
    settings.put("job_runs", jobRuns);
    settings.put("job_namespaces", jobNamespaces);
    return settings;
  }

  /** Simulated nodes enough for every engine of both sides of a leg at once, with room to spare. */
  int nodes() {
    return Math.max(3, (int) Math.ceil(engines * 8.0 / 1_000));
  }

  private static int intProperty(String key, int fallback) {
    String value = System.getProperty(key, "");
    return value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
