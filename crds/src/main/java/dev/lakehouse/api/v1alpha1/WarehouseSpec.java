package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.Map;

/** A SQL endpoint served by a fleet of Clusters of one size. */
@JsonClassDescription(
    "Desired state of a Warehouse: its size, the bounds of its cluster fleet, auto-stop and runtime.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.minClusters <= self.maxClusters",
    message = "minClusters must not exceed maxClusters")
// Checked when spec.clusters is written: an edit of the bounds alone may leave the operator's last
// value outside them for a moment (the operator brings it back within them).
@ValidationRule(
    value =
        "!has(self.clusters) || self.clusters == 0 || "
            + "(self.clusters >= self.minClusters && self.clusters <= self.maxClusters) || "
            + "(oldSelf.hasValue() && has(oldSelf.value().clusters) "
            + "&& oldSelf.value().clusters == self.clusters)",
    optionalOldSelf = true,
    message = "spec.clusters must be 0 (stopped) or between minClusters and maxClusters")
public class WarehouseSpec {
  @Default("Small")
  @JsonPropertyDescription(
      "Size of each of the Warehouse's clusters: 2X-Small, X-Small, Small, Medium, Large, "
          + "X-Large, 2X-Large, 3X-Large or 4X-Large. Each step doubles the workers of a cluster.")
  public WarehouseSize size;

  @Default("1")
  @Min(1)
  @Max(40)
  @JsonPropertyDescription("Fewest clusters while the Warehouse runs.")
  public Integer minClusters;

  @Default("1")
  @Min(1)
  @Max(40)
  @JsonPropertyDescription("Most clusters the Warehouse scales out to under query load.")
  public Integer maxClusters;

  @SpecReplicas
  @Min(0)
  @Max(40)
  @JsonPropertyDescription(
      "Number of clusters the autoscaler chose last; the Warehouse's scale subresource. "
          + "Leave it unset: the operator sets it between minClusters and maxClusters, and 0 while stopped.")
  public Integer clusters;

  @Default("10")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Queries one cluster runs at once; more are queued and drive scale-out.")
  public Integer maxConcurrentQueriesPerCluster;

  @Default("10")
  @Min(0)
  @Max(10080)
  @JsonPropertyDescription(
      "Minutes without queries after which the Warehouse stops to zero clusters; the next "
          + "query starts it again. 0 disables auto-stop.")
  public Integer autoStopMinutes;

  @Default("Running")
  @JsonPropertyDescription("Running, or Stopped to stop every cluster of the Warehouse.")
  public State state;

  @Default("spark-3.5")
  @Size(max = 63)
  @Pattern(ClusterSpec.RUNTIME_PATTERN)
  @JsonPropertyDescription(
      "Runtime version of the Warehouse's clusters, as in a Cluster's runtimeVersion.")
  public String runtimeVersion;

  @Size(max = 256)
  @ValidationRule(value = CredentialKeys.CEL_RULE, message = "sparkConf " + CredentialKeys.MESSAGE)
  @ValidationRule(
      value = SparkProperties.VALUE_SIZE_RULE,
      message = "sparkConf " + SparkProperties.VALUE_SIZE_MESSAGE)
  @ValidationRule(
      value = "self.all(k, k.startsWith('spark.'))",
      message = "sparkConf keys are Spark properties and start with 'spark.'")
  @JsonPropertyDescription("Spark properties of the Warehouse's clusters.")
  public Map<String, String> sparkConf;

  @JsonPropertyDescription(
      "Node selector, tolerations, labels, annotations and priority of the engine pods.")
  public PodOverrides pod;
}
