package dev.lakehouse.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Condition;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.api.v1alpha1.JobStatus;
import dev.lakehouse.api.v1alpha1.RunPhase;
import dev.lakehouse.operator.job.JobStatusCalculator.Observation;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** A Job's status as a summary of its runs and its schedule. */
class JobStatusCalculatorTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Instant NOW = Instant.parse("2026-12-01T05:30:00.750Z");
  private static final String NOW_SECONDS = "2026-12-01T05:30:00Z";
  private static final String EARLIER = "2026-11-30T08:00:00Z";
  private static final Instant NEXT = Instant.parse("2026-12-02T05:00:00Z");
  private static final Instant LAST = Instant.parse("2026-12-01T05:00:00Z");

  private static final Problem CYCLE =
      new Problem(Reason.InvalidSpec, "the tasks depend on each other in a cycle: a -> b -> a");
  private static final Problem WORKSPACE =
      new Problem(Reason.WorkspaceNotReady, "Workspace analytics is not Ready yet");

  /** Job daily at generation 3, with the given schedule (YAML under spec, may be empty). */
  private static Job job(String schedule) {
    return YAML.unmarshal(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: daily, namespace: analytics, uid: job-uid, generation: 3}
        spec:
          existingCluster: shared
          tasks:
            - {key: ingest, sql: {query: "select 1"}}
        """
            + schedule,
        Job.class);
  }

  private static final String SCHEDULED = "  schedule: {cron: \"0 5 * * *\", timeZone: UTC}\n";
  private static final String PAUSED =
      "  schedule: {cron: \"0 5 * * *\", timeZone: UTC, paused: true}\n";

  private static JobRun run(String name, String created, RunPhase phase, String ended) {
    JobRun run =
        YAML.unmarshal(
            """
            apiVersion: lakehouse.dev/v1alpha1
            kind: JobRun
            metadata: {name: %s, namespace: analytics, uid: uid-%s}
            spec: {job: daily, trigger: Schedule}
            """
                .formatted(name, name),
            JobRun.class);
    run.getMetadata().setCreationTimestamp(created);
    if (phase != null) {
      JobRunStatus status = new JobRunStatus();
      status.phase = phase;
      status.endTime = ended;
      run.setStatus(status);
    }
    return run;
  }

  private static JobRun run(String name, RunPhase phase) {
    return run(name, "2026-12-01T05:00:00Z", phase, null);
  }

  private static Observation seen(List<JobRun> runs) {
    return new Observation(
        Optional.empty(), Optional.empty(), runs, Optional.empty(), Optional.empty(), null);
  }

  private static Observation scheduled(List<JobRun> runs) {
    return new Observation(
        Optional.empty(), Optional.empty(), runs, Optional.of(LAST), Optional.of(NEXT), "t-1");
  }

  private static Condition condition(JobStatus status, ConditionType type) {
    return Conditions.find(status.conditions, type)
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.conditions));
  }

  /** type=status/reason for Ready, Reconciling and Stalled. */
  private static List<String> kstatus(JobStatus status) {
    return List.of(ConditionType.Ready, ConditionType.Reconciling, ConditionType.Stalled).stream()
        .map(t -> condition(status, t))
        .map(c -> c.type + "=" + c.status + "/" + c.reason)
        .toList();
  }

  @Nested
  class Phase {
    @Test
    void aProblemIsAnErrorThatStallsTheJob() {
      Observation seen =
          new Observation(
              Optional.of(CYCLE),
              Optional.of(WORKSPACE),
              List.of(run("daily-1", RunPhase.Running)),
              Optional.empty(),
              Optional.of(NEXT),
              null);

      JobStatus status = JobStatusCalculator.compute(job(SCHEDULED), seen, NOW);

      assertThat(status.phase).isEqualTo("Error");
      assertThat(kstatus(status))
          .containsExactly(
              "Ready=False/InvalidSpec",
              "Reconciling=False/InvalidSpec",
              "Stalled=True/InvalidSpec");
      assertThat(condition(status, ConditionType.Ready).message).isEqualTo(CYCLE.message());
      assertThat(condition(status, ConditionType.Stalled).message).isEqualTo(CYCLE.message());
      assertThat(condition(status, ConditionType.Progressing).status).isEqualTo("False");
    }

    @Test
    void waitingForTheWorkspaceIsPendingAndInProgress() {
      Observation seen =
          new Observation(
              Optional.empty(),
              Optional.of(WORKSPACE),
              List.of(run("daily-1", RunPhase.Running)),
              Optional.empty(),
              Optional.of(NEXT),
              null);

      JobStatus status = JobStatusCalculator.compute(job(SCHEDULED), seen, NOW);

      assertThat(status.phase).isEqualTo("Pending");
      assertThat(kstatus(status))
          .containsExactly(
              "Ready=False/WorkspaceNotReady",
              "Reconciling=True/WaitingForWorkspace",
              "Stalled=False/WaitingForWorkspace");
      assertThat(condition(status, ConditionType.Ready).message).isEqualTo(WORKSPACE.message());
    }

    @ParameterizedTest(name = "active runs: {0}, paused: {1}, next time: {2} -> {3}")
    @CsvSource(
        textBlock =
            """
            # active, paused, next,  phase,     reason
            true,     true,   true,  Running,   RunInProgress
            true,     false,  false, Running,   RunInProgress
            false,    true,   false, Paused,    Paused
            false,    true,   true,  Paused,    Paused
            false,    false,  true,  Scheduled, Scheduled
            false,    false,  false, Idle,      Idle
            """)
    void aValidJobIsReadyAndItsPhaseSaysWhatItDoes(
        boolean active, boolean paused, boolean next, String phase, Reason reason) {
      List<JobRun> runs =
          active
              ? List.of(run("daily-2", RunPhase.Running), run("daily-1", RunPhase.Succeeded))
              : List.of(run("daily-1", RunPhase.Succeeded));
      Observation seen =
          new Observation(
              Optional.empty(),
              Optional.empty(),
              runs,
              Optional.empty(),
              next ? Optional.of(NEXT) : Optional.empty(),
              null);

      JobStatus status = JobStatusCalculator.compute(job(paused ? PAUSED : SCHEDULED), seen, NOW);

      assertThat(status.phase).isEqualTo(phase);
      assertThat(kstatus(status))
          .containsExactly(
              "Ready=True/" + reason, "Reconciling=False/" + reason, "Stalled=False/AsExpected");
      assertThat(condition(status, ConditionType.Progressing).status).isEqualTo("False");
    }

    @Test
    void theMessagesSayWhatTheJobIsDoing() {
      List<JobRun> two = List.of(run("a", RunPhase.Running), run("b", RunPhase.Pending));

      assertThat(message(job(SCHEDULED), scheduled(two))).isEqualTo("2 run(s) in progress");
      assertThat(message(job(SCHEDULED), scheduled(List.of())))
          .isEqualTo("the next run is at 2026-12-02T05:00:00Z");
      assertThat(message(job(PAUSED), seen(List.of()))).contains("paused").contains("manual runs");
      assertThat(message(job(""), seen(List.of()))).contains("lakehouse.dev/run-now");
    }

    private String message(Job job, Observation seen) {
      return condition(JobStatusCalculator.compute(job, seen, NOW), ConditionType.Ready).message;
    }
  }

  @Nested
  class KstatusConditions {
    @Test
    void conditionsCarryTheJobsGeneration() {
      JobStatus status = JobStatusCalculator.compute(job(""), seen(List.of()), NOW);

      assertThat(status.observedGeneration).isEqualTo(3L);
      assertThat(status.conditions).isNotEmpty().allMatch(c -> c.observedGeneration == 3L);
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusHolds() {
      Job job = job(SCHEDULED);
      job.setStatus(new JobStatus());
      job.getStatus().conditions =
          List.of(new Condition("Ready", "True", "Idle", "no schedule", 2L, EARLIER));

      JobStatus status = JobStatusCalculator.compute(job, scheduled(List.of()), NOW);

      Condition ready = condition(status, ConditionType.Ready);
      assertThat(ready.reason).isEqualTo("Scheduled");
      assertThat(ready.lastTransitionTime).isEqualTo(EARLIER);
      assertThat(condition(status, ConditionType.Stalled).lastTransitionTime)
          .isEqualTo(NOW_SECONDS);
    }

    @Test
    void aConditionThatFlipsTransitionsNowToTheSecond() {
      Job job = job(SCHEDULED);
      job.setStatus(new JobStatus());
      job.getStatus().conditions =
          List.of(new Condition("Ready", "True", "Scheduled", "next", 2L, EARLIER));
      Observation broken =
          new Observation(
              Optional.of(CYCLE),
              Optional.empty(),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              null);

      JobStatus status = JobStatusCalculator.compute(job, broken, NOW);

      assertThat(condition(status, ConditionType.Ready).status).isEqualTo("False");
      assertThat(condition(status, ConditionType.Ready).lastTransitionTime).isEqualTo(NOW_SECONDS);
    }

    @Test
    void aJobWithoutGenerationIsAtGenerationZero() {
      Job job = job("");
      job.getMetadata().setGeneration(null);

      assertThat(JobStatusCalculator.compute(job, seen(List.of()), NOW).observedGeneration)
          .isZero();
    }
  }

  @Nested
  class Counts {
    @ParameterizedTest
    @EnumSource(RunPhase.class)
    void runsInProgressAreActiveAndQueuedOnesQueued(RunPhase phase) {
      JobStatus status = JobStatusCalculator.compute(job(""), seen(List.of(run("r", phase))), NOW);

      boolean active =
          phase == RunPhase.Pending || phase == RunPhase.Running || phase == RunPhase.Terminating;
      assertThat(status.activeRuns).isEqualTo(active ? 1 : 0);
      assertThat(status.queuedRuns).isEqualTo(phase == RunPhase.Queued ? 1 : 0);
    }

    @Test
    void everyRunIsCounted() {
      List<JobRun> runs =
          List.of(
              run("a", RunPhase.Running),
              run("b", RunPhase.Terminating),
              run("c", RunPhase.Pending),
              run("d", RunPhase.Queued),
              run("e", RunPhase.Queued),
              run("f", RunPhase.Failed),
              run("g", null));

      JobStatus status = JobStatusCalculator.compute(job(""), seen(runs), NOW);

      assertThat(status.activeRuns).isEqualTo(3);
      assertThat(status.queuedRuns).isEqualTo(2);
      assertThat(status.phase).isEqualTo("Running");
    }

    @Test
    void noRunsAreZeroNotUnset() {
      JobStatus status = JobStatusCalculator.compute(job(""), seen(List.of()), NOW);

      assertThat(status.activeRuns).isZero();
      assertThat(status.queuedRuns).isZero();
      assertThat(status.recentRuns).isNull();
    }
  }

  @Nested
  class Times {
    @Test
    void theScheduleTimesAndTheRunNowTokenAreRecorded() {
      JobStatus status = JobStatusCalculator.compute(job(SCHEDULED), scheduled(List.of()), NOW);

      assertThat(status.lastScheduleTime).isEqualTo("2026-12-01T05:00:00Z");
      assertThat(status.nextScheduleTime).isEqualTo("2026-12-02T05:00:00Z");
      assertThat(status.runNowToken).isEqualTo("t-1");
    }

    @Test
    void withoutScheduleTimesOrTokenTheyAreUnset() {
      Job job = job("");
      job.setStatus(new JobStatus());
      job.getStatus().runNowToken = "old";
      job.getStatus().nextScheduleTime = "2026-12-01T05:00:00Z";

      JobStatus status = JobStatusCalculator.compute(job, seen(List.of()), NOW);

      assertThat(status.lastScheduleTime).isNull();
      assertThat(status.nextScheduleTime).isNull();
      assertThat(status.runNowToken).as("the reconciler hands over the token to keep").isNull();
    }

    @Test
    void theLastSuccessIsTheLatestEndOfASuccessfulRun() {
      List<JobRun> runs =
          List.of(
              run("a", "2026-11-28T05:00:00Z", RunPhase.Succeeded, "2026-11-28T05:10:00Z"),
              run(
                  "b",
                  "2026-11-29T05:00:00Z",
                  RunPhase.SucceededWithFailures,
                  "2026-11-29T05:12:00Z"),
              run("c", "2026-11-30T05:00:00Z", RunPhase.Failed, "2026-11-30T05:20:00Z"),
              run("d", "2026-12-01T05:00:00Z", RunPhase.Running, null));

      JobStatus status = JobStatusCalculator.compute(job(""), seen(runs), NOW);

      assertThat(status.lastSuccessfulTime).isEqualTo("2026-11-29T05:12:00Z");
    }

    @Test
    void theLastSuccessOutlivesTheDeletedRunsThatHadIt() {
      Job job = job("");
      job.setStatus(new JobStatus());
      job.getStatus().lastSuccessfulTime = "2026-11-20T05:10:00Z";
      List<JobRun> runs =
          List.of(run("c", "2026-11-30T05:00:00Z", RunPhase.Failed, "2026-11-30T05:20:00Z"));

      assertThat(JobStatusCalculator.compute(job, seen(runs), NOW).lastSuccessfulTime)
          .isEqualTo("2026-11-20T05:10:00Z");
      assertThat(JobStatusCalculator.compute(job(""), seen(runs), NOW).lastSuccessfulTime).isNull();
    }

    @Test
    void theLastSuccessNeverGoesBackWhenTheNewestSuccessfulRunIsDeleted() {
      Job job = job("");
      job.setStatus(new JobStatus());
      job.getStatus().lastSuccessfulTime = "2026-11-30T05:10:00Z";
      List<JobRun> older =
          List.of(run("a", "2026-11-28T05:00:00Z", RunPhase.Succeeded, "2026-11-28T05:10:00Z"));

      assertThat(JobStatusCalculator.compute(job, seen(older), NOW).lastSuccessfulTime)
          .isEqualTo("2026-11-30T05:10:00Z");
    }
  }

  @Nested
  class RecentRuns {
    @Test
    void theNewestRunsComeFirstAndNoMoreThanTheLimit() {
      List<JobRun> runs = new ArrayList<>();
      for (int day = 1; day <= 9; day++) {
        String date = "2026-11-%02d".formatted(day * 3);
        runs.add(run("daily-" + day, date + "T05:00:00Z", RunPhase.Succeeded, date + "T05:10:00Z"));
      }
      Collections.shuffle(runs, new Random(7));

      JobStatus status = JobStatusCalculator.compute(job(""), seen(runs), NOW);

      assertThat(status.recentRuns)
          .hasSize(JobStatus.RECENT_RUNS)
          .containsExactly("daily-9", "daily-8", "daily-7", "daily-6", "daily-5");
    }

    @Test
    void theCreationTimeOrdersThemNotTheName() {
      List<JobRun> runs =
          List.of(
              run("zeta", "2026-11-01T05:00:00Z", RunPhase.Succeeded, null),
              run("alpha", "2026-11-02T05:00:00Z", RunPhase.Succeeded, null));

      assertThat(JobStatusCalculator.compute(job(""), seen(runs), NOW).recentRuns)
          .containsExactly("alpha", "zeta");
    }

    @Test
    void runsCreatedInTheSameSecondAreOrderedByNameNewestFirst() {
      List<JobRun> runs =
          List.of(
              run("daily-202612010500", "2026-12-01T05:00:00Z", RunPhase.Running, null),
              run("daily-202612010455", "2026-12-01T05:00:00Z", RunPhase.Succeeded, null));

      assertThat(JobStatusCalculator.compute(job(""), seen(runs), NOW).recentRuns)
          .containsExactly("daily-202612010500", "daily-202612010455");
    }

    @Test
    void aRunJustCreatedWithoutACreationTimeIsTheNewest() {
      List<JobRun> runs =
          List.of(
              run("daily-202612010500", "2026-12-01T05:00:00Z", RunPhase.Running, null),
              run("daily-manual-0123456789", null, null, null));

      assertThat(JobStatusCalculator.compute(job(""), seen(runs), NOW).recentRuns)
          .containsExactly("daily-manual-0123456789", "daily-202612010500");
    }
  }
}
