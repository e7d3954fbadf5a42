package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Limits of a Workspace's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Quota {
  @Pattern(Quantities.CPU)
  @JsonPropertyDescription(
      "Total CPU requests of all pods in the namespace, for example 64 or 500m.")
  public String cpu;

  @Pattern(Quantities.MEMORY)
  @JsonPropertyDescription("Total memory requests of all pods in the namespace, for example 256Gi.")
  public String memory;

  @Min(0)
  @Max(100000)
  @JsonPropertyDescription("Most pods in the namespace.")
  public Integer pods;

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Most Clusters in the namespace, Warehouse and job clusters included.")
  public Integer clusters;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Most Warehouses in the namespace.")
  public Integer warehouses;

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Most Jobs in the namespace.")
  public Integer jobs;
}
