package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * A tenant: its namespace, who may do what, its limits, and the catalogs and storage its engines
 * attach to.
 */
@JsonClassDescription(
    "Desired state of a Workspace: its namespace, access groups, quota, policy, catalogs, storage and lineage.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.__namespace__) == has(oldSelf.__namespace__) && "
            + "(!has(self.__namespace__) || self.__namespace__ == oldSelf.__namespace__)",
    message =
        "spec.namespace cannot be changed after the Workspace is created; create a new Workspace instead")
public class WorkspaceSpec {
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Namespace the Workspace creates and owns for its Clusters, Jobs and Warehouses. "
          + "Defaults to the Workspace's name. Cannot be changed later.")
  public String namespace;

  @Size(max = 1024)
  @JsonPropertyDescription("What the Workspace is for, shown to its users.")
  public String description;

  @JsonPropertyDescription(
      "Groups bound to the lakehouse-admin, lakehouse-editor and lakehouse-viewer roles in the "
          + "Workspace's namespace.")
  public Access access;

  @JsonPropertyDescription(
      "Resource limits of the namespace (a ResourceQuota) and counts of engines.")
  public Quota quota;

  @JsonPropertyDescription(
      "Rules every Cluster, Job and Warehouse in the Workspace must follow; a violation is "
          + "reported as a PolicyViolation condition on the offending resource.")
  public Policy policy;

  @Size(max = 16)
  @ValidationRule(
      value = "self.all(c, self.exists_one(d, d.name == c.name))",
      message = "catalog names must be unique within a Workspace")
  @ValidationRule(
      value = "self.filter(c, has(c.default) && c.default).size() <= 1",
      message = "at most one catalog can be the default")
  @JsonPropertyDescription(
      "Catalogs attached to every engine of the Workspace, each registered in Spark under its "
          + "name.")
  public List<Catalog> catalogs;

  @JsonPropertyDescription("Object storage the engines read and write.")
  public Storage storage;

  @JsonPropertyDescription("Where engines send lineage events.")
  public Lineage lineage;

  @Default("Refuse")
  @JsonPropertyDescription(
      "What deleting the Workspace does while engines run: Refuse (the Workspace stays, with "
          + "a condition naming the running engines, until they are stopped or deleted) or StopEngines (the engines "
          + "are deleted first, then the namespace).")
  public DeletionPolicy deletionPolicy;

  /** What deleting a Workspace does to engines that still run. */
  public enum DeletionPolicy {
    Refuse,
    StopEngines
  }
}
