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
import java.util.List;
import java.util.Map;

/**
 * A Spark engine: one driver and a number of workers. A fixed size is {@code workers}; autoscaling
 * is {@code autoscale}. Both are present once the autoscaler (or kubectl scale) has recorded its
 * choice in {@code workers} through the scale subresource, which is why "exactly one" is checked on
 * create only.
 */
@JsonClassDescription(
    "Desired state of a Cluster: its runtime, the size of its driver and workers, fixed or autoscaled workers, auto-termination, Spark properties, environment, libraries and pod placement.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.workers) || has(self.autoscale)",
    message =
        "set spec.workers for a fixed number of workers, or spec.autoscale with minWorkers and maxWorkers")
@ValidationRule(
    value = "oldSelf.hasValue() || !(has(self.workers) && has(self.autoscale))",
    optionalOldSelf = true,
    message =
        "set exactly one of spec.workers (a fixed number of workers) or spec.autoscale (minWorkers and "
            + "maxWorkers), not both")
@ValidationRule(
    value =
        "!has(self.workers) || !has(self.autoscale) || "
            + "(self.workers >= self.autoscale.minWorkers && self.workers <= self.autoscale.maxWorkers)",
    message =
        "spec.workers must stay between autoscale.minWorkers and autoscale.maxWorkers while autoscaling")
public class ClusterSpec {
  /** Idle minutes before a Cluster stops, when the spec leaves them out. */
  public static final String DEFAULT_AUTO_TERMINATION_MINUTES = "120";

  /** Pattern of runtime names such as spark-4.0. */
  public static final String RUNTIME_PATTERN =
      "^[a-z][a-z0-9]*(-[0-9]+(\\.[0-9]+)*)?([-.][a-z0-9]+)*$";

  @Default("spark-3.5")
  @Size(max = 63)
  @Pattern(RUNTIME_PATTERN)
  @JsonPropertyDescription(
      "Runtime version: a name from the operator's runtime table that fixes the versions of "
          + "Spark, Delta Lake and Iceberg, for example spark-3.5. An unknown name is reported in the Ready condition "
          + "with reason InvalidSpec.")
  public String runtimeVersion;

  @Size(max = 512)
  @JsonPropertyDescription(
      "Engine image to run instead of the runtime's default image. It must follow the "
          + "runtime image contract (see runtime-image/README.md).")
  public String image;

  @Default("{}")
  @JsonPropertyDescription(
      "Size of the driver node, which runs the Spark master and the Spark Connect server.")
  public DriverSpec driver;

  @Default("{}")
  @JsonPropertyDescription("Size of each worker node.")
  public WorkerSpec worker;

  @SpecReplicas
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "Number of workers of a fixed-size Cluster. It is the Cluster's scale subresource, so kubectl "
          + "scale, an HPA or KEDA can set it. With autoscale the operator's autoscaler chooses the size "
          + "(status.autoscaler.desiredWorkers) and a value written here is kept within the bounds but "
          + "not followed; the operator never writes it.")
  public Integer workers;

  @JsonPropertyDescription(
      "Let the autoscaler choose the number of workers between minWorkers and maxWorkers.")
  public Autoscale autoscale;

  @Default(DEFAULT_AUTO_TERMINATION_MINUTES)
  @Min(0)
  @Max(43200)
  @JsonPropertyDescription(
      "Minutes without Spark activity after which the Cluster stops itself (spec.state is "
          + "left alone; status shows the termination reason). 0 disables auto-termination.")
  public Integer autoTerminationMinutes;

  @Default("Running")
  @JsonPropertyDescription(
      "Running, or Stopped to scale the Cluster to zero while keeping its definition. "
          + "Setting Running again restores it.")
  public State state;

  @Size(max = 256)
  @ValidationRule(value = CredentialKeys.CEL_RULE, message = "sparkConf " + CredentialKeys.MESSAGE)
  @ValidationRule(
      value = SparkProperties.VALUE_SIZE_RULE,
      message = "sparkConf " + SparkProperties.VALUE_SIZE_MESSAGE)
  @ValidationRule(
      value = "self.all(k, k.startsWith('spark.'))",
      message = "sparkConf keys are Spark properties and start with 'spark.'")
  @JsonPropertyDescription(
      "Spark properties added to spark-defaults.conf. They win over what the operator renders "
          + "from the Workspace, except credentials, which must come from Secrets.")
  public Map<String, String> sparkConf;

  @Size(max = 100)
  @JsonPropertyDescription("Environment variables of the driver and workers.")
  public List<EnvVar> env;

  @Size(max = 100)
  @JsonPropertyDescription("Libraries installed on the driver and every worker.")
  public List<Library> libraries;

  @JsonPropertyDescription(
      "Node selector, tolerations, labels, annotations and priority of the engine pods.")
  public PodOverrides pod;

  @JsonPropertyDescription(
      "Also serve SQL over JDBC/Thrift (HiveServer2 protocol) from the driver on port 10000, for "
          + "dbt and BI tools; only on runtimes with a SQL endpoint (spark-3.5). A Warehouse's "
          + "clusters have it.")
  public SqlEndpoint sqlEndpoint;
}
