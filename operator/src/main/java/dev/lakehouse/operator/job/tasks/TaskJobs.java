package dev.lakehouse.operator.job.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.v1alpha1.Task;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.EngineSizes;
import dev.lakehouse.operator.engine.pods.EnginePods;
import dev.lakehouse.operator.job.tasks.TaskCommand.TaskType;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The children of one attempt of a Job's task, as a pure function of a {@link TaskAttempt}: a
 * batch/v1 Job whose single pod runs the engine image's launcher in its {@code submit} role, a
 * Spark driver in client mode against the master of the Cluster the run uses, and, for inline SQL,
 * a ConfigMap with the statements.
 *
 * <p>The batch Job never retries by itself ({@code backoffLimit: 0}, {@code restartPolicy: Never}):
 * the Job controller retries with a new batch Job per attempt. A task's {@code timeoutSeconds} is
 * the Job's {@code activeDeadlineSeconds}. Nothing removes a finished attempt (no {@code
 * ttlSecondsAfterFinished}): its pod stays, so {@code kubectl logs job/<attempt>} works, until the
 * run is deleted with its children (they are owned by the JobRun).
 *
 * <p>The pod is the engine's own kind of pod ({@link EnginePods#taskTemplate}): the Cluster's
 * rendered configuration ConfigMap and Secrets mounted as its driver and workers have them,
 * credentials only as Secret references, the restricted Pod Security profile, the driver's cores
 * and memory. A batch Job's pod template cannot change: create an attempt's children once, never
 * re-apply them from a new build (a Cluster whose configuration changed meanwhile gives another
 * template, which the API server refuses).
 *
 * <p>What the container runs, per kind of task ({@link #command}):
 *
 * <ul>
 *   <li>sql: {@code submit} with {@code LAKEHOUSE_SQL_FILE}: the inline query (the ConfigMap's
 *       {@value #QUERY_FILE} at {@value #FILES_DIR}) or the file's location (a path in the image,
 *       or an object-store URI, which Spark SQL's CLI reads through Hadoop's file systems); only on
 *       a runtime that has that CLI (spark-hive-thriftserver);
 *   <li>sparkPython: {@code submit <pythonFile> <parameters...>};
 *   <li>sparkJar: {@code submit --class <mainClass> <jar> <parameters...>};
 *   <li>dbt: {@code submit} with {@code LAKEHOUSE_DBT_PROJECT}, {@code LAKEHOUSE_DBT_COMMANDS} (a
 *       JSON array), {@code LAKEHOUSE_DBT_SCHEMA} and {@code LAKEHOUSE_DBT_VARS}: the launcher runs
 *       the commands in order in one Spark driver, with dbt-spark's {@code session} method.
 * </ul>
 *
 * Libraries of the task come first as {@code --conf} options ({@link TaskLibraries}). Every task
 * gets the run's parameters as {@code LAKEHOUSE_PARAM_<NAME>} variables (the name upper-cased,
 * every character other than A-Z and 0-9 made '_'; two parameters that give the same variable are
 * an error), dbt as {@code --vars} too, and the attempt's identity as {@code LAKEHOUSE_JOB}, {@code
 * LAKEHOUSE_RUN}, {@code LAKEHOUSE_TASK} and {@code LAKEHOUSE_ATTEMPT}. {@code {{...}}} references
 * ({@link TaskReferences}) are replaced in the parameters' values, sparkPython's and sparkJar's
 * file and parameters, sql's query and file, and dbt's project, commands and schema.
 */
public final class TaskJobs {
  /**
   * Role of an attempt's pod ({@code lakehouse.dev/role}), beside the engine's driver and worker.
   */
  public static final String ROLE = "task";

  public static final String CONTAINER = "task";

  /** Where an attempt's files (its ConfigMap) are mounted. */
  public static final String FILES_DIR = "/etc/lakehouse/task";

  /** The inline SQL's key in the attempt's ConfigMap. */
  public static final String QUERY_FILE = "query.sql";

  public static final String TASK_TYPE = "LAKEHOUSE_TASK_TYPE";
  public static final String APP_NAME = "LAKEHOUSE_APP_NAME";
  public static final String JOB = "LAKEHOUSE_JOB";
  public static final String RUN = "LAKEHOUSE_RUN";
  public static final String TASK = "LAKEHOUSE_TASK";
  public static final String ATTEMPT = "LAKEHOUSE_ATTEMPT";
  public static final String SQL_FILE = "LAKEHOUSE_SQL_FILE";
  public static final String DBT_PROJECT = "LAKEHOUSE_DBT_PROJECT";
  public static final String DBT_COMMANDS = "LAKEHOUSE_DBT_COMMANDS";
  public static final String DBT_SCHEMA = "LAKEHOUSE_DBT_SCHEMA";
  public static final String DBT_VARS = "LAKEHOUSE_DBT_VARS";
  public static final String PYTHON_PACKAGES = TaskLibraries.PYTHON_PACKAGES;

  /** Prefix of the parameters' environment variables. */
  public static final String PARAMETER_PREFIX = "LAKEHOUSE_PARAM_";

  static final String FILES_VOLUME = "task-files";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TaskJobs() {}

  /**
   * The attempt's children.
   *
   * @throws InvalidTaskException when the task cannot run as it is written (the message says why)
   */
  public static TaskChildren build(TaskAttempt attempt) {
    if (attempt.attemptName() == null || attempt.attemptName().length() > 63) {
      throw new IllegalArgumentException(
          "an attempt's batch Job name has 1 to 63 characters: " + attempt.attemptName());
    }
    TaskCommand command = command(attempt);
    Map<String, String> labels = new LinkedHashMap<>(Labels.ofWorkspace(attempt.workspace()));
    labels.put(Labels.COMPONENT, ROLE);
    labels.putAll(attemptLabels(attempt));

    Optional<ConfigMap> files =
        command.files().isEmpty()
            ? Optional.empty()
            : Optional.of(
                new ConfigMapBuilder()
                    .withMetadata(meta(attempt, labels))
                    .withData(new TreeMap<>(command.files()))
                    .build());
    List<Volume> volumes = new ArrayList<>();
    ContainerBuilder container =
        EnginePods.container(attempt.engine(), CONTAINER, command.args().toArray(String[]::new))
            .withPorts(EnginePods.port("ui", EngineNames.UI_PORT))
            .withResources(
                EnginePods.resources(
                    attempt.engine(),
                    EngineSizes.driverCores(attempt.engine().engine()),
                    EngineSizes.driverMemory(attempt.engine().engine())));
    container.withEnv(withTaskEnv(container.buildEnv(), command.env()));
    if (files.isPresent()) {
      volumes.add(
          new VolumeBuilder()
              .withName(FILES_VOLUME)
              .withNewConfigMap()
              .withName(attempt.attemptName())
              .endConfigMap()
              .build());
      container.addToVolumeMounts(
          new VolumeMountBuilder()
              .withName(FILES_VOLUME)
              .withMountPath(FILES_DIR)
              .withReadOnly(true)
              .build());
    }
    PodTemplateSpec template =
        EnginePods.taskTemplate(
            attempt.engine(), ROLE, attemptLabels(attempt), container.build(), volumes);
    Integer timeout = attempt.task().timeoutSeconds;
    Job job =
        new JobBuilder()
            .withMetadata(meta(attempt, labels))
            .withNewSpec()
            .withBackoffLimit(0)
            .withActiveDeadlineSeconds(timeout != null && timeout > 0 ? timeout.longValue() : null)
            .withTemplate(template)
            .endSpec()
            .build();
    return new TaskChildren(job, files);
  }

  /**
   * What the attempt's container runs: the launcher's arguments, the task's environment and files.
   *
   * @throws InvalidTaskException when the task cannot run as it is written
   */
  public static TaskCommand command(TaskAttempt attempt) {
    Task task = attempt.task();
    if (task == null || task.key == null) {
      throw new InvalidTaskException("a task has a key");
    }
    String key = task.key;
    TaskType type = type(task);
    if (type == TaskType.SQL && !attempt.engine().runtime().hasSqlEndpoint()) {
      throw new InvalidTaskException(
          "task "
              + key
              + ": sql tasks run Spark SQL's CLI, which runtime "
              + attempt.engine().runtime().name()
              + " does not have (spark-hive-thriftserver is not published for it): run the Job on "
              + "a runtime whose SQL endpoint is Spark's Thrift server, or use a sparkPython task");
    }
    TaskReferences refs = TaskReferences.of(attempt);
    TaskLibraries libraries = TaskLibraries.of(attempt.engine(), task.libraries, key);

    List<String> args = new ArrayList<>();
    args.add("submit");
    libraries.sparkConf().forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    Map<String, String> env = new LinkedHashMap<>();
    env.put(TASK_TYPE, type.launcherName());
    env.put(APP_NAME, attempt.runName() + "/" + key + " (attempt " + attempt.attempt() + ")");
    env.put(JOB, attempt.jobName());
    env.put(RUN, attempt.runName());
    env.put(TASK, key);
    env.put(ATTEMPT, Integer.toString(attempt.attempt()));
    Map<String, String> files = new LinkedHashMap<>();
    switch (type) {
      case SQL -> {
        Task.SqlTask sql = task.sql;
        refuseWarehouse(key, "sql", sql.warehouse);
        if (sql.query != null) {
          files.put(QUERY_FILE, refs.resolve(sql.query, "sql.query"));
          env.put(SQL_FILE, FILES_DIR + "/" + QUERY_FILE);
        } else if (sql.file != null && !sql.file.isBlank()) {
          env.put(SQL_FILE, localPathOrUri(refs.resolve(sql.file, "sql.file")));
        } else {
          throw new InvalidTaskException("task " + key + ": a sql task has a query or a file");
        }
      }
      case PYTHON -> {
        args.add(uri(refs.resolve(task.sparkPython.pythonFile, "sparkPython.pythonFile")));
        args.addAll(resolveAll(refs, task.sparkPython.parameters, "sparkPython.parameters"));
      }
      case JAR -> {
        args.addAll(List.of("--class", task.sparkJar.mainClass));
        args.add(uri(refs.resolve(task.sparkJar.jar, "sparkJar.jar")));
        args.addAll(resolveAll(refs, task.sparkJar.parameters, "sparkJar.parameters"));
      }
      case DBT -> {
        Task.DbtTask dbt = task.dbt;
        refuseWarehouse(key, "dbt", dbt.warehouse);
        env.put(DBT_PROJECT, projectPath(key, refs.resolve(dbt.project, "dbt.project")));
        List<String> commands =
            dbt.commands == null || dbt.commands.isEmpty()
                ? List.of("dbt build")
                : resolveAll(refs, dbt.commands, "dbt.commands");
        for (String c : commands) {
          if (!c.startsWith("dbt ")) {
            throw new InvalidTaskException(
                "task " + key + ": dbt command '" + c + "' does not start with 'dbt '");
          }
        }
        env.put(DBT_COMMANDS, json(commands));
        if (dbt.schema != null && !dbt.schema.isBlank()) {
          env.put(DBT_SCHEMA, refs.resolve(dbt.schema, "dbt.schema"));
        }
        if (!refs.parameters().isEmpty()) {
          env.put(DBT_VARS, json(new TreeMap<>(refs.parameters())));
        }
      }
    }
    if ((type == TaskType.PYTHON || type == TaskType.DBT) && libraries.pythonPackages() != null) {
      env.put(PYTHON_PACKAGES, libraries.pythonPackages());
    }
    env.putAll(parameterVariables(key, refs.parameters()));
    return new TaskCommand(type, args, env, files);
  }

  /**
   * The environment variable of a parameter: {@value #PARAMETER_PREFIX} and the name upper-cased,
   * each character other than A-Z and 0-9 made '_' (date -> LAKEHOUSE_PARAM_DATE, source-path ->
   * LAKEHOUSE_PARAM_SOURCE_PATH).
   */
  public static String parameterVariable(String name) {
    return PARAMETER_PREFIX + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The labels of the attempt's objects beyond the Workspace's: Job, run, task and attempt. */
  static Map<String, String> attemptLabels(TaskAttempt attempt) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.JOB, Labels.value(attempt.jobName()));
    labels.put(Labels.RUN, Labels.value(attempt.runName()));
    labels.put(Labels.TASK, Labels.value(attempt.task().key));
    labels.put(Labels.ATTEMPT, Integer.toString(attempt.attempt()));
    return labels;
  }

  private static Map<String, String> parameterVariables(String key, Map<String, String> values) {
    Map<String, String> byVariable = new TreeMap<>();
    Map<String, String> nameOf = new TreeMap<>();
    new TreeMap<>(values)
        .forEach(
            (name, value) -> {
              if (name.isEmpty()) {
                throw new InvalidTaskException("task " + key + ": a parameter has an empty name");
              }
              String variable = parameterVariable(name);
              String other = nameOf.putIfAbsent(variable, name);
              if (other != null) {
                throw new InvalidTaskException(
                    "task "
                        + key
                        + ": parameters '"
                        + other
                        + "' and '"
                        + name
                        + "' would both be the environment variable "
                        + variable
                        + ": rename one");
              }
              byVariable.put(variable, value);
            });
    return byVariable;
  }

  /**
   * The engine's environment with the task's variables: a variable of both takes the task's value.
   */
  private static List<EnvVar> withTaskEnv(List<EnvVar> engine, Map<String, String> task) {
    List<EnvVar> env = new ArrayList<>();
    for (EnvVar e : engine) {
      env.add(
          task.containsKey(e.getName()) ? new EnvVar(e.getName(), task.get(e.getName()), null) : e);
    }
    task.forEach(
        (k, v) -> {
          if (env.stream().noneMatch(e -> e.getName().equals(k))) {
            env.add(new EnvVar(k, v, null));
          }
        });
    return env;
  }

  private static TaskType type(Task task) {
    List<TaskType> types = new ArrayList<>();
    if (task.sql != null) {
      types.add(TaskType.SQL);
    }
    if (task.sparkPython != null) {
      types.add(TaskType.PYTHON);
    }
    if (task.sparkJar != null) {
      types.add(TaskType.JAR);
    }
    if (task.dbt != null) {
      types.add(TaskType.DBT);
    }
    if (types.size() != 1) {
      throw new InvalidTaskException(
          "task "
              + task.key
              + " has exactly one of sparkPython, sparkJar, sql or dbt, not "
              + types);
    }
    return types.get(0);
  }

  private static void refuseWarehouse(String key, String kind, String warehouse) {
    if (warehouse != null && !warehouse.isBlank()) {
      throw new InvalidTaskException(
          "task "
              + key
              + ": "
              + kind
              + ".warehouse is not supported yet (a task runs on the Job's cluster, not through a "
              + "Warehouse's SQL endpoint): remove it to run the task on the Job's cluster");
    }
  }

  private static List<String> resolveAll(TaskReferences refs, List<String> values, String where) {
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (int i = 0; i < values.size(); i++) {
        out.add(refs.resolve(values.get(i) == null ? "" : values.get(i), where + "[" + i + "]"));
      }
    }
    return out;
  }

  /** An application's location as Spark reads it: s3:// is Hadoop's s3a://. */
  private static String uri(String location) {
    return location.startsWith("s3://")
        ? "s3a://" + location.substring("s3://".length())
        : location;
  }

  /** A SQL file's location for the launcher: local:// and file:// become paths. */
  private static String localPathOrUri(String location) {
    for (String scheme : List.of("local://", "file://")) {
      if (location.startsWith(scheme)) {
        return location.substring(scheme.length());
      }
    }
    return uri(location);
  }

  private static String projectPath(String key, String project) {
    String path = project.startsWith("local://") ? project.substring("local://".length()) : project;
    if (!path.startsWith("/")) {
      throw new InvalidTaskException(
          "task "
              + key
              + ": dbt.project '"
              + project
              + "' is not supported yet: give the absolute path of the project in the engine "
              + "image (or local:///path); git and object-store projects are not fetched yet");
    }
    return path;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value + " as JSON", e);
    }
  }

  private static ObjectMeta meta(TaskAttempt attempt, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(attempt.attemptName())
        .withNamespace(attempt.run().getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(Owners.controlledBy(attempt.run()))
        .build();
  }
}
