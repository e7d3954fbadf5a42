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

/** A SQL endpoint for dbt and BI tools. */
@Group(Lakehouse.GROUP)
@Version(Lakehouse.VERSION)
@Kind("Warehouse")
@Plural("warehouses")
@ShortNames("lhwh")
@Categories(Lakehouse.CATEGORY)
@JsonClassDescription(
    "A SQL endpoint (JDBC/Thrift and Spark Connect) served by a fleet of Clusters of one size, "
        + "scaled out by query load between minClusters and maxClusters and stopped when idle.")
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Clusters", jsonPath = ".status.clusters", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Max", jsonPath = ".spec.maxClusters", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Running", jsonPath = ".status.runningQueries", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Queued", jsonPath = ".status.queuedQueries", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "JDBC", jsonPath = ".status.endpoints.jdbc", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value = Lakehouse.NAME_IS_DNS_LABEL_PREFIX + " && self.metadata.name.size() <= 42",
    message =
        "a Warehouse's name is at most 42 lower-case letters, digits and '-', starting with a "
            + "letter: its clusters are named <name>-<n> (n up to 40), and a Cluster's name has at "
            + "most 45 characters")
public class Warehouse extends CustomResource<WarehouseSpec, WarehouseStatus>
    implements Namespaced {}
