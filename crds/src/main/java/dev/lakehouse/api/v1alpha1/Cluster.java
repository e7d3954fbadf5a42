package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Interactive Spark compute in a Workspace's namespace. */
@Group(Lakehouse.GROUP)
@Version(Lakehouse.VERSION)
@Kind("Cluster")
@Plural("clusters")
@ShortNames("lhc")
@Categories(Lakehouse.CATEGORY)
@JsonClassDescription(
    "A Spark engine in a Workspace's namespace: a driver running the Spark master and the Spark "
        + "Connect server, and workers that scale with kubectl scale or the autoscaler. It attaches to the Workspace's "
        + "catalogs and object storage and stops itself when idle.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Workers", jsonPath = ".spec.workers", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.workers", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Runtime", jsonPath = ".spec.runtimeVersion")
@AdditionalPrinterColumn(name = "State", jsonPath = ".spec.state", priority = 1)
@AdditionalPrinterColumn(
    name = "Connect",
    jsonPath = ".status.endpoints.sparkConnect",
    priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value = Lakehouse.NAME_IS_DNS_LABEL_PREFIX + " && self.metadata.name.size() <= 45",
    message =
        "a Cluster's name is at most 45 lower-case letters, digits and '-', starting with a "
            + "letter: it names the driver's StatefulSet (<name>-driver, whose pods' revision label "
            + "allows 52 characters) and Services")
public class Cluster extends CustomResource<ClusterSpec, ClusterStatus> implements Namespaced {}
