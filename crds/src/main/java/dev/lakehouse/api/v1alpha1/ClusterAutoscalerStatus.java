package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * What the autoscaler of a Cluster remembers between evaluations, kept in the status (which only
 * the operator writes) so that an operator restart neither forgets a window nor a worker it is
 * decommissioning. Times are RFC 3339.
 */
@JsonClassDescription(
    "The autoscaler's size decision and memory: the workers it wants, why, the workers it is "
        + "decommissioning, its recent decisions and its windows. Set while spec.autoscale is.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterAutoscalerStatus {
  @JsonPropertyDescription(
      "Workers the autoscaler wants now, between autoscale.minWorkers and maxWorkers.")
  public Integer desiredWorkers;

  @JsonPropertyDescription(
      "Reason of the last evaluation, for example BACKLOG, UNDERUTILIZED, STEADY or "
          + "METRICS_MISSING.")
  public String lastReason;

  @JsonPropertyDescription(
      "When the autoscaler last evaluated with an outcome different from the one before.")
  public String lastEvaluationTime;

  @JsonPropertyDescription("When the autoscaler last added workers.")
  public String lastScaleUpTime;

  @JsonPropertyDescription("When the autoscaler last removed workers.")
  public String lastScaleDownTime;

  @JsonPropertyDescription(
      "Start of the current underutilization window; workers go once it lasts long enough.")
  public String lowLoadSince;

  @JsonPropertyDescription("Since when tasks have been waiting without a break.")
  public String backlogSince;

  @JsonPropertyDescription(
      "Observed time from asking for a worker to its readiness (moving average), "
          + "in milliseconds; 0 until a start was seen.")
  public Long learnedStartupMillis;

  @Size(max = 512)
  @JsonPropertyDescription("Workers named for decommission that have not gone yet.")
  public List<Decommission> decommissioning;

  @Size(max = 30)
  @JsonPropertyDescription(
      "Highest demand per time bucket, newest last: scale-down keeps the recent peak.")
  public List<Peak> recentPeaks;

  @Size(max = 16)
  @JsonPropertyDescription("The last decisions that changed the number of workers, newest last.")
  public List<Decision> history;

  /** A worker on its way out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Decommission {
    @Required
    @JsonPropertyDescription("Name of the worker pod.")
    public String worker;

    @Required
    @JsonPropertyDescription("When the autoscaler named it.")
    public String since;
  }

  /** Demand seen in one bucket. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Peak {
    @Required
    @JsonPropertyDescription("Start of the bucket.")
    public String bucketStart;

    @Required
    @Max(100000)
    @JsonPropertyDescription("Highest demand in workers seen in the bucket.")
    public Integer workers;
  }

  /** A decision that changed the size. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Decision {
    @Required
    @JsonPropertyDescription("When it was taken.")
    public String time;

    @Required
    @JsonPropertyDescription("Workers before.")
    public Integer from;

    @Required
    @JsonPropertyDescription("Workers after.")
    public Integer to;

    @Required
    @JsonPropertyDescription("Why, for example BACKLOG or UNDERUTILIZED.")
    public String reason;
  }
}
