package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The size of each of a Cluster's worker nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerSpec {
  /** Cores when the spec leaves them out (the CRD's default, and the operator's). */
  public static final String DEFAULT_CORES = "2";

  /** Memory when the spec leaves it out (the CRD's default, and the operator's). */
  public static final String DEFAULT_MEMORY = "4Gi";

  @Default(DEFAULT_CORES)
  @Min(1)
  @Max(256)
  @JsonPropertyDescription(
      "CPU cores of each worker, which is also its number of Spark task slots.")
  public Integer cores;

  @Default(DEFAULT_MEMORY)
  @Pattern(Quantities.MEMORY)
  @JsonPropertyDescription(
      "Memory of each worker as a Kubernetes quantity, for example 16Gi; Spark gets it minus "
          + "the JVM overhead.")
  public String memory;
}
