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

/** One run of a Job. */
@Group(Lakehouse.GROUP)
@Version(Lakehouse.VERSION)
@Kind("JobRun")
@Plural("jobruns")
@ShortNames("lhjr")
@Categories(Lakehouse.CATEGORY)
@JsonClassDescription(
    "One run of a Job: a snapshot of the Job's spec when the run was created, what started it, its "
        + "parameters, its repairs, and the state of each of its tasks. The schedule creates runs "
        + "named <job>-<yyyyMMddHHmm> (the scheduled time in the schedule's time zone); create one "
        + "with kubectl create to run a Job by hand. Owned by its Job: deleting the Job deletes its "
        + "runs.")
@AdditionalPrinterColumn(name = "Job", jsonPath = ".spec.job")
@AdditionalPrinterColumn(name = "Trigger", jsonPath = ".spec.trigger")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Start", jsonPath = ".status.startTime", type = Type.DATE)
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.duration")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value =
        "(has(self.spec.repairs) ? self.spec.repairs.size() : 0)"
            + " == (has(oldSelf.spec.repairs) ? oldSelf.spec.repairs.size() : 0)"
            + " || (has(self.status) && has(self.status.phase) && self.status.phase in"
            + " ['Succeeded', 'SucceededWithFailures', 'Failed', 'TimedOut', 'Canceled'])",
    message = "a run is repaired only once it has finished: wait until its phase is final")
@ValidationRule(
    value = Lakehouse.NAME_IS_DNS_LABEL_PREFIX,
    message =
        "a JobRun's name is lower-case letters, digits and '-', starting with a letter: it names "
            + "the run's job Cluster and batch Jobs")
public class JobRun extends CustomResource<JobRunSpec, JobRunStatus> implements Namespaced {}
