package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testing.AuditLog;
import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Jobs on a full control plane with kwok's simulated nodes and the packaged operator, driven with
 * kubectl: the example Job run by hand, a run whose task fails (kwok fails the pods of a task that
 * has the argument kwok:fail, see e2e/testenv/kwok-stages) retried and then ended by the runIf
 * rules, a repair that reruns only what failed, and a schedule every minute across an operator
 * killed and started again. kwok ends every other task pod Succeeded at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsE2ETest {
  static final String NS = "quickstart";
  static final Path QUICKSTART = TestEnvironment.repoRoot().resolve("examples/quickstart");
  static final ObjectMapper JSON = new ObjectMapper();

  /** Jobs on the per-minute schedule: their runs are the schedule-lag samples. */
  static final int TICKING_JOBS = 10;

  OperatorStack stack;
  Kubectl kubectl;
  Kstatus kstatus;
  AuditLog audit;
  final BenchmarkFigures figures = new BenchmarkFigures();

  @BeforeAll
  void start() throws IOException {
    stack = OperatorStack.start("lakehouse-e2e-jobs", OperatorStack.ANNOTATION_SOURCES);
    kubectl = stack.kubectl();
    kstatus = new Kstatus(stack.controlPlane().kubeconfig());
    audit = new AuditLog(stack.controlPlane().auditLog());
    stack.applyQuickstartWorkspace();
  }

  @AfterAll
  void stop() throws IOException {
    if (stack != null) {
      stack.close();
    }
    figures.write(Path.of(System.getProperty("lakehouse.e2e.output"), "benchmarks", "jobs.json"));
  }

  @Test
  @Order(10)
  void theExampleJobRunsByHandAndSucceeds() {
    stack.applyAnalyticsWorkspace();
    Path examples = TestEnvironment.repoRoot().resolve("examples");
    kubectl.ok(
        "apply", "--server-side", "-f", examples.resolve("jobs/daily-orders.yaml").toString());
    await(
        "the Job's next schedule time",
        () ->
            !kubectl
                .jsonpath(
                    "jobs.lakehouse.dev/daily-orders", "analytics", ".status.nextScheduleTime")
                .isEmpty());

    // A tool that can only patch starts a run with the run-now annotation; a second patch with
    // the same value starts nothing more.
    kubectl.ok(
        "annotate",
        "jobs.lakehouse.dev/daily-orders",
        "-n",
        "analytics",
        "lakehouse.dev/run-now=first");
    String run = awaitOneRun("analytics", "daily-orders");
    kubectl.ok(
        "annotate",
        "--overwrite",
        "jobs.lakehouse.dev/daily-orders",
        "-n",
        "analytics",
        "lakehouse.dev/run-now=first");
    awaitPhase("analytics", run, "Succeeded");

    JsonNode status = runJson("analytics", run).path("status");
    assertThat(taskStates(status))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ingest", "Succeeded",
                "transform", "Succeeded",
                "quality", "Succeeded",
                "report", "Succeeded"));
    status.path("tasks").forEach(t -> assertThat(t.path("attempts").asInt()).isEqualTo(1));
    assertThat(
            kubectl.jsonpath("jobs.batch/" + run + "-ingest-1", "analytics", ".status.succeeded"))
        .isEqualTo("1");
    // The run's job cluster goes when the run ends; the attempts' pods stay for kubectl logs.
    await(
        "the job cluster deleted",
        () -> !kubectl.run("get", "clusters.lakehouse.dev/" + run, "-n", "analytics").succeeded());
    assertThat(
            kubectl
                .ok(
                    "get",
                    "pods",
                    "-n",
                    "analytics",
                    "-l",
                    "lakehouse.dev/run=" + run,
                    "-o",
                    "name")
                .lines())
        .hasSize(4);
    assertThat(runEvents("analytics", run)).contains("RunStarted").contains("RunSucceeded");
    assertThat(kubectl.ok("get", "jobruns.lakehouse.dev", "-n", "analytics"))
        .contains(run)
        .contains("daily-orders")
        .contains("Manual")
        .contains("Succeeded");
    assertThat(
            kubectl
                .ok(
                    "get",
                    "jobruns.lakehouse.dev",
                    "-n",
                    "analytics",
                    "-l",
                    "lakehouse.dev/job=daily-orders",
                    "-o",
                    "name")
                .lines())
        .as("one run per run-now value")
        .hasSize(1);
  }

  @Test
  @Order(20)
  void aFailingTaskIsRetriedThenTheRunEndsByTheRunIfRules() throws IOException {
    kubectl.apply(pipeline("kwok:fail"));
    kubectl.ok(
        "wait", "--for=condition=Ready", "--timeout=60s", "jobs.lakehouse.dev/pipeline", "-n", NS);
    kstatus.awaitStatus("jobs.lakehouse.dev/pipeline", NS, "Current", Duration.ofSeconds(30));
    long mark = audit.mark();
    // A run created by hand, as `kubectl create` does: the operator fills in the Job's spec. What
    // Flux and other kstatus readers see of it: in progress while it runs, current once it ended.
    try (Kstatus.Trail trail = kstatus.trail("jobruns.lakehouse.dev/pipeline-first", NS)) {
      kubectl.apply(
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: JobRun
          metadata: {name: pipeline-first, namespace: quickstart}
          spec: {job: pipeline}
          """);
      awaitPhase(NS, "pipeline-first", "Failed");
      trail.awaitLatest("Current", Duration.ofSeconds(30));
      assertThat(trail.statuses())
          .as("kstatus of the run: " + trail.results())
          .contains("InProgress")
          .doesNotContain("Failed")
          .last()
          .isEqualTo("Current");
    }

    JsonNode status = runJson(NS, "pipeline-first").path("status");
    assertThat(taskStates(status))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ingest", "Succeeded",
                "transform", "Succeeded",
                "quality", "Failed",
                "publish", "UpstreamFailed",
                "page-on-call", "Excluded",
                "alert", "Succeeded"));
    JsonNode quality = task(status, "quality");
    assertThat(quality.path("attempts").asInt()).as("one try and one retry").isEqualTo(2);
    JsonNode attempts = quality.path("lastAttempts");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).path("job").asText()).isEqualTo("pipeline-first-quality-1");
    assertThat(attempts.get(1).path("job").asText()).isEqualTo("pipeline-first-quality-2");
    assertThat(attempts.get(0).path("state").asText()).isEqualTo("Failed");
    // The retry interval counts from the start of the failed attempt.
    Instant first = Instant.parse(attempts.get(0).path("startTime").asText());
    Instant second = Instant.parse(attempts.get(1).path("startTime").asText());
    assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(task(status, "publish").path("attempts").asInt(0)).isZero();
    assertThat(kubectl.jsonpath("jobs.batch/pipeline-first-quality-2", NS, ".status.failed"))
        .isEqualTo("1");
    assertThat(runEvents(NS, "pipeline-first"))
        .contains("TaskFailed")
        .contains("TaskRetried")
        .contains("RunFailed");
    // kubectl logs works on a failed attempt's pod: it is kept with the run.
    assertThat(
            kubectl
                .ok(
                    "get",
                    "pods",
                    "-n",
                    NS,
                    "-l",
                    "lakehouse.dev/run=pipeline-first,lakehouse.dev/task=quality",
                    "-o",
                    "name")
                .lines())
        .hasSize(2);

    Map<String, Integer> writes = audit.operatorWritesSince(mark);
    int attemptsMade =
        IntStream.range(0, status.path("tasks").size())
            .map(i -> status.path("tasks").get(i).path("attempts").asInt(0))
            .sum();
    figures.put("task_attempts_failing_run", attemptsMade);
    figures.put("api_writes_failing_run_by_resource", writes);
    figures.put(
        "api_writes_per_task_attempt_failing_run",
        round1((double) AuditLog.excludingLeases(writes) / attemptsMade));
  }

  @Test
  @Order(25)
  void aJobThatCannotRunIsStalledForKstatusWithTheReason() {
    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: orphan, namespace: quickstart}
        spec:
          existingCluster: not-there
          tasks: [{key: only, sql: {query: "select 1"}}]
        """);
    Kstatus.Result failed =
        kstatus.awaitStatus("jobs.lakehouse.dev/orphan", NS, "Failed", Duration.ofSeconds(30));
    assertThat(failed.message()).contains("existingCluster not-there does not exist");
    assertThat(kubectl.jsonpath("jobs.lakehouse.dev/orphan", NS, ".status.phase"))
        .isEqualTo("Error");
    kubectl.ok("delete", "jobs.lakehouse.dev/orphan", "-n", NS);
  }

  @Test
  @Order(30)
  void aRepairRerunsOnlyTheFailedTasksWithTheCurrentSpec() {
    // The fix: the Job now passes the check; a repair runs with the Job's current spec.
    kubectl.apply(pipeline("ok"));
    CommandResult stale =
        kubectl.run(
            "patch",
            "jobruns.lakehouse.dev/pipeline-first",
            "-n",
            NS,
            "--type=merge",
            "-p",
            "{\"spec\":{\"repairs\":[{\"id\":2}]}}");
    assertThat(stale.succeeded()).isFalse();
    assertThat(stale.stderr()).contains("a repair's id is the next one");
    kubectl.ok(
        "patch",
        "jobruns.lakehouse.dev/pipeline-first",
        "-n",
        NS,
        "--type=merge",
        "-p",
        "{\"spec\":{\"repairs\":[{\"id\":1,\"reason\":\"the check is fixed\"}]}}");
    await(
        "the repair started",
        () ->
            "1"
                .equals(
                    kubectl.jsonpath(
                        "jobruns.lakehouse.dev/pipeline-first", NS, ".status.repairId")));
    awaitPhase(NS, "pipeline-first", "Succeeded");

    JsonNode status = runJson(NS, "pipeline-first").path("status");
    assertThat(taskStates(status))
        .containsEntry("quality", "Succeeded")
        .containsEntry("publish", "Succeeded")
        .containsEntry("ingest", "Succeeded")
        .containsEntry("transform", "Succeeded");
    assertThat(task(status, "quality").path("attempts").asInt()).isEqualTo(3);
    assertThat(task(status, "quality").path("attemptsBeforeRepair").asInt()).isEqualTo(2);
    assertThat(task(status, "ingest").path("attempts").asInt())
        .as("a task that succeeded does not run again")
        .isEqualTo(1);
    assertThat(task(status, "transform").path("attempts").asInt()).isEqualTo(1);
    assertThat(
            kubectl
                .ok(
                    "get",
                    "jobs.batch",
                    "-n",
                    NS,
                    "-l",
                    "lakehouse.dev/run=pipeline-first",
                    "-o",
                    "name")
                .lines()
                .sorted()
                .toList())
        .containsExactly(
            "job.batch/pipeline-first-alert-1",
            "job.batch/pipeline-first-ingest-1",
            "job.batch/pipeline-first-publish-1",
            "job.batch/pipeline-first-quality-1",
            "job.batch/pipeline-first-quality-2",
            "job.batch/pipeline-first-quality-3",
            "job.batch/pipeline-first-transform-1");
  }

  /**
   * Ten Jobs on a schedule of every minute on the quick start's Cluster; the operator is killed
   * (SIGKILL, its Lease left held) five seconds before a tick and started again after it. Every
   * tick of every Job has exactly one run: the one missed while the operator was down is caught up
   * at start, within the starting deadline.
   */
  @Test
  @Order(40)
  void aScheduleEveryMinuteHasOneRunPerTickAcrossAKilledOperator() throws Exception {
    kubectl.ok("apply", "--server-side", "-f", QUICKSTART.resolve("20-cluster.yaml").toString());
    kubectl.ok(
        "wait",
        "--for=condition=Ready",
        "--timeout=180s",
        "clusters.lakehouse.dev/quickstart",
        "-n",
        NS);
    // Every Job is created before the first tick: none starts a minute late.
    if (Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond() > 45) {
      sleepUntil(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(61));
    }
    Instant firstTick = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    long mark = audit.mark();
    for (int i = 0; i < TICKING_JOBS; i++) {
      kubectl.apply(ticking("tick-" + i));
    }
    Instant killedTick = firstTick.plus(Duration.ofMinutes(1));
    Instant lastTick = killedTick.plus(Duration.ofMinutes(1));

    sleepUntil(killedTick.minusSeconds(5));
    stack.killOperator();
    sleepUntil(killedTick.plusSeconds(10));
    Instant restarted = Instant.now();
    stack.startOperator();
    figures.put(
        "operator_restart_to_ready_ms", Duration.between(restarted, Instant.now()).toMillis());
    sleepUntil(lastTick.plusSeconds(20));
    await(
        "every run of the last tick ended",
        () -> tickingRuns().values().stream().allMatch(r -> r.ended));

    Map<String, Run> runs = tickingRuns();
    Set<Instant> ticks = Set.of(firstTick, killedTick, lastTick);
    Map<String, Integer> perJobAndTime = new TreeMap<>();
    runs.values().forEach(r -> perJobAndTime.merge(r.job + "@" + r.scheduledTime, 1, Integer::sum));
    int duplicated =
        perJobAndTime.values().stream().mapToInt(n -> n - 1).sum()
            + (int) runs.values().stream().filter(r -> !ticks.contains(r.scheduledTime)).count();
    int missed = 0;
    for (int i = 0; i < TICKING_JOBS; i++) {
      for (Instant tick : ticks) {
        if (!perJobAndTime.containsKey("tick-" + i + "@" + tick)) {
          missed++;
        }
      }
    }

    // Lag from the scheduled time to the run's creation, by the API server's clock (microseconds).
    List<Long> lagUp = new ArrayList<>();
    List<Long> lagAfterRestart = new ArrayList<>();
    for (JsonNode create :
        audit.operatorWrites(
            mark,
            e ->
                "create".equals(e.path("verb").asText())
                    && "jobruns".equals(e.path("objectRef").path("resource").asText())
                    && e.path("responseStatus").path("code").asInt() == 201)) {
      Run run = runs.get(create.path("objectRef").path("name").asText());
      if (run == null) {
        continue;
      }
      long lag =
          Duration.between(
                  run.scheduledTime,
                  Instant.parse(create.path("requestReceivedTimestamp").asText()))
              .toMillis();
      (run.scheduledTime.equals(killedTick) ? lagAfterRestart : lagUp).add(lag);
    }
    Map<String, Integer> writes = audit.operatorWritesSince(mark);
    int attemptsMade = runs.values().stream().mapToInt(r -> r.attempts).sum();

    figures.put("ticking_jobs", TICKING_JOBS);
    figures.put("ticks", ticks.size());
    figures.put("runs", runs.size());
    figures.put("runs_duplicated", duplicated);
    figures.put("runs_missed", missed);
    figures.put("schedule_lag_ms_samples", lagUp.size());
    figures.put("schedule_lag_ms_p50", percentile(lagUp, 50));
    figures.put("schedule_lag_ms_p99", percentile(lagUp, 99));
    figures.put("schedule_lag_ms_max", percentile(lagUp, 100));
    figures.put("catch_up_lag_ms_after_restart_max", percentile(lagAfterRestart, 100));
    figures.put("task_attempts_schedule", attemptsMade);
    figures.put("api_writes_schedule_by_resource", writes);
    figures.put(
        "api_writes_per_task_attempt",
        round1((double) AuditLog.excludingLeases(writes) / attemptsMade));

    assertThat(duplicated).as("runs duplicated: " + perJobAndTime).isZero();
    assertThat(missed).as("runs missed: " + perJobAndTime).isZero();
    assertThat(runs.values()).allSatisfy(r -> assertThat(r.phase).isEqualTo("Succeeded"));
    assertThat(lagAfterRestart).hasSize(TICKING_JOBS);
    assertThat(
            kubectl.ok(
                "get",
                "events",
                "-n",
                NS,
                "--field-selector",
                "reason=MissedSchedule",
                "-o",
                "name"))
        .as("the tick missed while the operator was down is within the starting deadline")
        .isBlank();
    for (int i = 0; i < TICKING_JOBS; i++) {
      kubectl.ok("delete", "jobs.lakehouse.dev/tick-" + i, "-n", NS, "--wait=false");
    }
  }

  private String pipeline(String qualityArgument) {
    return """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: pipeline, namespace: quickstart}
        spec:
          jobCluster:
            runtimeVersion: spark-3.5
            workers: 1
            worker: {cores: 1, memory: 2Gi}
          tasks:
            - key: ingest
              sparkPython: {pythonFile: "s3a://lakehouse/jobs/ingest.py", parameters: ["{{run.date}}"]}
            - key: transform
              dependsOn: [ingest]
              sql: {query: "SELECT 1"}
            - key: quality
              dependsOn: [ingest]
              maxRetries: 1
              minRetryIntervalSeconds: 5
              sparkPython: {pythonFile: "s3a://lakehouse/jobs/check.py", parameters: ["%s"]}
            - key: publish
              dependsOn: [transform, quality]
              sql: {query: "SELECT 2"}
            - key: page-on-call
              dependsOn: [transform]
              runIf: AtLeastOneFailed
              sql: {query: "SELECT 3"}
            - key: alert
              dependsOn: [quality]
              runIf: AllFailed
              sql: {query: "SELECT 4"}
        """
        .formatted(qualityArgument);
  }

  private static String ticking(String name) {
    return """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: %s, namespace: quickstart}
        spec:
          existingCluster: quickstart
          schedule: {cron: "* * * * *", timeZone: UTC}
          successfulRunsHistoryLimit: 10
          tasks:
            - key: count
              sql: {query: "SELECT count(*) FROM lakehouse.sales.orders"}
        """
        .formatted(name);
  }

  /** A scheduled run of a ticking Job, as the API server has it. */
  record Run(String job, Instant scheduledTime, String phase, boolean ended, int attempts) {}

  private Map<String, Run> tickingRuns() {
    Map<String, Run> runs = new HashMap<>();
    JsonNode list = json(kubectl.ok("get", "jobruns.lakehouse.dev", "-n", NS, "-o", "json"));
    for (JsonNode item : list.path("items")) {
      String job = item.path("spec").path("job").asText();
      if (!job.startsWith("tick-")) {
        continue;
      }
      String phase = item.path("status").path("phase").asText("");
      int attempts = 0;
      for (JsonNode task : item.path("status").path("tasks")) {
        attempts += task.path("attempts").asInt(0);
      }
      runs.put(
          item.path("metadata").path("name").asText(),
          new Run(
              job,
              Instant.parse(item.path("spec").path("scheduledTime").asText()),
              phase,
              Set.of(
                      "Succeeded",
                      "SucceededWithFailures",
                      "Failed",
                      "TimedOut",
                      "Canceled",
                      "Skipped")
                  .contains(phase),
              attempts));
    }
    return runs;
  }

  private String awaitOneRun(String namespace, String job) {
    String[] name = new String[1];
    await(
        "a run of " + job,
        () -> {
          List<String> names =
              kubectl
                  .ok(
                      "get",
                      "jobruns.lakehouse.dev",
                      "-n",
                      namespace,
                      "-l",
                      "lakehouse.dev/job=" + job,
                      "-o",
                      "name")
                  .lines()
                  .toList();
          if (names.size() == 1) {
            name[0] = names.get(0).substring(names.get(0).indexOf('/') + 1);
          }
          return names.size() == 1;
        });
    return name[0];
  }

  private void awaitPhase(String namespace, String run, String phase) {
    await(
        "run " + run + " " + phase,
        () ->
            phase.equals(
                kubectl.jsonpath("jobruns.lakehouse.dev/" + run, namespace, ".status.phase")));
  }

  private JsonNode runJson(String namespace, String run) {
    return json(kubectl.ok("get", "jobruns.lakehouse.dev/" + run, "-n", namespace, "-o", "json"));
  }

  private static Map<String, String> taskStates(JsonNode status) {
    Map<String, String> states = new TreeMap<>();
    status.path("tasks").forEach(t -> states.put(t.path("key").asText(), t.path("state").asText()));
    return states;
  }

  private static JsonNode task(JsonNode status, String key) {
    for (JsonNode t : status.path("tasks")) {
      if (key.equals(t.path("key").asText())) {
        return t;
      }
    }
    throw new AssertionError("no task " + key + " in " + status);
  }

  private Set<String> runEvents(String namespace, String run) {
    return new TreeSet<>(
        kubectl
            .ok(
                "get",
                "events",
                "-n",
                namespace,
                "--field-selector",
                "involvedObject.kind=JobRun,involvedObject.name=" + run,
                "-o",
                "custom-columns=REASON:.reason",
                "--no-headers")
            .lines()
            .toList());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The nearest-rank percentile, in milliseconds; -1 without samples. */
  static long percentile(List<Long> samples, int p) {
    if (samples.isEmpty()) {
      return -1;
    }
    List<Long> sorted = samples.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static void sleepUntil(Instant when) {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      OperatorProcess.sleep(millis);
    }
  }

  static void await(String what, java.util.function.BooleanSupplier condition) {
    OperatorStack.await(what, condition);
  }
}
