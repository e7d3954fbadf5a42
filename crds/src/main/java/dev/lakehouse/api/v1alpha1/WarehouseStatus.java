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

  @JsonPropertyDescription("Last time a query arrived (RFC 3339); auto-stop counts from here.")
  public String lastQueryTime;

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
