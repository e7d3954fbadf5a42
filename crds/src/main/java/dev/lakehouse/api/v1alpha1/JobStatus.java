package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a Job and its runs. */
@JsonClassDescription(
    "Observed state of a Job: phase, conditions, active runs, schedule times and recent runs.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobStatus implements ReportedStatus {
  @JsonPropertyDescription("Summary: Scheduled, Idle, Running, Paused or Error.")
  public String phase;

  @JsonPropertyDescription("The .metadata.generation this status was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the Job is valid and scheduled) and Running, each with a reason and a message.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Runs in progress.")
  public Integer activeRuns;

  @JsonPropertyDescription("When the schedule last started a run (RFC 3339).")
  public String lastScheduleTime;

  @JsonPropertyDescription("When the schedule starts the next run (RFC 3339).")
  public String nextScheduleTime;

  @JsonPropertyDescription("When a run last succeeded (RFC 3339).")
  public String lastSuccessfulTime;

  @JsonPropertyDescription("Recent runs, newest first, within the history limits.")
  public List<JobRun> runs;

  @Override
  public String phase() {
    return phase;
  }

  @Override
  public void phase(String phase) {
    this.phase = phase;
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

  /** One run of a Job. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class JobRun {
    @JsonPropertyDescription("Identifier of the run, unique within the Job.")
    public String id;

    @JsonPropertyDescription("What started the run: Schedule or Manual.")
    public String trigger;

    @JsonPropertyDescription("Pending, Running, Succeeded, Failed, TimedOut, Canceled or Skipped.")
    public String state;

    @JsonPropertyDescription("When the run started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When the run ended (RFC 3339).")
    public String endTime;

    @JsonPropertyDescription("Name of the Cluster the run used.")
    public String cluster;

    @JsonPropertyDescription("Why the run ended as it did.")
    public String message;

    @JsonPropertyDescription("State of each task of the run.")
    public List<TaskRun> tasks;
  }

  /** One task within a run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TaskRun {
    @JsonPropertyDescription("Key of the task.")
    public String key;

    @JsonPropertyDescription("Pending, Running, Succeeded, Failed, TimedOut, Skipped or Canceled.")
    public String state;

    @JsonPropertyDescription("Attempts made so far, retries included.")
    public Integer attempts;

    @JsonPropertyDescription("When the task's first attempt started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When the task ended (RFC 3339).")
    public String endTime;

    @JsonPropertyDescription("Why the task ended as it did.")
    public String message;
  }
}
