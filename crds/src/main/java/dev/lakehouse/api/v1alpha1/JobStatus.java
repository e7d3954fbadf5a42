package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator observed of a Job. Small on purpose: the runs themselves are JobRuns ({@code
 * kubectl get jobruns.lakehouse.dev -l lakehouse.dev/job=<name>}).
 */
@JsonClassDescription(
    "Observed state of a Job: phase, conditions, active runs, schedule times and recent runs.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobStatus implements ReportedStatus {
  /** Recent run names kept in status. */
  public static final int RECENT_RUNS = 5;

  @JsonPropertyDescription(
      "Summary: Scheduled (waiting for its next time), Idle (no schedule, no run), Running, "
          + "Paused or Error.")
  public String phase;

  @JsonPropertyDescription("The .metadata.generation this status was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the Job is valid and its schedule runs), Reconciling and Stalled (kstatus), each "
          + "with a reason and a message.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Runs in progress (Pending, Running or Terminating).")
  public Integer activeRuns;

  @JsonPropertyDescription("Runs waiting for a place (concurrencyPolicy Queue).")
  public Integer queuedRuns;

  @JsonPropertyDescription("The scheduled time of the latest scheduled run (RFC 3339).")
  public String lastScheduleTime;

  @JsonPropertyDescription("When the schedule starts the next run (RFC 3339).")
  public String nextScheduleTime;

  @JsonPropertyDescription("When a run of the Job last succeeded (RFC 3339).")
  public String lastSuccessfulTime;

  @JsonPropertyDescription("Names of the latest runs, newest first (at most 5).")
  public List<String> recentRuns;

  @JsonPropertyDescription(
      "The last value of the lakehouse.dev/run-now annotation that started a run: a new value "
          + "starts another one.")
  public String runNowToken;

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
}
