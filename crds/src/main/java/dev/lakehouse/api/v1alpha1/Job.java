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

/** A scheduled multi-task workflow. */
@Group(Lakehouse.GROUP)
@Version(Lakehouse.VERSION)
@Kind("Job")
@Plural("jobs")
@ShortNames("lhj")
@Categories(Lakehouse.CATEGORY)
@JsonClassDescription(
    "A scheduled graph of Spark, SQL and dbt tasks with retries and timeouts, run on a new job "
        + "cluster or an existing Cluster, keeping a history of its runs. kubectl get jobs shows batch Jobs: use "
        + "jobs.lakehouse.dev or the short name lhj.")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule.cron")
@AdditionalPrinterColumn(name = "Paused", jsonPath = ".spec.schedule.paused", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Active", jsonPath = ".status.activeRuns", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Last Success",
    jsonPath = ".status.lastSuccessfulTime",
    type = Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value = Lakehouse.NAME_IS_DNS_LABEL_PREFIX + " && self.metadata.name.size() <= 63",
    message =
        "a Job's name is at most 63 lower-case letters, digits and '-', starting with a letter: "
            + "its runs and their Clusters carry it in labels and names")
public class Job extends CustomResource<JobSpec, JobStatus> implements Namespaced {}
