package dev.lakehouse.operator.job.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an attempt's container runs: the engine image's launcher ({@code ENTRYPOINT}) with these
 * arguments and, on top of the environment every engine pod has (the master, the configuration
 * contract, the Cluster's literal and Secret variables), this environment.
 *
 * @param type the kind of task, also in {@code LAKEHOUSE_TASK_TYPE}
 * @param args the container's arguments: {@code submit}, then spark-submit options, then for
 *     sparkPython and sparkJar tasks the application and its arguments
 * @param env the task's own variables, in the order the container lists them
 * @param files the files of the attempt's ConfigMap, by key, mounted at {@link TaskJobs#FILES_DIR};
 *     empty when the attempt needs none
 */
public record TaskCommand(
    TaskType type, List<String> args, Map<String, String> env, Map<String, String> files) {

  public TaskCommand {
    args = List.copyOf(args);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** The four kinds of task, by the launcher's name for them. */
  public enum TaskType {
    SQL("sql"),
    PYTHON("python"),
    JAR("jar"),
    DBT("dbt");

    private final String launcherName;

    TaskType(String launcherName) {
      this.launcherName = launcherName;
    }

    /** The value of {@code LAKEHOUSE_TASK_TYPE}. */
    public String launcherName() {
      return launcherName;
    }
  }
}
