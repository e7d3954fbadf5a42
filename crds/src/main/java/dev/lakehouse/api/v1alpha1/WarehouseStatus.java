package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a Warehouse. */
@JsonClassDescription(
    "Observed state of a Warehouse: phase, conditions, ready clusters and endpoints.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WarehouseStatus implements ReportedStatus {
  @JsonPropertyDescription("Summary: Starting, Running, Scaling, Stopping, Stopped or Error.")
  public String phase;

  @JsonPropertyDescription("The .metadata.generation this status was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing and Degraded, each with a reason and a message.")
  public List<Condition> conditions = new ArrayList<>();

  @StatusReplicas
  @JsonPropertyDescription("Number of the Warehouse's clusters that are ready.")
  public Integer clusters;

  @LabelSelector
  @JsonPropertyDescription("Label selector of the Warehouse's clusters, for the scale subresource.")
  public String selector;

  @JsonPropertyDescription("Addresses where SQL clients connect.")
  public WarehouseEndpoints endpoints;

  @JsonPropertyDescription(
      "Last time a query arrived or finished (RFC 3339), written at most once a minute; auto-stop "
          + "counts from here.")
  public String lastQueryTime;

  @JsonPropertyDescription("Open JDBC sessions over the Warehouse's clusters.")
  public Integer sessions;

  @JsonPropertyDescription("Queries running now over the Warehouse's clusters.")
  public Integer runningQueries;

  @JsonPropertyDescription(
      "Queries waiting: queued inside a cluster's SQL endpoint, or a connection the gateway holds "
          + "while the Warehouse wakes.")
  public Integer queuedQueries;

  @JsonPropertyDescription(
      "Clusters told to drain: the gateway sends them no new connections; each is deleted when its "
          + "sessions end or its drain timeout passes.")
  public List<String> draining;

  @JsonPropertyDescription(
      "The last wake request handled (the gateway's lakehouse.dev/wake-requested-at annotation).")
  public String lastWakeTime;

  @JsonPropertyDescription(
      "The autoscaler's decision and memory. Its units are the Warehouse's clusters: "
          + "desiredWorkers is the clusters it wants, decommissioning the clusters draining.")
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

  /** Where SQL clients reach a Warehouse. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WarehouseEndpoints {
    @JsonPropertyDescription(
        "JDBC URL of the Thrift/HiveServer2 endpoint, for dbt-spark, BI tools and JDBC.")
    public String jdbc;

    @JsonPropertyDescription("Spark Connect URL, sc://host:15002.")
    public String sparkConnect;
  }
}
