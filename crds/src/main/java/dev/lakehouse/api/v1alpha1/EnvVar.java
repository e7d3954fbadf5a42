package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An environment variable of the engine pods: a literal value or a reference to a Secret key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.value) && has(self.secretKeyRef))",
    message = "an environment variable takes either value or secretKeyRef, not both")
public class EnvVar {
  @Required
  @Size(min = 1, max = 128)
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @JsonPropertyDescription("Name of the variable, a C identifier such as MY_SETTING.")
  public String name;

  @Size(max = 4096)
  @JsonPropertyDescription("Literal value. Never put credentials here: use secretKeyRef.")
  public String value;

  @JsonPropertyDescription("Takes the value from a key of a Secret in the Cluster's namespace.")
  public SecretKeyRef secretKeyRef;
}
