package dev.lakehouse.api.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The runtime table: which Spark, Scala, Delta Lake and Iceberg versions (and the rest of the
 * engine's jar set) a runtime name such as {@code spark-3.5} stands for. A Cluster's {@code
 * spec.runtimeVersion} is a name from this table. The table lives in {@code
 * dev/lakehouse/runtimes.properties} on the classpath; runtime-image's jar set is resolved from the
 * same file, so the operator and the image agree on every version.
 */
public final class RuntimeVersions {
  /** Classpath location of the table. */
  public static final String RESOURCE = "dev/lakehouse/runtimes.properties";

  private static volatile RuntimeVersions bundled;

  private final Map<String, RuntimeVersion> runtimes;
  private final String defaultName;

  private RuntimeVersions(Map<String, RuntimeVersion> runtimes, String defaultName) {
    this.runtimes = Collections.unmodifiableMap(runtimes);
    this.defaultName = defaultName;
  }

  /** The table shipped in this jar (read once). */
  public static RuntimeVersions bundled() {
    RuntimeVersions table = bundled;
    if (table == null) {
      synchronized (RuntimeVersions.class) {
        table = bundled;
        if (table == null) {
          ClassLoader loader = RuntimeVersions.class.getClassLoader();
          try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException(
                  "runtime table " + RESOURCE + " is not on the classpath");
            }
            table = read(new InputStreamReader(in, StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
          }
          bundled = table;
        }
      }
    }
    return table;
  }

  /** Parses a table in the properties format of {@value #RESOURCE}; rejects an incomplete one. */
  public static RuntimeVersions read(Reader reader) throws IOException {
    Properties p = new Properties();
    p.load(reader);
    return of(p);
  }

  /** Builds the table from already loaded properties; rejects an incomplete one. */
  public static RuntimeVersions of(Properties p) {
    String list = trimmed(p, "runtimes");
    if (list == null || list.isEmpty()) {
      throw new IllegalArgumentException("runtime table: 'runtimes' lists no runtime");
    }
    Map<String, RuntimeVersion> runtimes = new LinkedHashMap<>();
    for (String raw : list.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (runtimes.containsKey(name)) {
        throw new IllegalArgumentException("runtime table: '" + name + "' is listed twice");
      }
      runtimes.put(
          name,
          new RuntimeVersion(
              name,
              required(p, name, "spark"),
              required(p, name, "scala"),
              required(p, name, "sparkBinary"),
              required(p, name, "delta"),
              required(p, name, "iceberg"),
              required(p, name, "hadoop"),
              required(p, name, "openlineage"),
              required(p, name, "pyspark"),
              SqlServer.parse(name, required(p, name, "sqlServer")),
              required(p, name, "java"),
              Optional.ofNullable(trimmed(p, name + ".status")).orElse("declared"),
              required(p, name, "dbt-core"),
              required(p, name, "dbt-spark")));
    }
    String defaultName = trimmed(p, "default");
    if (defaultName == null || !runtimes.containsKey(defaultName)) {
      throw new IllegalArgumentException(
          "runtime table: default '" + defaultName + "' is not one of " + runtimes.keySet());
    }
    return new RuntimeVersions(runtimes, defaultName);
  }

  /** Names of the runtimes, in the table's order. */
  public List<String> names() {
    return new ArrayList<>(runtimes.keySet());
  }

  /** The runtime a Cluster gets when it names none. */
  public RuntimeVersion defaultRuntime() {
    return runtimes.get(defaultName);
  }

  /**
   * The runtime of that name, or empty when the table does not know it (an InvalidSpec for a
   * Cluster).
   */
  public Optional<RuntimeVersion> find(String name) {
    return Optional.ofNullable(name == null ? null : runtimes.get(name.trim()));
  }

  /** The runtime of that name, the default when {@code name} is null or blank. */
  public RuntimeVersion resolve(String name) {
    if (name == null || name.isBlank()) {
      return defaultRuntime();
    }
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown runtimeVersion '"
                        + name
                        + "'; known runtimes: "
                        + String.join(", ", names())));
  }

  private static String required(Properties p, String runtime, String component) {
    String v = trimmed(p, runtime + "." + component);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(
          "runtime table: " + runtime + "." + component + " is missing");
    }
    return v;
  }

  private static String trimmed(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null ? null : v.trim();
  }

  /** The JDBC/Thrift endpoint the {@code sql} role serves on a runtime. */
  public enum SqlServer {
    /** Spark's HiveThriftServer2 (spark-hive-thriftserver), HiveServer2 protocol. */
    THRIFTSERVER,
    /** No JDBC/Thrift server exists for the runtime: a Warehouse cannot use it. */
    NONE;

    static SqlServer parse(String runtime, String value) {
      switch (value) {
        case "thriftserver":
          return THRIFTSERVER;
        case "none":
          return NONE;
        default:
          throw new IllegalArgumentException(
              "runtime table: "
                  + runtime
                  + ".sqlServer is '"
                  + value
                  + "', expected thriftserver or none");
      }
    }
  }

  /**
   * One row of the table.
   *
   * @param pyspark the PySpark release of the image's Python (Job tasks, dbt) and of Spark Connect
   *     clients
   * @param dbtCore the dbt-core release in the image, which runs a Job's dbt tasks
   * @param dbtSpark the dbt-spark release in the image (its {@code session} method runs dbt in the
   *     task's own Spark driver)
   */
  public record RuntimeVersion(
      String name,
      String spark,
      String scala,
      String sparkBinary,
      String delta,
      String iceberg,
      String hadoop,
      String openlineage,
      String pyspark,
      SqlServer sqlServer,
      String java,
      String status,
      String dbtCore,
      String dbtSpark) {

    /**
     * The Python packages of the image, as pip requirements: PySpark, dbt-core and dbt-spark with
     * its {@code session} extra (what {@code runtime-image/python-requirements} prints).
     */
    public List<String> pythonRequirements() {
      return List.of(
          "pyspark==" + pyspark, "dbt-core==" + dbtCore, "dbt-spark[session]==" + dbtSpark);
    }

    /** True when the runtime can serve a Warehouse's JDBC/Thrift endpoint. */
    public boolean hasSqlEndpoint() {
      return sqlServer != SqlServer.NONE;
    }

    /**
     * Artifact id of the Iceberg Spark runtime for this Spark and Scala, e.g.
     * iceberg-spark-runtime-3.5_2.12.
     */
    public String icebergSparkRuntimeArtifact() {
      return "iceberg-spark-runtime-" + sparkBinary + "_" + scala;
    }
  }
}
