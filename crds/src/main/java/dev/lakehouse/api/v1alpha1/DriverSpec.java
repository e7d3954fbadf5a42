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
  @Default("1")
  @Min(1)
  @Max(256)
  @JsonPropertyDescription("CPU cores of the driver.")
  public Integer cores;

  @Default("2Gi")
  @Pattern(Quantities.MEMORY)
  @JsonPropertyDescription(
      "Memory of the driver as a Kubernetes quantity, for example 8Gi; Spark gets it minus "
          + "the JVM overhead.")
  public String memory;
}
