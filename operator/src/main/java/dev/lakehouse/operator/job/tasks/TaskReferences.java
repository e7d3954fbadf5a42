package dev.lakehouse.operator.job.tasks;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{...}}} references of a task, replaced by their values when an attempt is built.
 *
 * <table>
 *   <caption>References</caption>
 *   <tr><th>reference</th><th>value</th></tr>
 *   <tr><td>{@code run.name}, {@code run.id}</td><td>the JobRun's name (the id is the name)</td></tr>
 *   <tr><td>{@code run.date}</td><td>the scheduled time's date in the schedule's time zone
 *       (yyyy-MM-dd); for a manual run, the date the run started, in the same zone</td></tr>
 *   <tr><td>{@code run.scheduledTime}</td><td>the scheduled time, RFC 3339 in UTC to the second
 *       (2026-01-05T04:00:00Z); for a manual run, the time it started</td></tr>
 *   <tr><td>{@code run.startTime}</td><td>the time the run started, RFC 3339 in UTC</td></tr>
 *   <tr><td>{@code run.trigger}</td><td>Schedule or Manual</td></tr>
 *   <tr><td>{@code run.attempt}</td><td>the attempt's number, from 1</td></tr>
 *   <tr><td>{@code run.repair}</td><td>the repair's id, 0 for the run's own attempts</td></tr>
 *   <tr><td>{@code job.name}, {@code job.namespace}</td><td>the Job and its namespace</td></tr>
 *   <tr><td>{@code task.key}</td><td>the task's key</td></tr>
 *   <tr><td>{@code parameters.<name>}</td><td>the value of the run's parameter (the Job's merged
 *       with the run's), itself substituted</td></tr>
 * </table>
 *
 * <p>A reference is {@code {{name}}}, spaces allowed inside the braces ({@code {{ run.date }}}).
 * Only names in the four namespaces {@code run.}, {@code job.}, {@code task.} and {@code
 * parameters.} are references: anything else in double braces (a dbt Jinja expression such as
 * {@code {{ var('x') }}} or {@code {{ ref('orders') }}}) is left as it is. A name in those
 * namespaces that is not in the table, or a parameter the run does not have, is an error ({@link
 * InvalidTaskException}): a misspelt {@code {{run.dat}}} fails the task before it runs instead of
 * writing to a wrong partition. Substitution is one pass: a value is never scanned again. Parameter
 * values may use every reference except {@code parameters.*}.
 */
public final class TaskReferences {
  /** The references besides {@code parameters.<name>}, in the order they are documented. */
  public static final List<String> NAMES =
      List.of(
          "run.name",
          "run.id",
          "run.date",
          "run.scheduledTime",
          "run.startTime",
          "run.trigger",
          "run.attempt",
          "run.repair",
          "job.name",
          "job.namespace",
          "task.key");

  static final String PARAMETERS = "parameters.";

  private static final Pattern REFERENCE =
      Pattern.compile("\\{\\{\\s*((?:run|job|task|parameters)\\.[^{}\\s]+)\\s*}}");

  private final String task;
  private final Map<String, String> values;
  private final Map<String, String> parameters;

  private TaskReferences(String task, Map<String, String> values, Map<String, String> parameters) {
    this.task = task;
    this.values = values;
    this.parameters = parameters;
  }

  /** The references of an attempt; its parameters' values are substituted here. */
  public static TaskReferences of(TaskAttempt attempt) {
    String key = attempt.task() == null ? null : attempt.task().key;
    ZoneId zone;
    try {
      zone =
          attempt.zone() == null || attempt.zone().isBlank()
              ? ZoneOffset.UTC
              : ZoneId.of(attempt.zone());
    } catch (DateTimeException e) {
      throw new InvalidTaskException(
          "task " + key + ": time zone '" + attempt.zone() + "' is not an IANA time zone");
    }
    Instant start = attempt.runStart() == null ? Instant.EPOCH : attempt.runStart();
    Instant scheduled = attempt.scheduledTime() != null ? attempt.scheduledTime() : start;
    Map<String, String> values = new LinkedHashMap<>();
    values.put("run.name", attempt.runName());
    values.put("run.id", attempt.runName());
    values.put("run.date", DateTimeFormatter.ISO_LOCAL_DATE.format(scheduled.atZone(zone)));
    values.put("run.scheduledTime", rfc3339(scheduled));
    values.put("run.startTime", rfc3339(start));
    values.put("run.trigger", attempt.trigger() == null ? "Manual" : attempt.trigger().name());
    values.put("run.attempt", Integer.toString(attempt.attempt()));
    values.put("run.repair", Integer.toString(attempt.repair() == null ? 0 : attempt.repair()));
    values.put("job.name", attempt.jobName());
    values.put("job.namespace", attempt.run().getMetadata().getNamespace());
    values.put("task.key", key);
    TaskReferences plain = new TaskReferences(key, values, Map.of());
    Map<String, String> parameters = new TreeMap<>();
    attempt
        .parameters()
        .forEach(
            (name, value) ->
                parameters.put(
                    name, value == null ? "" : plain.resolve(value, "parameter " + name, false)));
    return new TaskReferences(key, values, parameters);
  }

  /** The run's parameters with their references replaced, by name. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The value of a reference name (run.date, parameters.source), null when there is none. */
  public String value(String name) {
    if (name.startsWith(PARAMETERS)) {
      return parameters.get(name.substring(PARAMETERS.length()));
    }
    return values.get(name);
  }

  /**
   * {@code text} with every reference replaced.
   *
   * @param where what the text is (sql.query, sparkPython.parameters[1]), for the error message
   * @throws InvalidTaskException naming the first unknown reference
   */
  public String resolve(String text, String where) {
    return resolve(text, where, true);
  }

  private String resolve(String text, String where, boolean withParameters) {
    if (text == null || !text.contains("{{")) {
      return text;
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String name = m.group(1);
      if (!withParameters && name.startsWith(PARAMETERS)) {
        throw new InvalidTaskException(
            "task "
                + task
                + ": "
                + where
                + ": {{"
                + name
                + "}}: a parameter's value cannot refer to a parameter");
      }
      String value = value(name);
      if (value == null) {
        throw new InvalidTaskException(
            "task "
                + task
                + ": "
                + where
                + ": unknown reference {{"
                + name
                + "}}; known: "
                + known());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String known() {
    StringBuilder out = new StringBuilder();
    NAMES.forEach(n -> out.append("{{").append(n).append("}}, "));
    out.append("{{parameters.<name>}}");
    out.append(
        parameters.isEmpty()
            ? " (the run has no parameters)"
            : " of the run's parameters " + String.join(", ", parameters.keySet()));
    return out.toString();
  }

  private static String rfc3339(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
