package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Which groups of users get which role in a Workspace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Access {
  @Size(max = 32)
  @JsonPropertyDescription(
      "Groups bound to lakehouse-admin: everything on the four kinds, Secrets and RoleBindings "
          + "of the namespace.")
  public List<String> adminGroups;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Groups bound to lakehouse-editor: create, change and delete Clusters, Jobs and "
          + "Warehouses.")
  public List<String> userGroups;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Groups bound to lakehouse-viewer: read-only access to the four kinds and their status.")
  public List<String> viewerGroups;
}
