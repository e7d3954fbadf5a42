package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator observed of a run. Kept small at the API's maximums: at most 100 tasks, the
 * last {@link #ATTEMPTS_KEPT} attempts of each, messages cut at {@link #MESSAGE_LENGTH}.
 */
@JsonClassDescription(
    "Observed state of a JobRun: its phase, conditions, times, the Cluster it ran on, and each "
        + "task's state and attempts.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobRunStatus implements ReportedStatus {
  /** Attempts of a task kept in status; older ones are counted, not listed. */
  public static final int ATTEMPTS_KEPT = 5;

  /** Longest message kept in status. */
  public static final int MESSAGE_LENGTH = 1024;

  @JsonPropertyDescription(
      "Queued, Pending, Running, Terminating, Succeeded, SucceededWithFailures, Failed, "
          + "TimedOut, Canceled or Skipped.")
  public RunPhase phase;

  @JsonPropertyDescription("The .metadata.generation this status was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Complete (the run ended, with its result as reason) and kstatus's Reconciling (True while "
          + "it runs), each with a reason and a message.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("When the run started its first task or its cluster (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the run ended (RFC 3339).")
  public String endTime;

  @JsonPropertyDescription("How long the run took, for example 12m30s; set when it ends.")
  public String duration;

  @JsonPropertyDescription("Name of the Cluster the run's tasks run on.")
  public String cluster;

  @JsonPropertyDescription("Why the run is where it is.")
  public String message;

  @JsonPropertyDescription("The last repair of spec.repairs that the operator has started.")
  public Integer repairId;

  @JsonPropertyDescription("State of each task of the run, in the Job's order.")
  public List<TaskRunStatus> tasks;

  @Override
  public String phase() {
    return phase == null ? null : phase.name();
  }

  @Override
  public void phase(String phase) {
    this.phase = phase == null ? null : RunPhase.valueOf(phase);
  }

  @Override
  public List<Condition> conditions() {
    return conditions;
  }

  @Override
  public void conditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public Long observedGeneration() {
    return observedGeneration;
  }

  @Override
  public void observedGeneration(Long generation) {
    this.observedGeneration = generation;
  }

  /** One task of the run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TaskRunStatus {
    @JsonPropertyDescription("Key of the task.")
    public String key;

    @JsonPropertyDescription(
        "Pending, Running, WaitingForRetry, Succeeded, Failed, TimedOut, Canceled, "
            + "UpstreamFailed or Excluded.")
    public TaskState state;

    @JsonPropertyDescription("Attempts made, retries and repairs included.")
    public Integer attempts;

    @JsonPropertyDescription(
        "Attempts made before the task's latest repair: its retries count from there.")
    public Integer attemptsBeforeRepair;

    @JsonPropertyDescription("When the task's first attempt started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When the task ended (RFC 3339).")
    public String endTime;

    @JsonPropertyDescription(
        "When the next attempt starts, while WaitingForRetry (RFC 3339): minRetryIntervalSeconds "
            + "after the start of the attempt that failed.")
    public String retryAt;

    @JsonPropertyDescription("Why the task is where it is.")
    public String message;

    @JsonPropertyDescription("The last attempts, oldest first (their batch Jobs and pods).")
    public List<AttemptStatus> lastAttempts;
  }

  /** One attempt of a task: a batch/v1 Job running the launcher's submit role. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AttemptStatus {
    @JsonPropertyDescription("Number of the attempt, from 1.")
    public Integer number;

    @JsonPropertyDescription("Name of the batch Job of the attempt (kubectl logs job/<name>).")
    public String job;

    @JsonPropertyDescription("Name of the attempt's pod, once it exists.")
    public String pod;

    @JsonPropertyDescription("Running, Succeeded, Failed or TimedOut.")
    public String state;

    @JsonPropertyDescription("When the attempt started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When the attempt ended (RFC 3339).")
    public String endTime;

    @JsonPropertyDescription("The repair that made this attempt, if any.")
    public Integer repair;

    @JsonPropertyDescription("Exit code of the task's container, when it ended.")
    public Integer exitCode;

    @JsonPropertyDescription("Why the attempt ended as it did.")
    public String message;
  }
}
