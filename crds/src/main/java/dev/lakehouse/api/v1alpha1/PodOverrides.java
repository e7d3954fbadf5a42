package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Placement and metadata applied to every engine pod (driver and workers). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodOverrides {
  @Size(max = 32)
  @JsonPropertyDescription(
      "Node labels an engine pod's node must carry, as in a Pod's spec.nodeSelector.")
  public Map<String, String> nodeSelector;

  @Size(max = 32)
  @JsonPropertyDescription("Tolerations of node taints, as in a Pod's spec.tolerations.")
  public List<Toleration> tolerations;

  @Size(max = 64)
  @ValidationRule(
      value = "self.all(k, !k.startsWith('lakehouse.dev/'))",
      message = "labels under lakehouse.dev/ are set by the operator and cannot be overridden")
  @JsonPropertyDescription(
      "Extra labels on engine pods. Labels under lakehouse.dev/ are reserved for the operator.")
  public Map<String, String> labels;

  @Size(max = 64)
  @JsonPropertyDescription("Extra annotations on engine pods.")
  public Map<String, String> annotations;

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("PriorityClass of engine pods.")
  public String priorityClassName;
}
