package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Limits on the engines users may create in a Workspace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Policy {
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "Most workers any Cluster may have (fixed size, or autoscale.maxWorkers).")
  public Integer maxWorkersPerCluster;

  @Min(1)
  @Max(256)
  @JsonPropertyDescription("Most cores a driver or worker node may have.")
  public Integer maxCoresPerNode;

  @Pattern(Quantities.MEMORY)
  @JsonPropertyDescription("Most memory a driver or worker node may have, for example 64Gi.")
  public String maxMemoryPerNode;

  @Min(1)
  @Max(43200)
  @JsonPropertyDescription(
      "Clusters must auto-terminate within this many idle minutes; 0 (never) is then refused.")
  public Integer maxAutoTerminationMinutes;

  @Size(max = 32)
  @JsonPropertyDescription("Runtime versions Clusters may use; any known runtime when empty.")
  public List<String> allowedRuntimeVersions;

  @Size(max = 16)
  @JsonPropertyDescription("Warehouse sizes that may be used; any size when empty.")
  public List<WarehouseSize> allowedWarehouseSizes;
}
