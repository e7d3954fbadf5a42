package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A repair of a finished run: some of its tasks run again, inside the same run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Repair {
  @Required
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Number of the repair: 1 for the first, then one more than the last. A repair whose id is "
          + "not the next one (someone repaired the run meanwhile) is refused.")
  public Integer id;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Keys of the tasks to run again; empty runs again every task that did not succeed (failed, "
          + "timed out, canceled or upstream-failed).")
  public List<@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> tasks;

  @Default("true")
  @JsonPropertyDescription("Also run again the tasks that depend on them, directly or not.")
  public Boolean includeDependents;

  @Size(max = 1024)
  @JsonPropertyDescription("Why the run is repaired, for the record.")
  public String reason;
}
