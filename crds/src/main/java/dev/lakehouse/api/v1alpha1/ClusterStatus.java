package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a Cluster. */
@JsonClassDescription(
    "Observed state of a Cluster: phase, conditions, ready workers, endpoints and last activity.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterStatus implements ReportedStatus {
  @JsonPropertyDescription(
      "Summary of the Cluster's lifecycle: Pending, Running, Resizing, Restarting, "
          + "Terminating, Terminated or Error. Conditions carry the details.")
  public String phase;

  @JsonPropertyDescription("The .metadata.generation this status was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Progressing, Degraded and Suspended, each with a reason and a message.")
  public List<Condition> conditions = new ArrayList<>();

  @StatusReplicas
  @JsonPropertyDescription("Number of workers that are ready.")
  public Integer workers;

  @LabelSelector
  @JsonPropertyDescription(
      "Label selector of the worker pods, for the scale subresource (HPA, KEDA).")
  public String selector;

  @JsonPropertyDescription("Addresses of the engine inside the cluster.")
  public ClusterEndpoints endpoints;

  @JsonPropertyDescription(
      "Last time Spark reported activity (RFC 3339); auto-termination counts from here.")
  public String lastActivityTime;

  @JsonPropertyDescription(
      "Why the Cluster last stopped, for example AutoTerminated (idle) or UserRequest.")
  public String terminationReason;

  @JsonPropertyDescription("The autoscaler's decision and memory, while spec.autoscale is set.")
  public ClusterAutoscalerStatus autoscaler;

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

  /** Where clients reach a Cluster's engine. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ClusterEndpoints {
    @JsonPropertyDescription(
        "Spark Connect URL for PySpark and other Spark Connect clients, sc://host:15002.")
    public String sparkConnect;

    @JsonPropertyDescription("Spark standalone master URL, spark://host:7077.")
    public String master;

    @JsonPropertyDescription("Spark UI URL.")
    public String ui;
  }
}
