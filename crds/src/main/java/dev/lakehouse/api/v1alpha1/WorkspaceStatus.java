package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a Workspace. */
@JsonClassDescription(
    "Observed state of a Workspace: phase, conditions, its namespace and the number of engines in it.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceStatus implements ReportedStatus {
  @JsonPropertyDescription(
      "Summary: Pending, Ready, Error or Terminating. Conditions carry the details.")
  public String phase;

  @JsonPropertyDescription("The .metadata.generation this status was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, CatalogsResolved and StorageResolved, each with a reason and a message.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The namespace the Workspace owns.")
  public String namespace;

  @JsonPropertyDescription("Number of Clusters in the namespace.")
  public Integer clusters;

  @JsonPropertyDescription("Number of Jobs in the namespace.")
  public Integer jobs;

  @JsonPropertyDescription("Number of Warehouses in the namespace.")
  public Integer warehouses;

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
