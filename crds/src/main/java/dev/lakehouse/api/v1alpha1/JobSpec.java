package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** A scheduled graph of tasks, run on a new job cluster or an existing Cluster. */
@JsonClassDescription(
    "Desired state of a Job: its tasks, the cluster they run on, its schedule and its limits.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.existingCluster) != has(self.jobCluster)",
    message =
        "set exactly one of spec.existingCluster (the name of a Cluster to run on) or spec.jobCluster "
            + "(a cluster created for each run)")
public class JobSpec {
  /**
   * Most inline SQL in all of a Job's tasks: a run copies the Job's spec, and an object must stay
   * far below etcd's 1.5 MiB limit at the API's maximums.
   */
  public static final String TOTAL_SQL_BYTES = "262144";

  @Required
  @Size(min = 1, max = 100)
  @ValidationRule(
      value = "self.all(t, self.exists_one(u, u.key == t.key))",
      message = "task keys must be unique within a Job")
  @ValidationRule(
      value =
          "self.map(t, has(t.sql) && has(t.sql.query) ? size(t.sql.query) : 0).sum() <= "
              + TOTAL_SQL_BYTES,
      message =
          "the tasks' inline SQL (sql.query) is at most 256 KiB in all: put long SQL in a file "
              + "(sql.file)")
  @ValidationRule(
      value = "self.all(t, !has(t.dependsOn) || t.dependsOn.all(d, self.exists(u, u.key == d)))",
      message = "every dependsOn entry must name the key of a task of this Job")
  @JsonPropertyDescription(
      "The tasks, as a graph: a task starts when the tasks in its dependsOn have finished and "
          + "its runIf holds.")
  public List<Task> tasks;

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of a Cluster in the same namespace that runs every task.")
  public String existingCluster;

  @JsonPropertyDescription(
      "A Cluster created for each run and deleted after it. Its state and "
          + "autoTerminationMinutes are not used: it lives as long as the run.")
  public ClusterSpec jobCluster;

  @JsonPropertyDescription("Run on a schedule; without one the Job runs only when triggered.")
  public Schedule schedule;

  @Default("1")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Most runs at once. A run beyond it is skipped (concurrencyPolicy Skip) or waits "
          + "(concurrencyPolicy Queue).")
  public Integer maxConcurrentRuns;

  @Default("Skip")
  @JsonPropertyDescription(
      "What happens to a run beyond maxConcurrentRuns: Skip records it as a Skipped run; Queue "
          + "keeps it Queued until a place frees up or queueTimeoutSeconds passes.")
  public ConcurrencyPolicy concurrencyPolicy;

  @Default("172800")
  @Min(1)
  @Max(172800)
  @JsonPropertyDescription(
      "How long a queued run waits for a place before it is Skipped (at most 48 hours).")
  public Integer queueTimeoutSeconds;

  @Default("3600")
  @Min(0)
  @Max(604800)
  @JsonPropertyDescription(
      "After the operator was down, a scheduled time missed by at most this many seconds still "
          + "gets its run (one: the latest missed time); an older one is reported as a "
          + "MissedSchedule event. 0 means no catch-up after downtime (a time reconciled within a "
          + "minute of its due time still runs).")
  public Integer startingDeadlineSeconds;

  @Min(0)
  @Max(31536000)
  @JsonPropertyDescription(
      "Seconds after a run ends before it is deleted with its children, whatever the history "
          + "limits; unset keeps runs until the history limits remove them.")
  public Integer ttlSecondsAfterFinished;

  @Default("false")
  @JsonPropertyDescription(
      "Keep a failed run's job cluster running (it goes with the run) so its driver and logs can "
          + "be looked at; by default a job cluster is deleted when its run ends.")
  public Boolean keepJobClusterOnFailure;

  @Default("0")
  @Min(0)
  @Max(604800)
  @JsonPropertyDescription("Seconds after which a whole run is stopped; 0 means no limit.")
  public Integer timeoutSeconds;

  @Size(max = 64)
  @JsonPropertyDescription("Parameters passed to every task as environment variables and dbt vars.")
  public Map<String, String> parameters;

  @Default("10")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "Successful runs (JobRuns, scheduled or manual) kept; older ones are deleted with their "
          + "children.")
  public Integer successfulRunsHistoryLimit;

  @Default("10")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "Runs that did not succeed (failed, timed out, canceled, skipped) kept; older ones are "
          + "deleted with their children.")
  public Integer failedRunsHistoryLimit;

  /** What happens to a run beyond maxConcurrentRuns. */
  public enum ConcurrencyPolicy {
    Skip,
    Queue
  }
}
