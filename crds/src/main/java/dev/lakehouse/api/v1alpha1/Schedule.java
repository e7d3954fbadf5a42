package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** When a Job runs by itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Schedule {
  @Required
  @Size(min = 9, max = 256)
  @Pattern("^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\\S+ \\S+ \\S+ \\S+ \\S+)$")
  @JsonPropertyDescription(
      "Cron expression of five fields (minute hour day-of-month month day-of-week), for "
          + "example '0 6 * * *', or a macro such as @daily.")
  public String cron;

  @Default("UTC")
  @Size(max = 64)
  @Pattern("^[A-Za-z0-9_+\\-]+(/[A-Za-z0-9_+\\-]+)*$")
  @JsonPropertyDescription(
      "IANA time zone the cron expression is read in, for example Europe/Paris.")
  public String timeZone;

  @Default("false")
  @JsonPropertyDescription(
      "Stop starting scheduled runs; runs in progress go on and manual runs still start.")
  public Boolean paused;
}
