package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Lineage emitted by the engines of a Workspace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Lineage {
  @JsonPropertyDescription(
      "Send OpenLineage events from every engine through the OpenLineage Spark listener.")
  public OpenLineage openLineage;

  /** An OpenLineage HTTP endpoint. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OpenLineage {
    @Required
    @Size(max = 2048)
    @Pattern("^https?://.+$")
    @JsonPropertyDescription(
        "Base URL of the OpenLineage HTTP API, for example http://marquez:5000.")
    public String endpoint;

    @Size(max = 253)
    @JsonPropertyDescription("OpenLineage namespace of the jobs; the Workspace's name when empty.")
    public String namespace;

    @JsonPropertyDescription("Secret key holding an API key, sent as a bearer token.")
    public SecretKeyRef apiKey;
  }
}
