package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Bounds within which the autoscaler chooses a Cluster's number of workers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.minWorkers <= self.maxWorkers",
    message = "autoscale.minWorkers must not exceed autoscale.maxWorkers")
public class Autoscale {
  @Required
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Fewest workers the autoscaler keeps while the Cluster runs.")
  public Integer minWorkers;

  @Required
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Most workers the autoscaler may start.")
  public Integer maxWorkers;

  public Autoscale() {}

  public Autoscale(int minWorkers, int maxWorkers) {
    this.minWorkers = minWorkers;
    this.maxWorkers = maxWorkers;
  }
}
