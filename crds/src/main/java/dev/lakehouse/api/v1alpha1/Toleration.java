package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A toleration of node taints for engine pods, as in a Pod's spec.tolerations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.operator != 'Exists' || !has(self.value) || self.value == ''",
    message = "a toleration with operator Exists takes no value")
public class Toleration {
  @Size(max = 316)
  @JsonPropertyDescription(
      "Taint key to tolerate; empty with operator Exists tolerates every taint.")
  public String key;

  @Default("Equal")
  @JsonPropertyDescription("Equal (the taint's value must match) or Exists (any value).")
  public Operator operator;

  @Size(max = 63)
  @JsonPropertyDescription("Taint value to match when operator is Equal.")
  public String value;

  @JsonPropertyDescription(
      "Taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; all effects when empty.")
  public Effect effect;

  @Min(0)
  @JsonPropertyDescription(
      "For NoExecute: how long the pod stays bound after the taint appears; forever when empty.")
  public Long tolerationSeconds;

  /** How a toleration matches a taint's value. */
  public enum Operator {
    Equal,
    Exists
  }

  /** The taint effects. */
  public enum Effect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute
  }
}
