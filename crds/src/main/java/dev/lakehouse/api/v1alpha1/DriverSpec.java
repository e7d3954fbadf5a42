package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The size of a Cluster's driver node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriverSpec {
  /** Cores when the spec leaves them out (the CRD's default, and the operator's). */
  public static final String DEFAULT_CORES = "1";

  /** Memory when the spec leaves it out (the CRD's default, and the operator's). */
  public static final String DEFAULT_MEMORY = "2Gi";

  @Default(DEFAULT_CORES)
  @Min(1)
  @Max(256)
  @JsonPropertyDescription("CPU cores of the driver.")
  public Integer cores;

  @Default(DEFAULT_MEMORY)
  @Pattern(Quantities.MEMORY)
  @JsonPropertyDescription(
      "Memory of the driver as a Kubernetes quantity, for example 8Gi; Spark gets it minus "
          + "the JVM overhead.")
  public String memory;
}
