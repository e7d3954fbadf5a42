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
  @Size(min = 6, max = 256)
  @Pattern(
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\\S+( \\S+){4}|\\S+( \\S+){5,6})$")
  @JsonPropertyDescription(
      "Cron expression: five fields (minute hour day-of-month month day-of-week), for example "
          + "'0 6 * * *'; the Quartz form of six or seven fields (second minute hour "
          + "day-of-month month day-of-week [year]), for example '0 0 6 * * ?'; or a macro such "
          + "as @daily. An expression that does not parse is reported in the Job's Ready "
          + "condition with reason InvalidSpec.")
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
