package dev.lakehouse.operator.engine.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the operator gives an engine: the contents of its configuration ConfigMap and the Secret
 * references its pods need. Nothing in here is a credential: secrets are named (Secret name and
 * key), never copied.
 *
 * @param sparkDefaults Spark properties of spark-defaults.conf, sorted by key
 * @param env plain environment variables of the engine pods (no credentials), sorted by name
 * @param secretEnv environment variables whose value is a Secret key (a secretKeyRef in the pod
 *     spec; the launcher reads the mounted file when the variable is not set)
 * @param secretConf Spark properties whose value is a Secret key, read by the launcher from the
 *     mounted file at start and given to Spark in a private properties file, never in
 *     spark-defaults.conf
 * @param secretMounts names of the Secrets to mount under the secrets directory (one directory per
 *     Secret)
 * @param warnings what the renderer left out and why (for the Cluster's conditions and events)
 */
public record RenderedSparkConfig(
    SortedMap<String, String> sparkDefaults,
    SortedMap<String, String> env,
    List<SecretEnv> secretEnv,
    List<SecretConf> secretConf,
    SortedSet<String> secretMounts,
    List<String> warnings) {

  /** File names of the configuration contract (see runtime-image/README.md). */
  public static final String SPARK_DEFAULTS_FILE = "spark-defaults.conf";

  public static final String SECRET_ENV_FILE = "secret-env.refs";
  public static final String SECRET_CONF_FILE = "secret-conf.refs";
  public static final String LAUNCHER_ENV_FILE = "launcher.env";

  public RenderedSparkConfig {
    sparkDefaults = Collections.unmodifiableSortedMap(new TreeMap<>(sparkDefaults));
    env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
    secretEnv =
        List.copyOf(secretEnv.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList());
    secretConf =
        List.copyOf(
            secretConf.stream().sorted((a, b) -> a.property().compareTo(b.property())).toList());
    secretMounts = Collections.unmodifiableSortedSet(new TreeSet<>(secretMounts));
    warnings = List.copyOf(warnings);
  }

  /** An environment variable taken from a Secret key. */
  public record SecretEnv(String name, String secretName, String key) {
    /** The launcher's form: NAME=secretName/key. */
    public String ref() {
      return name + "=" + secretName + "/" + key;
    }
  }

  /** A Spark property taken from a Secret key. */
  public record SecretConf(String property, String secretName, String key) {
    /** The launcher's form: spark.property=secretName/key. */
    public String ref() {
      return property + "=" + secretName + "/" + key;
    }
  }

  /**
   * spark-defaults.conf: one {@code key=value} line per property, sorted, in java.util.Properties
   * syntax.
   */
  public String sparkDefaultsFile() {
    StringBuilder out =
        new StringBuilder(
            "# Rendered by the Lakehouse operator. No credentials: see secret-*.refs.\n");
    for (Map.Entry<String, String> e : sparkDefaults.entrySet()) {
      out.append(escape(e.getKey(), true))
          .append('=')
          .append(escape(e.getValue(), false))
          .append('\n');
    }
    return out.toString();
  }

  /** secret-env.refs: NAME=secretName/key lines. */
  public String secretEnvFile() {
    StringBuilder out =
        new StringBuilder("# Environment variables from Secret keys: NAME=secretName/key\n");
    secretEnv.forEach(s -> out.append(s.ref()).append('\n'));
    return out.toString();
  }

  /** secret-conf.refs: spark.property=secretName/key lines. */
  public String secretConfFile() {
    StringBuilder out =
        new StringBuilder("# Spark properties from Secret keys: spark.property=secretName/key\n");
    secretConf.forEach(s -> out.append(s.ref()).append('\n'));
    return out.toString();
  }

  /** launcher.env: NAME=value lines of the plain (non-secret) environment, shell-quoted. */
  public String launcherEnvFile() {
    StringBuilder out = new StringBuilder();
    env.forEach((k, v) -> out.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
    return out.toString();
  }

  /** Everything the ConfigMap holds, by file name. */
  public SortedMap<String, String> configMapData() {
    SortedMap<String, String> data = new TreeMap<>();
    data.put(SPARK_DEFAULTS_FILE, sparkDefaultsFile());
    data.put(SECRET_ENV_FILE, secretEnvFile());
    data.put(SECRET_CONF_FILE, secretConfFile());
    data.put(LAUNCHER_ENV_FILE, launcherEnvFile());
    return data;
  }

  List<String> secretNames() {
    List<String> names = new ArrayList<>(secretMounts);
    secretEnv.forEach(s -> names.add(s.secretName()));
    return names;
  }

  private static String escape(String s, boolean key) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case '=', ':' -> out.append(key ? "\\" + c : String.valueOf(c));
        case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
        case '#', '!' -> out.append(i == 0 ? "\\" + c : String.valueOf(c));
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
