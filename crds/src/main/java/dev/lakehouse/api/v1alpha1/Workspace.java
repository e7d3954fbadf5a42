package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tenant of the lakehouse (cluster-scoped). */
@Group(Lakehouse.GROUP)
@Version(Lakehouse.VERSION)
@Kind("Workspace")
@Plural("workspaces")
@ShortNames("lhws")
@Categories(Lakehouse.CATEGORY)
@JsonClassDescription(
    "A tenant of the lakehouse: the namespace it owns, who may do what there, its quotas and "
        + "policies, and the catalogs and object storage every Cluster, Job and Warehouse in it is attached to.")
@AdditionalPrinterColumn(name = "Namespace", jsonPath = ".status.namespace")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Clusters", jsonPath = ".status.clusters", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Jobs",
    jsonPath = ".status.jobs",
    type = Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Warehouses",
    jsonPath = ".status.warehouses",
    type = Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.__namespace__)) || "
            + "(self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$') "
            + "&& self.metadata.name.size() <= 63)",
    message =
        "metadata.name must be a namespace's name (at most 63 lower-case letters, digits and '-') "
            + "when spec.namespace is not set: the Workspace's namespace is named after it; set "
            + "spec.namespace or choose another name")
public class Workspace extends CustomResource<WorkspaceSpec, WorkspaceStatus> {}
