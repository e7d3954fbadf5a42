package dev.lakehouse.operator.it;

import static dev.lakehouse.operator.it.ItSupport.apply;
import static dev.lakehouse.operator.it.ItSupport.awaitCluster;
import static dev.lakehouse.operator.it.ItSupport.awaitWorkers;
import static dev.lakehouse.operator.it.ItSupport.markReady;
import static dev.lakehouse.operator.it.ItSupport.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunStatus.TaskRunStatus;
import dev.lakehouse.api.v1alpha1.RunPhase;
import dev.lakehouse.api.v1alpha1.TaskState;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs of a Job against a real kube-apiserver, the test playing the batch Job controller (and the
 * controllers of the engine's workloads): a run made by hand is adopted and runs its task graph, an
 * operator restarted in the middle of a run neither loses a task nor starts one twice, and a repair
 * runs only the failed tasks.
 */
class JobRunOnRealApiServerTest {
  static final String NS = "it-jobs";
  static OperatorHarness harness;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    harness = new OperatorHarness();
    client = harness.client;
    ItSupport.readyWorkspace(client, NS);
    apply(
        client,
        Cluster.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: shared, namespace: %s}
        spec: {workers: 1, autoTerminationMinutes: 0}
        """
            .formatted(NS));
    awaitWorkers(client, NS, "shared-workers", d -> true);
    markReady(client, NS, "shared-driver");
    markReady(client, NS, "shared-workers");
    awaitCluster(client, NS, "shared", c -> "Running".equals(phase(c)));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static void job(String name, String tasks) {
    apply(
        client,
        Job.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: %s, namespace: %s}
        spec:
          existingCluster: shared
          parameters: {source: "s3a://raw/orders"}
          tasks:
        %s
        """
            .formatted(name, NS, tasks.stripIndent().indent(4)));
  }

  private static JobRun runByHand(String name, String job) {
    return client
        .resources(JobRun.class)
        .inNamespace(NS)
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
                    apiVersion: lakehouse.dev/v1alpha1
                    kind: JobRun
                    metadata: {name: %s, namespace: %s}
                    spec: {job: %s, parameters: {day: "2026-12-01"}}
                    """
                        .formatted(name, NS, job),
                    JobRun.class))
        .create();
  }

  private static JobRun awaitRun(String name, Predicate<JobRun> condition) {
    return await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () -> client.resources(JobRun.class).inNamespace(NS).withName(name).get(),
            r -> r != null && condition.test(r));
  }

  private static TaskRunStatus task(JobRun run, String key) {
    return run.getStatus().tasks.stream().filter(t -> t.key.equals(key)).findFirst().orElseThrow();
  }

  private static List<io.fabric8.kubernetes.api.model.batch.v1.Job> attempts(
      String run, String task) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withLabels(Map.of("lakehouse.dev/run", run, "lakehouse.dev/task", task))
        .list()
        .getItems();
  }

  /** Waits for the batch Job of an attempt, as the operator names it. */
  private static io.fabric8.kubernetes.api.model.batch.v1.Job awaitAttempt(
      String run, String task, int attempt) {
    return await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(NS)
                    .withName(run + "-" + task + "-" + attempt)
                    .get(),
            j -> j != null);
  }

  /** Plays the batch Job controller: the attempt's pod ended with success or failure. */
  private static void finish(String run, String task, int attempt, boolean success) {
    String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    ItSupport.retryOnConflict(
        () ->
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName(run + "-" + task + "-" + attempt)
                .editStatus(
                    j -> {
                      JobStatusBuilder status =
                          new JobStatusBuilder()
                              .withStartTime(j.getMetadata().getCreationTimestamp());
                      if (success) {
                        status
                            .withSucceeded(1)
                            .withCompletionTime(now)
                            .withConditions(
                                condition("SuccessCriteriaMet", "CompletionsReached", now),
                                condition("Complete", "CompletionsReached", now));
                      } else {
                        status
                            .withFailed(1)
                            .withConditions(
                                condition("FailureTarget", "BackoffLimitExceeded", now),
                                condition("Failed", "BackoffLimitExceeded", now));
                      }
                      j.setStatus(status.build());
                      return j;
                    }));
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
      String type, String reason, String now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(reason)
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  @Test
  void aRunMadeByHandIsAdoptedAndRunsItsTaskGraphWithRetries() {
    job(
        "pipeline",
        """
        - {key: load, sql: {query: "select '{{run.date}}'"}}
        - {key: publish, dependsOn: [load], sql: {query: "select 2"}, maxRetries: 1}
        - {key: alert, dependsOn: [load], runIf: AtLeastOneFailed, sql: {query: "select 3"}}
        """);
    runByHand("pipeline-by-hand", "pipeline");

    JobRun adopted = awaitRun("pipeline-by-hand", r -> r.getSpec().jobSpec != null);
    Job owner = client.resources(Job.class).inNamespace(NS).withName("pipeline").get();
    assertThat(adopted.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(owner.getMetadata().getUid()));
    assertThat(adopted.getMetadata().getLabels()).containsEntry("lakehouse.dev/job", "pipeline");
    assertThat(adopted.getSpec().jobSpec.tasks).hasSize(3);

    var load = awaitAttempt("pipeline-by-hand", "load", 1);
    assertThat(load.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("JobRun"));
    assertThat(load.getSpec().getBackoffLimit()).isZero();
    assertThat(
            awaitRun(
                    "pipeline-by-hand",
                    r -> r.getStatus() != null && r.getStatus().phase == RunPhase.Running)
                .getStatus()
                .cluster)
        .isEqualTo("shared");

    finish("pipeline-by-hand", "load", 1, true);
    awaitAttempt("pipeline-by-hand", "publish", 1);
    JobRun afterLoad =
        awaitRun("pipeline-by-hand", r -> task(r, "alert").state == TaskState.Excluded);
    assertThat(task(afterLoad, "load").state).isEqualTo(TaskState.Succeeded);

    finish("pipeline-by-hand", "publish", 1, false);
    awaitAttempt("pipeline-by-hand", "publish", 2);
    finish("pipeline-by-hand", "publish", 2, true);

    JobRun done =
        awaitRun(
            "pipeline-by-hand",
            r -> r.getStatus() != null && r.getStatus().phase == RunPhase.Succeeded);
    assertThat(task(done, "publish").attempts).isEqualTo(2);
    assertThat(task(done, "publish").lastAttempts)
        .extracting(a -> a.number + ":" + a.state)
        .containsExactly("1:Failed", "2:Succeeded");
    assertThat(done.getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.type).isEqualTo("Complete");
              assertThat(c.status).isEqualTo("True");
            });
    assertThat(
            client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "pipeline-by-hand".equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason()))
        .contains("RunStarted", "TaskRetried", "RunSucceeded");
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () -> {
              Job j = client.resources(Job.class).inNamespace(NS).withName("pipeline").get();
              return j.getStatus() != null
                  && j.getStatus().lastSuccessfulTime != null
                  && j.getStatus().recentRuns != null
                  && j.getStatus().recentRuns.contains("pipeline-by-hand");
            });
  }

  @Test
  void anOperatorRestartedInTheMiddleOfARunNeitherLosesNorRepeatsATask() {
    job(
        "restarted",
        """
        - {key: first, sql: {query: "select 1"}}
        - {key: second, dependsOn: [first], sql: {query: "select 2"}}
        """);
    runByHand("restarted-run", "restarted");
    awaitAttempt("restarted-run", "first", 1);

    harness.close();
    finish("restarted-run", "first", 1, true); // finishes while no operator runs
    harness = new OperatorHarness();

    awaitAttempt("restarted-run", "second", 1);
    finish("restarted-run", "second", 1, true);
    awaitRun("restarted-run", r -> r.getStatus().phase == RunPhase.Succeeded);
    assertThat(attempts("restarted-run", "first")).as("no attempt twice").hasSize(1);
    assertThat(attempts("restarted-run", "second")).hasSize(1);
  }

  @Test
  void aRepairRunsOnlyTheFailedTasksInsideTheRun() {
    job(
        "repaired",
        """
        - {key: extract, sql: {query: "select 1"}}
        - {key: check, dependsOn: [extract], sql: {query: "select 2"}}
        - {key: report, dependsOn: [check], sql: {query: "select 3"}}
        """);
    runByHand("repaired-run", "repaired");
    awaitAttempt("repaired-run", "extract", 1);
    finish("repaired-run", "extract", 1, true);
    awaitAttempt("repaired-run", "check", 1);
    finish("repaired-run", "check", 1, false);
    JobRun failed =
        awaitRun(
            "repaired-run", r -> r.getStatus() != null && r.getStatus().phase == RunPhase.Failed);
    assertThat(task(failed, "report").state).isEqualTo(TaskState.UpstreamFailed);

    ItSupport.mergePatch(
        client.resources(JobRun.class).inNamespace(NS).withName("repaired-run"),
        "{\"spec\":{\"repairs\":[{\"id\":1}]}}");

    awaitAttempt("repaired-run", "check", 2);
    finish("repaired-run", "check", 2, true);
    awaitAttempt("repaired-run", "report", 1);
    finish("repaired-run", "report", 1, true);
    JobRun repaired = awaitRun("repaired-run", r -> r.getStatus().phase == RunPhase.Succeeded);
    assertThat(repaired.getStatus().repairId).isEqualTo(1);
    assertThat(attempts("repaired-run", "extract")).as("not run again").hasSize(1);
    assertThat(task(repaired, "check").lastAttempts)
        .extracting(a -> a.number + ":" + a.state + ":" + a.repair)
        .containsExactly("1:Failed:null", "2:Succeeded:1");
  }

  @Test
  void aMissingExistingClusterIsInvalidSpecUntilItIsCreated() {
    apply(
        client,
        Job.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: orphan, namespace: %s}
        spec:
          existingCluster: later
          tasks: [{key: only, sql: {query: "select 1"}}]
        """
            .formatted(NS));
    Job invalid =
        await()
            .atMost(ItSupport.TIMEOUT)
            .until(
                () -> client.resources(Job.class).inNamespace(NS).withName("orphan").get(),
                j -> j.getStatus() != null && "Error".equals(j.getStatus().phase));
    assertThat(invalid.getStatus().conditions)
        .filteredOn(c -> "Ready".equals(c.type))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("False");
              assertThat(c.reason).isEqualTo("InvalidSpec");
              assertThat(c.message)
                  .isEqualTo(
                      "existingCluster later does not exist in namespace "
                          + NS
                          + ": create it, or give the Job a jobCluster");
            });

    apply(
        client,
        Cluster.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: later, namespace: %s}
        spec: {workers: 1, state: Stopped}
        """
            .formatted(NS));
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () -> client.resources(Job.class).inNamespace(NS).withName("orphan").get(),
            j -> "Idle".equals(j.getStatus().phase));
  }

  @Test
  void aRunWhoseJobClusterCannotRunFailsWithTheClustersReasonAndTheClusterGoes() {
    apply(
        client,
        Job.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: unknown-runtime, namespace: %s}
        spec:
          jobCluster: {runtimeVersion: spark-9.9, workers: 1}
          tasks: [{key: only, sql: {query: "select 1"}}]
        """
            .formatted(NS));
    runByHand("unknown-runtime-run", "unknown-runtime");
    JobRun failed =
        awaitRun(
            "unknown-runtime-run",
            r -> r.getStatus() != null && r.getStatus().phase == RunPhase.Failed);
    assertThat(failed.getStatus().message)
        .startsWith("Cluster unknown-runtime-run cannot run: ")
        .contains("spark-9.9");
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () -> {
              Cluster c =
                  client
                      .resources(Cluster.class)
                      .inNamespace(NS)
                      .withName("unknown-runtime-run")
                      .get();
              return c == null || c.getMetadata().getDeletionTimestamp() != null;
            });
  }

  @Test
  void aTaskThatReferencesAnUnknownParameterFailsWithoutAnAttempt() {
    job(
        "misspelt",
        """
        - {key: load, sql: {query: "select '{{parameters.regoin}}'"}}
        """);
    runByHand("misspelt-run", "misspelt");
    JobRun failed =
        awaitRun(
            "misspelt-run", r -> r.getStatus() != null && r.getStatus().phase == RunPhase.Failed);
    assertThat(task(failed, "load").state).isEqualTo(TaskState.Failed);
    assertThat(task(failed, "load").message)
        .startsWith("cannot run as written: ")
        .contains("regoin");
    assertThat(attempts("misspelt-run", "load")).isEmpty();
  }

  private static List<JobRun> runsOf(String job) {
    return client
        .resources(JobRun.class)
        .inNamespace(NS)
        .withLabel("lakehouse.dev/job", job)
        .list()
        .getItems();
  }

  private static long manualRuns(String job) {
    return runsOf(job).stream()
        .filter(r -> r.getSpec().trigger == dev.lakehouse.api.v1alpha1.RunTrigger.Manual)
        .count();
  }

  private static void touch(String job, String key, String value) {
    ItSupport.mergePatch(
        client.resources(Job.class).inNamespace(NS).withName(job),
        "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}");
  }

  /**
   * The schedule creates one run per scheduled time, named after it, however often the Job is
   * reconciled; after a gap it catches up once and tells what it missed; the run-now annotation
   * starts one run per value. The clock is moved, not waited for.
   */
  @Test
  void aScheduleRunsOncePerTimeCatchesUpOnceAndRunNowRunsOncePerValue() {
    apply(
        client,
        Job.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: minutely, namespace: %s}
        spec:
          existingCluster: shared
          schedule: {cron: "*/10 * * * *"}
          concurrencyPolicy: Queue
          tasks: [{key: only, sql: {query: "select 1"}}]
        """
            .formatted(NS));
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () -> client.resources(Job.class).inNamespace(NS).withName("minutely").get(),
            j -> j.getStatus() != null && "Scheduled".equals(j.getStatus().phase));

    harness.clock.advance(java.time.Duration.ofMinutes(10));
    touch("minutely", "test/touch", "1");
    await().atMost(ItSupport.TIMEOUT).until(() -> runsOf("minutely").size() == 1);
    JobRun first = runsOf("minutely").get(0);
    assertThat(first.getSpec().trigger).isEqualTo(dev.lakehouse.api.v1alpha1.RunTrigger.Schedule);
    assertThat(first.getMetadata().getName())
        .isEqualTo(
            "minutely-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm")
                    .withZone(java.time.ZoneOffset.UTC)
                    .format(Instant.parse(first.getSpec().scheduledTime)));

    touch("minutely", "test/touch", "2");
    await().pollDelay(java.time.Duration.ofSeconds(2)).until(() -> true);
    assertThat(runsOf("minutely")).as("the same time runs once").hasSize(1);

    harness.clock.advance(java.time.Duration.ofMinutes(30));
    touch("minutely", "test/touch", "3");
    await().atMost(ItSupport.TIMEOUT).until(() -> runsOf("minutely").size() == 2);
    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(NS).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "minutely".equals(e.getInvolvedObject().getName())
                                && "MissedSchedule".equals(e.getReason())));

    touch("minutely", "lakehouse.dev/run-now", "first");
    await().atMost(ItSupport.TIMEOUT).until(() -> manualRuns("minutely") == 1);
    touch("minutely", "test/touch", "4");
    await().pollDelay(java.time.Duration.ofSeconds(2)).until(() -> true);
    assertThat(manualRuns("minutely")).as("one run per run-now value").isEqualTo(1);
    touch("minutely", "lakehouse.dev/run-now", "second");
    await().atMost(ItSupport.TIMEOUT).until(() -> manualRuns("minutely") == 2);
    assertThat(runsOf("minutely"))
        .filteredOn(r -> r.getSpec().trigger == dev.lakehouse.api.v1alpha1.RunTrigger.Manual)
        .allSatisfy(r -> assertThat(r.getMetadata().getName()).startsWith("minutely-manual-"));
  }

  @Test
  void aCancelStopsTheRunningAttemptAndEndsTheRunCanceled() {
    job("canceled", "- {key: long, sql: {query: \"select 1\"}}\n");
    runByHand("canceled-run", "canceled");
    awaitAttempt("canceled-run", "long", 1);

    ItSupport.mergePatch(
        client.resources(JobRun.class).inNamespace(NS).withName("canceled-run"),
        "{\"metadata\":{\"annotations\":{\"lakehouse.dev/cancel\":\"by test\"}}}");

    JobRun canceled =
        awaitRun(
            "canceled-run", r -> r.getStatus() != null && r.getStatus().phase == RunPhase.Canceled);
    assertThat(task(canceled, "long").state).isEqualTo(TaskState.Canceled);
  }
}
