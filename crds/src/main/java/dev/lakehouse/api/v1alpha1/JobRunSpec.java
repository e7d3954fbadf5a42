package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** What a run runs and why. Only repairs may be added after the run is created. */
@JsonClassDescription(
    "Desired state of a JobRun: the Job it runs, what started it, its parameters and the repairs "
        + "asked of it. The Job's spec is copied into jobSpec when the run is created (by the "
        + "operator when empty), so later edits of the Job change no run in progress.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.job == oldSelf.job",
    message = "spec.job cannot change: create another JobRun")
@ValidationRule(value = "self.trigger == oldSelf.trigger", message = "spec.trigger cannot change")
@ValidationRule(
    value = "!has(oldSelf.scheduledTime) || self.scheduledTime == oldSelf.scheduledTime",
    message = "spec.scheduledTime cannot change")
@ValidationRule(
    value = "!has(oldSelf.parameters) || self.parameters == oldSelf.parameters",
    message = "spec.parameters cannot change once the run exists: create another JobRun")
@ValidationRule(
    value = "!has(oldSelf.jobSpec) || self.jobSpec == oldSelf.jobSpec",
    message = "spec.jobSpec is the Job's spec when the run was created and cannot change")
@ValidationRule(
    value =
        "!has(oldSelf.repairs) || (has(self.repairs) && self.repairs.size() >= oldSelf.repairs.size()"
            + " && oldSelf.repairs.all(r, r in self.repairs))",
    message = "spec.repairs is append-only: add a repair, do not change or remove one")
public class JobRunSpec {
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the Job in the same namespace that this run runs.")
  public String job;

  @Default("Manual")
  @JsonPropertyDescription("What started the run: Schedule or Manual.")
  public RunTrigger trigger;

  @Size(max = 64)
  @JsonPropertyDescription(
      "For a scheduled run, the time it was scheduled for (RFC 3339); it names the run.")
  public String scheduledTime;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Parameters of this run; they override the Job's parameters of the same name.")
  public Map<@Size(max = 128) String, @Size(max = 4096) String> parameters;

  @JsonPropertyDescription(
      "The Job's spec when the run was created. Leave it out when creating a run by hand: the "
          + "operator fills it in from the Job.")
  public JobSpec jobSpec;

  @Size(max = 100)
  @ValidationRule(
      value = "self.all(r, r.id <= self.size())",
      message =
          "a repair's id is the next one: 1 for the first, then one more than the last (the run "
              + "was repaired meanwhile if yours is taken: read the run again)")
  @ValidationRule(
      value = "self.all(r, self.exists_one(s, s.id == r.id))",
      message =
          "repair ids are unique: this id is taken, the run was repaired meanwhile; read it again")
  @JsonPropertyDescription(
      "Repairs of the run, oldest first. Append one to run failed tasks (or named tasks) again "
          + "once the run has finished; the tasks run inside this run, with the Job's current "
          + "spec. Append-only.")
  public List<Repair> repairs;
}
