package dev.lakehouse.operator.job;

import static dev.lakehouse.api.status.ConditionType.Ready;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobStatus;
import dev.lakehouse.api.v1alpha1.RunPhase;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.Problem;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Job's status from its runs and its schedule: a pure function. The runs are the truth (they are
 * listed from the cluster); the status is a summary of them, small whatever the history.
 */
public final class JobStatusCalculator {
  private JobStatusCalculator() {}

  /**
   * What the Job reconciler knows.
   *
   * @param problem what keeps the Job from running (an invalid schedule, a cycle), if anything
   * @param waiting why the Job waits (its Workspace), if it does
   * @param runs the Job's runs, the ones just created included
   * @param lastScheduleTime the latest scheduled time handled (run or missed)
   * @param nextScheduleTime the next scheduled time, empty without one (paused, no schedule)
   * @param runNowToken the run-now value handled last
   */
  public record Observation(
      Optional<Problem> problem,
      Optional<Problem> waiting,
      List<JobRun> runs,
      Optional<Instant> lastScheduleTime,
      Optional<Instant> nextScheduleTime,
      String runNowToken) {}

  public static JobStatus compute(Job job, Observation seen, Instant now) {
    JobStatus previous = Optional.ofNullable(job.getStatus()).orElseGet(JobStatus::new);
    long generation = Optional.ofNullable(job.getMetadata().getGeneration()).orElse(0L);
    JobStatus status = new JobStatus();
    status.observedGeneration = generation;
    status.activeRuns = (int) seen.runs().stream().filter(RunAdmissions::started).count();
    status.queuedRuns = (int) seen.runs().stream().filter(r -> phase(r) == RunPhase.Queued).count();
    status.lastScheduleTime = seen.lastScheduleTime().map(Instant::toString).orElse(null);
    status.nextScheduleTime = seen.nextScheduleTime().map(Instant::toString).orElse(null);
    status.runNowToken = seen.runNowToken();
    // The later of the runs' and the recorded one: deleting the newest successful run keeps it.
    status.lastSuccessfulTime =
        Stream.concat(
                seen.runs().stream().filter(Retention::succeeded).map(r -> r.getStatus().endTime),
                Stream.of(previous.lastSuccessfulTime))
            .filter(Objects::nonNull)
            .max(Comparator.comparing(Instant::parse))
            .orElse(null);
    List<String> recent =
        seen.runs().stream()
            .sorted(
                // A run created in this reconcile has no creation time yet: it is the newest.
                Comparator.comparing(
                        (JobRun r) ->
                            Optional.ofNullable(r.getMetadata().getCreationTimestamp())
                                .map(Instant::parse)
                                .orElse(Instant.MAX))
                    .thenComparing(r -> r.getMetadata().getName())
                    .reversed())
            .limit(JobStatus.RECENT_RUNS)
            .map(r -> r.getMetadata().getName())
            .toList();
    status.recentRuns = recent.isEmpty() ? null : recent;

    Conditions conditions = new Conditions(previous.conditions, generation, now);
    if (seen.problem().isPresent()) {
      Problem problem = seen.problem().get();
      status.phase = "Error";
      conditions
          .set(Ready, false, problem.reason(), problem.message())
          .progressing(false, problem.reason(), "no run starts until the spec is fixed")
          .stalled(true, problem.reason(), problem.message());
    } else if (seen.waiting().isPresent()) {
      Problem waiting = seen.waiting().get();
      status.phase = "Pending";
      conditions
          .set(Ready, false, waiting.reason(), waiting.message())
          .progressing(true, Reason.WaitingForWorkspace, waiting.message())
          .stalled(false, Reason.WaitingForWorkspace, waiting.message());
    } else {
      boolean paused =
          job.getSpec().schedule != null && Boolean.TRUE.equals(job.getSpec().schedule.paused);
      Reason reason;
      String message;
      if (status.activeRuns > 0) {
        status.phase = "Running";
        reason = Reason.RunInProgress;
        message = status.activeRuns + " run(s) in progress";
      } else if (paused) {
        status.phase = "Paused";
        reason = Reason.Paused;
        message = "the schedule is paused (spec.schedule.paused); manual runs still start";
      } else if (status.nextScheduleTime != null) {
        status.phase = "Scheduled";
        reason = Reason.Scheduled;
        message = "the next run is at " + status.nextScheduleTime;
      } else {
        status.phase = "Idle";
        reason = Reason.Idle;
        message = "no schedule: create a JobRun or set the lakehouse.dev/run-now annotation";
      }
      // A Job is Ready while it is valid and can run; its runs say how they went.
      conditions
          .set(Ready, true, reason, message)
          .progressing(false, reason, message)
          .stalled(false, Reason.AsExpected, "nothing keeps the Job from running");
    }
    status.conditions = conditions.build();
    return status;
  }

  private static RunPhase phase(JobRun run) {
    return run.getStatus() == null ? null : run.getStatus().phase;
  }
}
