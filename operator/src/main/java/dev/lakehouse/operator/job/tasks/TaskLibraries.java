package dev.lakehouse.operator.job.tasks;

import dev.lakehouse.api.v1alpha1.Library;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig;
import dev.lakehouse.operator.engine.config.SparkConfigRenderer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A task's {@code libraries}, added to those of the Cluster it runs on for the attempt. They are
 * rendered by the engine's own renderer ({@link SparkConfigRenderer}, as a Cluster's libraries are:
 * Maven coordinates to {@code spark.jars.packages} with their repositories and exclusions, jars to
 * {@code spark.jars}, pip packages and wheels to {@code LAKEHOUSE_PYTHON_PACKAGES}), then each list
 * is appended to the Cluster's effective value of the same property: a property given on
 * spark-submit's command line replaces the properties file's, so the attempt's {@code --conf}
 * carries both.
 *
 * @param sparkConf the properties to pass with {@code --conf}, in a fixed order; empty when the
 *     task has no JVM library
 * @param pythonPackages the Cluster's and the task's pip requirements and wheels, space-separated
 *     (the launcher installs them for sparkPython and dbt tasks); null when neither has any
 */
record TaskLibraries(Map<String, String> sparkConf, String pythonPackages) {

  /** The renderer's environment variable of pip requirements and wheels. */
  static final String PYTHON_PACKAGES = "LAKEHOUSE_PYTHON_PACKAGES";

  /** The comma-separated Spark properties a library becomes, in the order they are passed. */
  static final List<String> PROPERTIES =
      List.of(
          "spark.jars.packages", "spark.jars.repositories", "spark.jars.excludes", "spark.jars");

  static TaskLibraries of(EngineModel engine, List<Library> libraries, String task) {
    List<Library> own = libraries == null ? List.of() : libraries;
    RenderedSparkConfig cluster = engine.config();
    RenderedSparkConfig rendered =
        SparkConfigRenderer.render(null, only(engine, own), engine.runtime());
    Map<String, String> conf = new LinkedHashMap<>();
    for (String property : PROPERTIES) {
      String added = rendered.sparkDefaults().get(property);
      if (added != null) {
        conf.put(property, join(",", cluster.sparkDefaults().get(property), added));
      }
    }
    String python =
        join(" ", cluster.env().get(PYTHON_PACKAGES), rendered.env().get(PYTHON_PACKAGES));
    if (python != null) {
      for (String p : python.split(" ")) {
        String scheme = p.toLowerCase(Locale.ROOT);
        if (scheme.startsWith("s3://") || scheme.startsWith("s3a://")) {
          throw new InvalidTaskException(
              "task "
                  + task
                  + ": the wheel "
                  + p
                  + " cannot be installed for a task: pip reads https://, file:// and local:// "
                  + "wheels (and package names), not object storage");
        }
      }
    }
    return new TaskLibraries(conf, python);
  }

  /**
   * The engine as the renderer sees it, with only the task's libraries and nothing else of its own.
   */
  private static EngineDescription only(EngineModel engine, List<Library> libraries) {
    EngineDescription e = engine.engine();
    return new EngineDescription(
        e.name(),
        e.namespace(),
        e.runtimeVersion(),
        e.image(),
        e.driver(),
        e.worker(),
        Map.of(),
        List.of(),
        libraries,
        e.pod(),
        null);
  }

  /** The items of both lists, each once, the first list's first; null when both are empty. */
  private static String join(String separator, String first, String second) {
    Set<String> items = new LinkedHashSet<>();
    for (String list : new String[] {first, second}) {
      if (list != null) {
        Arrays.stream(list.split(separator.equals(" ") ? " +" : separator))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .forEach(items::add);
      }
    }
    return items.isEmpty() ? null : String.join(separator, items);
  }
}
