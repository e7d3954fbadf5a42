package dev.lakehouse.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.api.v1alpha1.JobRunStatus.AttemptStatus;
import dev.lakehouse.api.v1alpha1.JobRunStatus.TaskRunStatus;
import dev.lakehouse.operator.job.run.AttemptObservation;
import dev.lakehouse.operator.job.run.AttemptObservation.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run's attempts read from their batch Jobs and pods, as the API server reports them. */
class AttemptsTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static final String CREATED = "2026-12-01T05:00:01Z";
  private static final String STARTED = "2026-12-01T05:00:03Z";
  private static final String ENDED = "2026-12-01T05:07:40Z";
  private static final String COMPLETED = "2026-12-01T05:07:39Z";

  /** The second attempt of task ingest of run daily-202612010500, with the given status. */
  private static Job job(String status) {
    return job("daily-202612010500-ingest-2", "job-uid-2", "ingest", "2", status);
  }

  private static Job job(String name, String uid, String task, String attempt, String status) {
    return YAML.unmarshal(
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          namespace: analytics
          uid: %s
          creationTimestamp: "%s"
          labels:
            app.kubernetes.io/managed-by: lakehouse-operator
            lakehouse.dev/run: daily-202612010500
            lakehouse.dev/task: %s
            lakehouse.dev/attempt: "%s"
        """
                .formatted(name, uid, CREATED, task, attempt)
            + status,
        Job.class);
  }

  /** A Job's status with one condition of the given type, True, and its reason and message. */
  private static String condition(String type, String reason, String message) {
    return """
        status:
          startTime: "%s"
          conditions:
            - type: %s
              status: "True"
              reason: %s
              message: "%s"
              lastTransitionTime: "%s"
        """
        .formatted(STARTED, type, reason, message, ENDED);
  }

  /** A pod of the batch Job with uid {@code owner}, its container in the given state. */
  private static Pod pod(String name, String owner, String created, String state) {
    return YAML.unmarshal(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: analytics
          creationTimestamp: "%s"
          ownerReferences:
            - {apiVersion: batch/v1, kind: Job, name: the-job, uid: %s, controller: true}
        status:
          containerStatuses:
            - name: task
              image: ghcr.io/lakehouse/runtime:3.5
              imageID: ""
              ready: false
              restartCount: 0
              state:
        %s
        """
            .formatted(name, created, owner, state.stripIndent().indent(8)),
        Pod.class);
  }

  private static Pod terminatedPod(Integer exitCode, String reason, String message) {
    return pod(
        "daily-202612010500-ingest-2-x7k2p",
        "job-uid-2",
        CREATED,
        "terminated: {exitCode: %d, reason: %s%s}"
            .formatted(exitCode, reason, message == null ? "" : ", message: \"" + message + "\""));
  }

  private static AttemptObservation observe(Job job, Pod... pods) {
    List<AttemptObservation> seen = Attempts.of(List.of(job), List.of(pods));
    assertThat(seen).hasSize(1);
    return seen.get(0);
  }

  @Nested
  class Phases {
    @ParameterizedTest(name = "{0} {1} (reason {2}), being deleted: {3} -> {4}")
    @CsvSource(
        textBlock =
            """
            # condition,    status, reason,                 deleting, phase
            Complete,       True,   Completed,              false,    Succeeded
            Failed,         True,   BackoffLimitExceeded,   false,    Failed
            Failed,         True,   PodFailurePolicy,       false,    Failed
            Failed,         True,   DeadlineExceeded,       false,    TimedOut
            Complete,       False,  Completed,              false,    Running
            Failed,         False,  DeadlineExceeded,       false,    Running
            FailureTarget,  True,   BackoffLimitExceeded,   false,    Running
            Suspended,      True,   JobSuspended,           false,    Running
            Complete,       True,   Completed,              true,     Succeeded
            Failed,         True,   DeadlineExceeded,       true,     TimedOut
            FailureTarget,  True,   BackoffLimitExceeded,   true,     Failed
            """)
    void theBatchJobsFinalConditionGivesThePhase(
        String type, String status, String reason, boolean deleting, Phase phase) {
      Job job =
          job(
              """
              status:
                conditions:
                  - {type: %s, status: "%s", reason: %s, lastTransitionTime: "%s"}
              """
                  .formatted(type, status, reason, ENDED));
      if (deleting) {
        job.getMetadata().setDeletionTimestamp("2026-12-01T05:08:00Z");
      }

      assertThat(observe(job).phase()).isEqualTo(phase);
    }

    @Test
    void aJobWithoutStatusRunsAndHasNeitherEndNorMessage() {
      AttemptObservation seen = observe(job(""));

      assertThat(seen.phase()).isEqualTo(Phase.Running);
      assertThat(seen.endTime()).isNull();
      assertThat(seen.message()).isNull();
      assertThat(seen.exitCode()).isNull();
      assertThat(seen.pod()).isNull();
    }

    @Test
    void aCompleteJobEndsAtItsCompletionTime() {
      Job job =
          job(
              """
              status:
                startTime: "%s"
                completionTime: "%s"
                conditions:
                  - {type: Complete, status: "True", lastTransitionTime: "%s"}
              """
                  .formatted(STARTED, COMPLETED, ENDED));

      AttemptObservation seen = observe(job);

      assertThat(seen.phase()).isEqualTo(Phase.Succeeded);
      assertThat(seen.endTime()).isEqualTo(Instant.parse(COMPLETED));
      assertThat(seen.message()).isNull();
    }

    @Test
    void aCompleteJobWithoutCompletionTimeEndsWhenItsConditionTurnedTrue() {
      AttemptObservation seen = observe(job(condition("Complete", "Completed", "done")));

      assertThat(seen.phase()).isEqualTo(Phase.Succeeded);
      assertThat(seen.endTime()).isEqualTo(Instant.parse(ENDED));
    }

    @Test
    void aFailedJobEndsWhenItsConditionTurnedTrueAndSaysWhy() {
      AttemptObservation seen =
          observe(
              job(
                  condition(
                      "Failed",
                      "BackoffLimitExceeded",
                      "Job has reached the specified backoff limit")));

      assertThat(seen.phase()).isEqualTo(Phase.Failed);
      assertThat(seen.endTime()).isEqualTo(Instant.parse(ENDED));
      assertThat(seen.message()).isEqualTo("Job has reached the specified backoff limit");
    }

    @Test
    void aJobPastItsActiveDeadlineTimedOut() {
      AttemptObservation seen =
          observe(
              job(
                  condition(
                      "Failed",
                      "DeadlineExceeded",
                      "Job was active longer than specified deadline")));

      assertThat(seen.phase()).isEqualTo(Phase.TimedOut);
      assertThat(seen.phase().ended()).isTrue();
      assertThat(seen.endTime()).isEqualTo(Instant.parse(ENDED));
      assertThat(seen.message()).isEqualTo("Job was active longer than specified deadline");
    }

    @Test
    void aJobBeingDeletedBeforeItEndedFailedAndSaysSo() {
      Job job = job("status: {startTime: \"" + STARTED + "\", active: 1}\n");
      job.getMetadata().setDeletionTimestamp("2026-12-01T05:03:00Z");

      AttemptObservation seen = observe(job);

      assertThat(seen.phase()).isEqualTo(Phase.Failed);
      assertThat(seen.message()).isEqualTo("the attempt's batch Job is being deleted");
      assertThat(seen.endTime()).as("no end is known: the state machine uses its clock").isNull();
    }
  }

  @Nested
  class Identity {
    @Test
    void taskAttemptNumberAndNameComeFromTheBatchJob() {
      AttemptObservation seen = observe(job(""));

      assertThat(seen.task()).isEqualTo("ingest");
      assertThat(seen.number()).isEqualTo(2);
      assertThat(seen.job()).isEqualTo("daily-202612010500-ingest-2");
    }

    @Test
    void theStartIsTheBatchJobsStartTimeOrElseItsCreation() {
      assertThat(observe(job("status: {startTime: \"" + STARTED + "\"}\n")).startTime())
          .isEqualTo(Instant.parse(STARTED));
      assertThat(observe(job("")).startTime()).isEqualTo(Instant.parse(CREATED));
    }

    @Test
    void aBatchJobWithoutAnAttemptLabelIsAttemptZero() {
      Job job = job("");
      job.getMetadata().getLabels().remove("lakehouse.dev/attempt");

      assertThat(observe(job).number()).isZero();
    }

    @Test
    void onlyBatchJobsLabelledWithATaskAreAttempts() {
      Job attempt = job("");
      Job unlabelled = job("other", "uid-other", "x", "1", "");
      unlabelled.getMetadata().setLabels(null);
      Job noTask = job("no-task", "uid-no-task", "x", "1", "");
      noTask.getMetadata().getLabels().remove("lakehouse.dev/task");

      List<AttemptObservation> seen = Attempts.of(List.of(unlabelled, attempt, noTask), List.of());

      assertThat(seen)
          .extracting(AttemptObservation::job)
          .containsExactly(attempt.getMetadata().getName());
    }

    @Test
    void eachBatchJobIsReadWithItsOwnPod() {
      Job first =
          job(
              "run-load-1",
              "uid-1",
              "load",
              "1",
              condition("Failed", "BackoffLimitExceeded", "limit"));
      Job second = job("run-load-2", "uid-2", "load", "2", "");
      Job report =
          job("run-report-1", "uid-3", "report", "1", condition("Complete", "Completed", "done"));
      Pod firstPod =
          pod("run-load-1-aaaaa", "uid-1", CREATED, "terminated: {exitCode: 3, reason: Error}");
      Pod secondPod =
          pod("run-load-2-bbbbb", "uid-2", CREATED, "running: {startedAt: \"" + STARTED + "\"}");
      Pod reportPod =
          pod(
              "run-report-1-ccccc",
              "uid-3",
              CREATED,
              "terminated: {exitCode: 0, reason: Completed}");

      List<AttemptObservation> seen =
          Attempts.of(List.of(first, second, report), List.of(reportPod, secondPod, firstPod));

      assertThat(seen)
          .extracting(
              AttemptObservation::job,
              AttemptObservation::task,
              AttemptObservation::number,
              AttemptObservation::phase,
              AttemptObservation::pod,
              AttemptObservation::exitCode)
          .containsExactly(
              tuple("run-load-1", "load", 1, Phase.Failed, "run-load-1-aaaaa", 3),
              tuple("run-load-2", "load", 2, Phase.Running, "run-load-2-bbbbb", null),
              tuple("run-report-1", "report", 1, Phase.Succeeded, "run-report-1-ccccc", 0));
    }
  }

  @Nested
  class Pods {
    private final Job failed =
        job(
            condition(
                "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));

    @Test
    void theContainersTerminationMessageExplainsAFailure() {
      AttemptObservation seen =
          observe(failed, terminatedPod(1, "Error", "  AnalysisException: table not found\\n"));

      assertThat(seen.exitCode()).isEqualTo(1);
      assertThat(seen.pod()).isEqualTo("daily-202612010500-ingest-2-x7k2p");
      assertThat(seen.message()).isEqualTo("AnalysisException: table not found");
    }

    @ParameterizedTest(name = "exit {0}, reason {1}, message [{2}] -> {3}")
    @CsvSource(
        nullValues = "null",
        textBlock =
            """
            # exit, reason,     termination message,  the attempt's message
            137,    OOMKilled,  null,                 OOMKilled
            137,    OOMKilled,  '   ',                OOMKilled
            1,      Error,      null,                 Error
            2,      Error,      'query failed',       'query failed'
            0,      Completed,  null,                 Job has reached the specified backoff limit
            """)
    void aTerminationMessageWinsThenTheReasonThenTheBatchJobsMessage(
        int exitCode, String reason, String message, String expected) {
      AttemptObservation seen = observe(failed, terminatedPod(exitCode, reason, message));

      assertThat(seen.exitCode()).isEqualTo(exitCode);
      assertThat(seen.message()).isEqualTo(expected);
    }

    @Test
    void aSucceededAttemptHasItsExitCodeAndNoMessage() {
      AttemptObservation seen =
          observe(job(condition("Complete", "Completed", "")), terminatedPod(0, "Completed", null));

      assertThat(seen.phase()).isEqualTo(Phase.Succeeded);
      assertThat(seen.exitCode()).isZero();
      assertThat(seen.message()).isNull();
    }

    @Test
    void aTimedOutAttemptKeepsTheExitCodeOfItsStoppedContainer() {
      AttemptObservation seen =
          observe(
              job(
                  condition(
                      "Failed",
                      "DeadlineExceeded",
                      "Job was active longer than specified deadline")),
              terminatedPod(143, "Error", null));

      assertThat(seen.phase()).isEqualTo(Phase.TimedOut);
      assertThat(seen.exitCode()).isEqualTo(143);
      assertThat(seen.message())
          .as("the deadline, not the killed container's Error, says why")
          .isEqualTo("Job was active longer than specified deadline");
    }

    @Test
    void aRunningAttemptGetsNoMessageFromItsPod() {
      AttemptObservation seen = observe(job(""), terminatedPod(1, "Error", "boom"));

      assertThat(seen.phase()).isEqualTo(Phase.Running);
      assertThat(seen.message()).isNull();
      assertThat(seen.pod()).isEqualTo("daily-202612010500-ingest-2-x7k2p");
    }

    @Test
    void aPodWhoseContainerHasNotTerminatedGivesNoExitCode() {
      Pod waiting =
          pod(
              "daily-202612010500-ingest-2-x7k2p",
              "job-uid-2",
              CREATED,
              "waiting: {reason: ContainerCreating}");

      AttemptObservation seen = observe(failed, waiting);

      assertThat(seen.pod()).isEqualTo("daily-202612010500-ingest-2-x7k2p");
      assertThat(seen.exitCode()).isNull();
      assertThat(seen.message()).isEqualTo("Job has reached the specified backoff limit");
    }

    @Test
    void aPodWithoutStatusGivesOnlyItsName() {
      Pod pending = pod("daily-202612010500-ingest-2-x7k2p", "job-uid-2", CREATED, "waiting: {}");
      pending.setStatus(null);

      AttemptObservation seen = observe(failed, pending);

      assertThat(seen.pod()).isEqualTo("daily-202612010500-ingest-2-x7k2p");
      assertThat(seen.exitCode()).isNull();
    }

    @Test
    void aPodOwnedByAnotherBatchJobIsNotThisAttempts() {
      Pod other =
          pod("other-pod", "job-uid-1", CREATED, "terminated: {exitCode: 9, reason: Error}");

      AttemptObservation seen = observe(failed, other);

      assertThat(seen.pod()).isNull();
      assertThat(seen.exitCode()).isNull();
      assertThat(seen.message()).isEqualTo("Job has reached the specified backoff limit");
    }

    @Test
    void theNewestPodOfTheBatchJobIsRead() {
      Pod older =
          pod(
              "attempt-older",
              "job-uid-2",
              "2026-12-01T05:00:02Z",
              "terminated: {exitCode: 1, reason: Error}");
      Pod newer =
          pod(
              "attempt-newer",
              "job-uid-2",
              "2026-12-01T05:04:00Z",
              "terminated: {exitCode: 2, reason: Error}");

      assertThat(observe(failed, older, newer).pod()).isEqualTo("attempt-newer");
      assertThat(observe(failed, newer, older).pod()).isEqualTo("attempt-newer");
      assertThat(observe(failed, newer, older).exitCode()).isEqualTo(2);
    }
  }

  @Nested
  class EndedBetween {
    private AttemptStatus attempt(String job, String state) {
      AttemptStatus a = new AttemptStatus();
      a.job = job;
      a.number = Integer.parseInt(job.substring(job.lastIndexOf('-') + 1));
      a.state = state;
      return a;
    }

    private TaskRunStatus task(String key, AttemptStatus... attempts) {
      TaskRunStatus t = new TaskRunStatus();
      t.key = key;
      t.lastAttempts = attempts.length == 0 ? null : new ArrayList<>(List.of(attempts));
      return t;
    }

    private JobRunStatus status(TaskRunStatus... tasks) {
      JobRunStatus s = new JobRunStatus();
      s.tasks = List.of(tasks);
      return s;
    }

    @ParameterizedTest(name = "Running -> {0}")
    @CsvSource({"Succeeded", "Failed", "TimedOut", "Canceled"})
    void anAttemptThatWasRunningAndEndedCountsWithItsResult(String result) {
      JobRunStatus before = status(task("load", attempt("run-load-1", "Running")));
      JobRunStatus after = status(task("load", attempt("run-load-1", result)));

      assertThat(Attempts.endedBetween(before, after)).containsExactly(result);
    }

    @Test
    void anAttemptStillRunningDoesNotCount() {
      JobRunStatus before = status(task("load", attempt("run-load-1", "Running")));
      JobRunStatus after = status(task("load", attempt("run-load-1", "Running")));

      assertThat(Attempts.endedBetween(before, after)).isEmpty();
    }

    @Test
    void anAttemptThatHadAlreadyEndedIsNotCountedAgain() {
      JobRunStatus before = status(task("load", attempt("run-load-1", "Failed")));
      JobRunStatus after = status(task("load", attempt("run-load-1", "Failed")));

      assertThat(Attempts.endedBetween(before, after)).isEmpty();
    }

    @Test
    void anAttemptNotRecordedAsRunningBeforeDoesNotCount() {
      JobRunStatus before = status(task("load"));
      JobRunStatus after = status(task("load", attempt("run-load-1", "Succeeded")));

      assertThat(Attempts.endedBetween(before, after)).isEmpty();
      assertThat(Attempts.endedBetween(null, after)).isEmpty();
      assertThat(Attempts.endedBetween(new JobRunStatus(), after)).isEmpty();
    }

    @Test
    void aFailedAttemptRetriedInTheSameStepCountsOnceAndItsRetryNotYet() {
      JobRunStatus before = status(task("load", attempt("run-load-1", "Running")));
      JobRunStatus after =
          status(task("load", attempt("run-load-1", "Failed"), attempt("run-load-2", "Running")));

      assertThat(Attempts.endedBetween(before, after)).containsExactly("Failed");
    }

    @Test
    void everyTaskOfTheRunIsLookedAt() {
      JobRunStatus before =
          status(
              task("transform", attempt("run-transform-1", "Running")),
              task("quality", attempt("run-quality-1", "Running")),
              task("report"));
      JobRunStatus after =
          status(
              task("transform", attempt("run-transform-1", "Succeeded")),
              task("quality", attempt("run-quality-1", "TimedOut")),
              task("report", attempt("run-report-1", "Running")));

      assertThat(Attempts.endedBetween(before, after))
          .containsExactlyInAnyOrder("Succeeded", "TimedOut");
    }

    @Test
    void anAttemptWithoutAStateOrAStatusWithoutTasksCountsNothing() {
      JobRunStatus before = status(task("load", attempt("run-load-1", "Running")));

      assertThat(Attempts.endedBetween(before, status(task("load", attempt("run-load-1", null)))))
          .isEmpty();
      assertThat(Attempts.endedBetween(before, new JobRunStatus())).isEmpty();
      assertThat(Attempts.endedBetween(before, null)).isEmpty();
    }

    @Test
    void aComputedStatusThatEndsTheAttemptCountsItOnceThenNotAgain() {
      JobRunStatus running = status(task("load", attempt("run-load-1", "Running")));
      JobRunStatus ended = status(task("load", attempt("run-load-1", "Canceled")));

      List<String> counted = new ArrayList<>(Attempts.endedBetween(running, ended));
      counted.addAll(Attempts.endedBetween(ended, ended));

      assertThat(counted).containsExactly("Canceled");
    }
  }

  @Test
  void observingWithoutAPodIsLikeListingNoPod() {
    Job job = job(condition("Failed", "BackoffLimitExceeded", "limit"));

    assertThat(Attempts.observe(job, Optional.empty())).isEqualTo(observe(job));
  }
}
