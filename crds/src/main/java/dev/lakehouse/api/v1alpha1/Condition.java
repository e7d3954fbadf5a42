package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A metav1.Condition with descriptions, so that {@code kubectl explain} can explain it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  @Required
  @JsonPropertyDescription(
      "Type of the condition in CamelCase, for example Ready, Progressing or Degraded.")
  public String type;

  @Required
  @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
  public String status;

  @JsonPropertyDescription("The .metadata.generation the condition was set from.")
  public Long observedGeneration;

  @Required
  @JsonPropertyDescription("When the condition last changed status (RFC 3339).")
  public String lastTransitionTime;

  @Required
  @JsonPropertyDescription(
      "A machine-readable CamelCase reason for the condition's last transition, for example "
          + "InvalidSpec, PolicyViolation or SecretNotFound.")
  public String reason;

  @JsonPropertyDescription(
      "A human-readable message: what happened and, when something is wrong, what to do.")
  public String message;

  public Condition() {}

  public Condition(
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      String lastTransitionTime) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
    this.observedGeneration = observedGeneration;
    this.lastTransitionTime = lastTransitionTime;
  }
}
