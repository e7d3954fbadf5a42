package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One node of a Job's task graph: exactly one of sparkPython, sparkJar, sql or dbt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.sparkPython), has(self.sparkJar), has(self.sql), has(self.dbt)]"
            + ".filter(x, x).size() == 1",
    message = "a task has exactly one of sparkPython, sparkJar, sql or dbt")
@ValidationRule(
    value = "!has(self.dependsOn) || !(self.key in self.dependsOn)",
    message = "a task cannot depend on itself")
public class Task {
  @Required
  @Size(min = 1, max = 40)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Key of the task, unique within the Job: lower case letters, digits and '-'.")
  public String key;

  @Size(max = 1024)
  @JsonPropertyDescription("What the task does.")
  public String description;

  @Size(max = 32)
  @JsonPropertyDescription("Keys of the tasks that must finish before this one starts.")
  public List<String> dependsOn;

  @Default("AllSucceeded")
  @JsonPropertyDescription(
      "When the task runs, judged on the tasks it depends on: AllSucceeded, "
          + "AtLeastOneSucceeded, NoneFailed, AllDone, AtLeastOneFailed or AllFailed.")
  public RunIf runIf;

  @JsonPropertyDescription("Run a Python file with spark-submit.")
  public SparkPythonTask sparkPython;

  @JsonPropertyDescription("Run a main class from a jar with spark-submit.")
  public SparkJarTask sparkJar;

  @JsonPropertyDescription("Run SQL statements.")
  public SqlTask sql;

  @JsonPropertyDescription("Run dbt commands of a dbt project.")
  public DbtTask dbt;

  @Default("0")
  @Min(-1)
  @Max(100)
  @JsonPropertyDescription("How many times a failed attempt is retried; -1 retries for ever.")
  public Integer maxRetries;

  @Default("0")
  @Min(0)
  @Max(86400)
  @JsonPropertyDescription(
      "Least seconds between the start of a failed attempt and the start of its retry.")
  public Integer minRetryIntervalSeconds;

  @Default("false")
  @JsonPropertyDescription("Also retry an attempt that timed out.")
  public Boolean retryOnTimeout;

  @Default("0")
  @Min(0)
  @Max(604800)
  @JsonPropertyDescription(
      "Seconds after which an attempt is stopped and counted as timed out; 0 means no limit.")
  public Integer timeoutSeconds;

  @Size(max = 100)
  @JsonPropertyDescription("Libraries the task needs, added to its cluster for the run.")
  public List<Library> libraries;

  /** When a task runs, given how the tasks it depends on ended. */
  public enum RunIf {
    AllSucceeded,
    AtLeastOneSucceeded,
    NoneFailed,
    AllDone,
    AtLeastOneFailed,
    AllFailed
  }

  /** A PySpark program. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SparkPythonTask {
    @Required
    @Size(min = 1, max = 2048)
    @JsonPropertyDescription(
        "URI of the Python file, for example s3a://code/etl/daily.py or local:///app/job.py.")
    public String pythonFile;

    @Size(max = 256)
    @JsonPropertyDescription("Command-line arguments of the program.")
    public List<String> parameters;
  }

  /** A JVM Spark program. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SparkJarTask {
    @Required
    @Size(min = 1, max = 512)
    @JsonPropertyDescription("Fully qualified main class.")
    public String mainClass;

    @Required
    @Size(min = 1, max = 2048)
    @JsonPropertyDescription("URI of the jar with the main class.")
    public String jar;

    @Size(max = 256)
    @JsonPropertyDescription("Command-line arguments of the program.")
    public List<String> parameters;
  }

  /** SQL statements, inline or from a file. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.query) != has(self.file)",
      message = "a sql task has exactly one of query or file")
  public static class SqlTask {
    @Size(max = 65536)
    @JsonPropertyDescription("SQL statements separated by ';'.")
    public String query;

    @Size(max = 2048)
    @JsonPropertyDescription("URI of a file of SQL statements.")
    public String file;

    @Size(max = 253)
    @JsonPropertyDescription("Warehouse that runs the SQL; the Job's cluster when empty.")
    public String warehouse;
  }

  /** A dbt project run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DbtTask {
    @Required
    @Size(min = 1, max = 2048)
    @JsonPropertyDescription(
        "Location of the dbt project: a path in the task image or a git/s3a URI.")
    public String project;

    @Size(min = 1, max = 32)
    @Default("[\"dbt build\"]")
    @ValidationRule(
        value = "self.all(c, c.startsWith('dbt '))",
        message = "dbt commands start with 'dbt '")
    @JsonPropertyDescription(
        "dbt commands to run in order, for example 'dbt deps' and 'dbt build'.")
    public List<String> commands;

    @Size(max = 253)
    @JsonPropertyDescription("Warehouse dbt connects to; the Job's cluster when empty.")
    public String warehouse;

    @Size(max = 253)
    @JsonPropertyDescription("dbt target schema; the profile's when empty.")
    public String schema;
  }
}
