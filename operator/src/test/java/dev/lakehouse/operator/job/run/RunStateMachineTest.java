package dev.lakehouse.operator.job.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunStatus.TaskRunStatus;
import dev.lakehouse.api.v1alpha1.JobSpec;
import dev.lakehouse.api.v1alpha1.Repair;
import dev.lakehouse.api.v1alpha1.RunPhase;
import dev.lakehouse.api.v1alpha1.TaskState;
import dev.lakehouse.operator.job.run.AttemptObservation.Phase;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The run state machine against a simulated Kubernetes: each step's attempts become Running batch
 * Jobs, which the test ends as it likes; the clock moves only when the test moves it.
 */
class RunStateMachineTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Instant T0 = Instant.parse("2026-12-01T05:00:00Z");

  /** The example's pipeline: ingest, then transform and quality, then report (AllDone). */
  private static final String PIPELINE =
      """
      existingCluster: shared
      tasks:
        - {key: ingest, sql: {query: "select 1"}, maxRetries: 2, minRetryIntervalSeconds: 60}
        - {key: transform, dependsOn: [ingest], sql: {query: "select 2"}}
        - {key: quality, dependsOn: [ingest], sql: {query: "select 3"}}
        - {key: report, dependsOn: [transform, quality], runIf: AllDone, sql: {query: "select 4"}}
      """;

  /** A run, what Kubernetes shows of it, and the clock. */
  private static final class Sim {
    final JobRun run;
    final Map<String, AttemptObservation> jobs = new TreeMap<>();
    final List<RunStep.Told> told = new ArrayList<>();
    Instant now = T0;
    boolean placeFree = true;
    boolean clusterReady = true;
    boolean cancel;
    Optional<JobSpec> current = Optional.empty();
    Optional<Problem> problem = Optional.empty();
    final Map<String, String> unbuildable = new TreeMap<>();
    RunStep last;

    Sim(String jobSpec) {
      run =
          YAML.unmarshal(
              """
              apiVersion: lakehouse.dev/v1alpha1
              kind: JobRun
              metadata: {name: daily-202612010500, namespace: analytics, generation: 1,
                         creationTimestamp: "2026-12-01T05:00:00Z"}
              spec:
                job: daily
                trigger: Schedule
              """,
              JobRun.class);
      run.getSpec().jobSpec = YAML.unmarshal(jobSpec, JobSpec.class);
    }

    /** One reconcile: decide, then do what was decided, as the reconciler does. */
    RunStep step() {
      last =
          RunStateMachine.advance(
              new RunInput(
                  run,
                  current,
                  List.copyOf(jobs.values()),
                  placeFree,
                  clusterReady,
                  "shared",
                  problem,
                  cancel,
                  (task, n) -> run.getMetadata().getName() + "-" + task + "-" + n,
                  start -> Optional.ofNullable(unbuildable.get(start.task())),
                  now));
      run.setStatus(last.status());
      for (RunStep.Start start : last.start()) {
        jobs.put(
            start.job(),
            new AttemptObservation(
                start.task(),
                start.number(),
                start.job(),
                Phase.Running,
                now,
                null,
                null,
                null,
                null));
      }
      last.stop().forEach(jobs::remove);
      told.addAll(last.told());
      return last;
    }

    /** Ends the running attempt of a task as Kubernetes would report it. */
    void end(String task, Phase phase, Integer exitCode) {
      AttemptObservation running =
          jobs.values().stream()
              .filter(a -> a.task().equals(task) && a.phase() == Phase.Running)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no running attempt of " + task));
      jobs.put(
          running.job(),
          new AttemptObservation(
              task,
              running.number(),
              running.job(),
              phase,
              running.startTime(),
              now,
              exitCode,
              running.job() + "-pod",
              phase == Phase.Failed ? "Error" : null));
    }

    void pass(Duration duration) {
      now = now.plus(duration);
    }

    TaskRunStatus task(String key) {
      return run.getStatus().tasks.stream()
          .filter(t -> t.key.equals(key))
          .findFirst()
          .orElseThrow();
    }

    TaskState state(String key) {
      return task(key).state;
    }

    RunPhase phase() {
      return run.getStatus().phase;
    }

    List<String> started() {
      return last.start().stream().map(RunStep.Start::task).toList();
    }

    List<EventReason> reasons() {
      return told.stream().map(RunStep.Told::reason).toList();
    }
  }

  @Nested
  class Graph {
    @Test
    void rootTasksStartFirstThenTheirDependentsOnceTheyAreDone() {
      Sim sim = new Sim(PIPELINE);

      sim.step();
      assertThat(sim.started()).containsExactly("ingest");
      assertThat(sim.phase()).isEqualTo(RunPhase.Running);
      assertThat(sim.state("transform")).isEqualTo(TaskState.Pending);

      sim.end("ingest", Phase.Succeeded, 0);
      sim.step();
      assertThat(sim.started()).containsExactly("transform", "quality");

      sim.end("transform", Phase.Succeeded, 0);
      sim.end("quality", Phase.Succeeded, 0);
      sim.step();
      assertThat(sim.started()).containsExactly("report");

      sim.end("report", Phase.Succeeded, 0);
      sim.step();
      assertThat(sim.phase()).isEqualTo(RunPhase.Succeeded);
      assertThat(sim.run.getStatus().message).isEqualTo("4 succeeded");
      assertThat(sim.reasons()).containsExactly(EventReason.RunStarted, EventReason.RunSucceeded);
      assertThat(sim.last.needsCluster()).isFalse();
    }

    @Test
    void aFailedCheckLetsTheReportRunAndTheRunSucceedsWithFailures() {
      Sim sim = new Sim(PIPELINE);
      sim.step();
      sim.end("ingest", Phase.Succeeded, 0);
      sim.step();
      sim.end("transform", Phase.Succeeded, 0);
      sim.end("quality", Phase.Failed, 1);
      sim.step();

      assertThat(sim.state("quality")).isEqualTo(TaskState.Failed);
      assertThat(sim.started()).as("report runs if all done").containsExactly("report");
      sim.end("report", Phase.Succeeded, 0);
      sim.step();

      assertThat(sim.phase()).isEqualTo(RunPhase.SucceededWithFailures);
      assertThat(sim.reasons()).contains(EventReason.TaskFailed, EventReason.RunSucceeded);
    }

    @Test
    void aFailedLeafFailsTheRunAndTasksAfterAFailureAreUpstreamFailedOrExcluded() {
      Sim sim =
          new Sim(
              """
              existingCluster: shared
              tasks:
                - {key: load, sql: {query: "select 1"}}
                - {key: publish, dependsOn: [load], sql: {query: "select 2"}}
                - {key: alert, dependsOn: [load], runIf: AtLeastOneFailed, sql: {query: "select 3"}}
                - {key: cleanup, dependsOn: [publish], runIf: NoneFailed, sql: {query: "select 4"}}
              """);
      sim.step();
      sim.end("load", Phase.Failed, 2);
      sim.step();

      assertThat(sim.state("publish")).isEqualTo(TaskState.UpstreamFailed);
      assertThat(sim.task("publish").message)
          .isEqualTo("not run: its runIf AllSucceeded does not hold for load Failed");
      assertThat(sim.state("cleanup")).isEqualTo(TaskState.UpstreamFailed);
      assertThat(sim.started()).containsExactly("alert");
      sim.end("alert", Phase.Succeeded, 0);
      sim.step();

      assertThat(sim.phase()).as("cleanup, a leaf, did not succeed").isEqualTo(RunPhase.Failed);
    }

    @Test
    void excludedLeavesCountAsSuccess() {
      Sim sim =
          new Sim(
              """
              existingCluster: shared
              tasks:
                - {key: load, sql: {query: "select 1"}}
                - {key: alert, dependsOn: [load], runIf: AtLeastOneFailed, sql: {query: "select 3"}}
                - {key: page, dependsOn: [alert], sql: {query: "select 4"}}
              """);
      sim.step();
      sim.end("load", Phase.Succeeded, 0);
      sim.step();

      assertThat(sim.state("alert")).isEqualTo(TaskState.Excluded);
      assertThat(sim.state("page"))
          .as("all its dependencies excluded")
          .isEqualTo(TaskState.Excluded);
      assertThat(sim.phase()).isEqualTo(RunPhase.Succeeded);
    }

    @Test
    void stepsAreIdempotentAStepRepeatedStartsNothingTwice() {
      Sim sim = new Sim(PIPELINE);
      sim.step();
      sim.step();
      assertThat(sim.started()).isEmpty();
      assertThat(sim.task("ingest").attempts).isEqualTo(1);
    }
  }

  @Nested
  class Retries {
    @Test
    void aFailedAttemptIsRetriedAfterItsIntervalCountedFromItsStart() {
      Sim sim = new Sim(PIPELINE);
      sim.step();
      sim.pass(Duration.ofSeconds(20));
      sim.end("ingest", Phase.Failed, 1);
      sim.step();

      assertThat(sim.state("ingest")).isEqualTo(TaskState.WaitingForRetry);
      assertThat(sim.task("ingest").retryAt).isEqualTo("2026-12-01T05:01:00Z");
      assertThat(sim.last.wakeAt()).contains(Instant.parse("2026-12-01T05:01:00Z"));
      assertThat(sim.reasons()).contains(EventReason.TaskRetried);

      sim.pass(Duration.ofSeconds(39));
      sim.step();
      assertThat(sim.started()).as("not yet").isEmpty();
      sim.pass(Duration.ofSeconds(1));
      sim.step();
      assertThat(sim.started()).containsExactly("ingest");
      assertThat(sim.last.start().get(0).job()).isEqualTo("daily-202612010500-ingest-2");
    }

    @Test
    void maxRetriesBoundsTheAttemptsAndTheLastFailureIsFinal() {
      Sim sim = new Sim(PIPELINE);
      sim.step();
      for (int attempt = 1; attempt <= 3; attempt++) {
        sim.end("ingest", Phase.Failed, 1);
        sim.step();
        System.err.println(
            "DEBUG after end "
                + attempt
                + ": "
                + sim.state("ingest")
                + " "
                + sim.task("ingest").attempts
                + " "
                + sim.task("ingest").message);
        sim.pass(Duration.ofMinutes(1));
        sim.step();
        System.err.println(
            "DEBUG after pass "
                + attempt
                + ": "
                + sim.state("ingest")
                + " "
                + sim.task("ingest").attempts
                + " "
                + sim.task("ingest").message);
      }
      assertThat(sim.state("ingest")).isEqualTo(TaskState.Failed);
      assertThat(sim.task("ingest").attempts).isEqualTo(3);
      assertThat(sim.task("ingest").lastAttempts)
          .extracting(a -> a.number + ":" + a.state + ":" + a.exitCode)
          .containsExactly("1:Failed:1", "2:Failed:1", "3:Failed:1");
      assertThat(sim.state("transform")).isEqualTo(TaskState.UpstreamFailed);
      assertThat(sim.state("report")).as("runIf AllDone").isEqualTo(TaskState.Running);
      sim.end("report", Phase.Succeeded, 0);
      sim.step();
      assertThat(sim.phase())
          .as("upstream failures, but its leaf succeeded")
          .isEqualTo(RunPhase.SucceededWithFailures);
    }

    @Test
    void minusOneRetriesForEverAndOnlyTheLastAttemptsAreKept() {
      Sim sim =
          new Sim(
              """
              existingCluster: shared
              tasks: [{key: flaky, sql: {query: "select 1"}, maxRetries: -1}]
              """);
      sim.step();
      for (int attempt = 1; attempt <= 8; attempt++) {
        sim.end("flaky", Phase.Failed, 1);
        sim.step();
        sim.step();
      }
      assertThat(sim.task("flaky").attempts).isEqualTo(9);
      assertThat(sim.state("flaky")).isEqualTo(TaskState.Running);
      assertThat(sim.task("flaky").lastAttempts)
          .hasSize(5)
          .first()
          .satisfies(a -> assertThat(a.number).isEqualTo(5));
    }

    @Test
    void aTimedOutAttemptIsRetriedOnlyWithRetryOnTimeout() {
      Sim plain =
          new Sim(
              """
              existingCluster: shared
              tasks: [{key: slow, sql: {query: "select 1"}, maxRetries: 3, timeoutSeconds: 60}]
              """);
      plain.step();
      plain.end("slow", Phase.TimedOut, null);
      plain.step();
      assertThat(plain.state("slow")).isEqualTo(TaskState.TimedOut);
      assertThat(plain.task("slow").message)
          .startsWith("attempt 1 timed out after timeoutSeconds 60");
      assertThat(plain.phase()).isEqualTo(RunPhase.Failed);

      Sim retried =
          new Sim(
              """
              existingCluster: shared
              tasks: [{key: slow, sql: {query: "select 1"}, maxRetries: 3, timeoutSeconds: 60, retryOnTimeout: true}]
              """);
      retried.step();
      retried.end("slow", Phase.TimedOut, null);
      retried.step();
      assertThat(retried.started()).containsExactly("slow");
    }

    @Test
    void anAttemptWhoseBatchJobVanishedFailsAfterAGracePeriod() {
      Sim sim = new Sim(PIPELINE);
      sim.step();
      sim.jobs.clear();

      sim.pass(Duration.ofSeconds(30));
      sim.step();
      assertThat(sim.state("ingest")).as("maybe not seen yet").isEqualTo(TaskState.Running);
      sim.pass(Duration.ofSeconds(31));
      sim.step();
      assertThat(sim.task("ingest").lastAttempts.get(0).message).contains("batch Job is gone");
      assertThat(sim.started())
          .as("retried at once: 60 s have passed since the lost attempt started")
          .containsExactly("ingest");
    }
  }

  @Nested
  class Run {
    @Test
    void nothingStartsUntilTheClusterIsReadyButTheRunAsksForIt() {
      Sim sim = new Sim(PIPELINE);
      sim.clusterReady = false;
      sim.step();

      assertThat(sim.started()).isEmpty();
      assertThat(sim.phase()).isEqualTo(RunPhase.Pending);
      assertThat(sim.last.needsCluster()).isTrue();
      assertThat(sim.task("ingest").message).isEqualTo("waiting for Cluster shared to be Ready");
      assertThat(sim.run.getStatus().startTime).isEqualTo("2026-12-01T05:00:00Z");
    }

    @Test
    void theRunsTimeoutStopsRunningAttemptsAndCancelsTheRest() {
      Sim sim =
          new Sim(
              """
              existingCluster: shared
              timeoutSeconds: 600
              tasks:
                - {key: a, sql: {query: "select 1"}}
                - {key: b, dependsOn: [a], sql: {query: "select 2"}}
              """);
      sim.step();
      assertThat(sim.last.wakeAt()).contains(T0.plusSeconds(600));
      sim.pass(Duration.ofMinutes(10));
      RunStep stopping = sim.step();

      assertThat(stopping.stop()).containsExactly("daily-202612010500-a-1");
      assertThat(sim.phase()).isEqualTo(RunPhase.Terminating);
      assertThat(sim.state("a")).isEqualTo(TaskState.TimedOut);
      assertThat(sim.state("b")).isEqualTo(TaskState.Canceled);

      sim.step();
      assertThat(sim.phase()).isEqualTo(RunPhase.TimedOut);
      assertThat(sim.run.getStatus().duration).isEqualTo("10m0s");
      assertThat(sim.reasons()).filteredOn(r -> r == EventReason.RunFailed).hasSize(1);
    }

    @Test
    void aCancelEndsTheRunCanceled() {
      Sim sim = new Sim(PIPELINE);
      sim.step();
      sim.cancel = true;
      sim.step();
      sim.step();

      assertThat(sim.phase()).isEqualTo(RunPhase.Canceled);
      assertThat(sim.state("ingest")).isEqualTo(TaskState.Canceled);
      assertThat(sim.state("report")).isEqualTo(TaskState.Canceled);
    }

    @Test
    void aRunThatCannotRunFailsAtOnceWithWhy() {
      Sim sim = new Sim(PIPELINE);
      sim.problem =
          Optional.of(new Problem(Reason.InvalidSpec, "existingCluster shared does not exist"));
      sim.step();

      assertThat(sim.phase()).isEqualTo(RunPhase.Failed);
      assertThat(sim.run.getStatus().message).isEqualTo("existingCluster shared does not exist");
      assertThat(sim.started()).isEmpty();
    }

    @Test
    void aTaskThatCannotBeBuiltFailsWithoutAttemptOrRetryAndItsDependentsFollowTheRules() {
      Sim sim = new Sim(PIPELINE);
      sim.unbuildable.put("ingest", "{{parameters.day}}: the run has no parameter day");
      sim.step();

      assertThat(sim.state("ingest")).isEqualTo(TaskState.Failed);
      assertThat(sim.task("ingest").attempts).as("no attempt was made").isIn(null, 0);
      assertThat(sim.task("ingest").message)
          .isEqualTo("cannot run as written: {{parameters.day}}: the run has no parameter day");
      assertThat(sim.told).extracting(RunStep.Told::reason).contains(EventReason.TaskFailed);
      assertThat(sim.state("transform")).isEqualTo(TaskState.UpstreamFailed);
      assertThat(sim.state("quality")).isEqualTo(TaskState.UpstreamFailed);
      assertThat(sim.started()).as("the report runs if all are done").containsExactly("report");

      sim.end("report", Phase.Succeeded, 0);
      sim.step();
      assertThat(sim.phase()).isEqualTo(RunPhase.SucceededWithFailures);
    }

    @Test
    void withoutAPlaceASkipPolicyRunIsSkipped() {
      Sim sim = new Sim(PIPELINE);
      sim.placeFree = false;
      sim.step();

      assertThat(sim.phase()).isEqualTo(RunPhase.Skipped);
      assertThat(sim.reasons()).containsExactly(EventReason.RunSkipped);
      assertThat(sim.run.getStatus().message).contains("maxConcurrentRuns");
    }

    @Test
    void withoutAPlaceAQueuePolicyRunWaitsThenStartsOrGivesUpAtItsTimeout() {
      String queued = PIPELINE + "concurrencyPolicy: Queue\nqueueTimeoutSeconds: 3600\n";
      Sim waits = new Sim(queued);
      waits.placeFree = false;
      waits.step();
      assertThat(waits.phase()).isEqualTo(RunPhase.Queued);
      assertThat(waits.last.wakeAt()).contains(T0.plusSeconds(3600));
      waits.pass(Duration.ofMinutes(30));
      waits.placeFree = true;
      waits.step();
      assertThat(waits.started()).containsExactly("ingest");
      assertThat(waits.run.getStatus().startTime).isEqualTo("2026-12-01T05:30:00Z");

      Sim givesUp = new Sim(queued);
      givesUp.placeFree = false;
      givesUp.step();
      givesUp.pass(Duration.ofHours(1));
      givesUp.step();
      assertThat(givesUp.phase()).isEqualTo(RunPhase.Skipped);
    }
  }

  @Nested
  class Repairs {
    private Sim failedRun() {
      Sim sim = new Sim(PIPELINE);
      sim.step();
      sim.end("ingest", Phase.Succeeded, 0);
      sim.step();
      sim.end("transform", Phase.Failed, 1);
      sim.end("quality", Phase.Succeeded, 0);
      sim.step();
      sim.end("report", Phase.Failed, 1);
      sim.step();
      assertThat(sim.phase()).isEqualTo(RunPhase.Failed);
      return sim;
    }

    private static Repair repair(int id, List<String> tasks, boolean dependents) {
      Repair repair = new Repair();
      repair.id = id;
      repair.tasks = tasks;
      repair.includeDependents = dependents;
      return repair;
    }

    @Test
    void aRepairRunsOnlyTheTasksThatDidNotSucceedInsideTheRun() {
      Sim sim = failedRun();
      sim.run.getSpec().repairs = List.of(repair(1, List.of(), true));

      sim.step();
      assertThat(sim.started()).containsExactly("transform");
      assertThat(sim.last.start().get(0).job()).isEqualTo("daily-202612010500-transform-2");
      assertThat(sim.last.start().get(0).repair()).isEqualTo(1);
      assertThat(sim.state("ingest")).isEqualTo(TaskState.Succeeded);
      assertThat(sim.state("quality")).isEqualTo(TaskState.Succeeded);
      assertThat(sim.state("report")).isEqualTo(TaskState.Pending);
      assertThat(sim.run.getStatus().repairId).isEqualTo(1);

      sim.end("transform", Phase.Succeeded, 0);
      sim.step();
      sim.end("report", Phase.Succeeded, 0);
      sim.step();
      assertThat(sim.phase()).isEqualTo(RunPhase.Succeeded);
      assertThat(sim.task("report").attempts).isEqualTo(2);
    }

    @Test
    void aRepairOfNamedTasksWithoutDependentsRunsJustThem() {
      Sim sim = failedRun();
      sim.run.getSpec().repairs = List.of(repair(1, List.of("quality"), false));

      sim.step();
      assertThat(sim.started()).containsExactly("quality");
      assertThat(sim.state("report")).as("not chosen").isEqualTo(TaskState.Failed);
      sim.end("quality", Phase.Succeeded, 0);
      sim.step();
      assertThat(sim.phase()).isEqualTo(RunPhase.Failed);
    }

    @Test
    void aRepairRunsWithTheJobsCurrentSpecAndGetsItsRetriesAgain() {
      Sim sim = failedRun();
      JobSpec current = YAML.unmarshal(PIPELINE.replace("select 2", "select 22"), JobSpec.class);
      current.tasks.get(1).maxRetries = 1;
      sim.current = Optional.of(current);
      sim.run.getSpec().repairs = List.of(repair(1, List.of("transform"), true));

      sim.step();
      assertThat(sim.last.start().get(0).spec().sql.query).isEqualTo("select 22");
      sim.end("transform", Phase.Failed, 1);
      sim.step();
      assertThat(sim.started())
          .as("its one retry in the repair, at once")
          .containsExactly("transform");
      assertThat(sim.last.start().get(0).number()).isEqualTo(3);
      sim.end("transform", Phase.Failed, 1);
      sim.step();
      assertThat(sim.state("transform")).isEqualTo(TaskState.Failed);
    }

    @Test
    void aRepairAlreadyDoneIsNotDoneAgain() {
      Sim sim = failedRun();
      sim.run.getSpec().repairs = List.of(repair(1, List.of("quality"), false));
      sim.step();
      sim.end("quality", Phase.Succeeded, 0);
      sim.step();

      sim.step();
      assertThat(sim.started()).isEmpty();
      assertThat(sim.phase()).isEqualTo(RunPhase.Failed);
    }
  }
}
