package dev.lakehouse.operator.engine.config;

import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.v1alpha1.Catalog;
import dev.lakehouse.api.v1alpha1.CredentialKeys;
import dev.lakehouse.api.v1alpha1.EnvVar;
import dev.lakehouse.api.v1alpha1.Library;
import dev.lakehouse.api.v1alpha1.Lineage;
import dev.lakehouse.api.v1alpha1.Storage;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.api.v1alpha1.WorkspaceSpec;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.EngineSizes;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig.SecretConf;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig.SecretEnv;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders an engine's Spark configuration from its Workspace and its description: a pure function,
 * the same for the Cluster controller (which puts the result in a ConfigMap and the pod specs) and
 * for the data-path suite (which hands it to the launcher as plain files).
 *
 * <p>Order of precedence, lowest first: the operator's base settings, the runtime, the Workspace's
 * storage, catalogs and lineage, the Cluster's sizes and libraries, then the Cluster's {@code
 * sparkConf}, which wins over all of them except that it can never set a credential. Credentials
 * never appear in the output as values: only as Secret references (environment variables from
 * Secret keys, or Spark properties the launcher reads from mounted Secret files), and as Hadoop
 * {@code ${env.NAME}} references to such variables.
 */
public final class SparkConfigRenderer {

  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String ICEBERG_EXTENSION =
      "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  static final String ICEBERG_CATALOG = "org.apache.iceberg.spark.SparkCatalog";
  static final String UNITY_CATALOG = "io.unitycatalog.spark.UCSingleCatalog";
  static final String OPENLINEAGE_LISTENER = "io.openlineage.spark.agent.OpenLineageSparkListener";

  /**
   * Environment variables of the Workspace's default S3 access key pair (read by every AWS SDK and
   * S3A).
   */
  public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  private SparkConfigRenderer() {}

  /** Renders with the Spark Connect port the engine image uses (15002). */
  public static RenderedSparkConfig render(
      Workspace workspace, EngineDescription engine, RuntimeVersion runtime) {
    return render(workspace, engine, runtime, EngineNames.CONNECT_PORT);
  }

  /**
   * Renders the configuration of {@code engine}, attached to {@code workspace}, on {@code runtime}.
   *
   * @param connectPort the Spark Connect port of the driver
   */
  public static RenderedSparkConfig render(
      Workspace workspace, EngineDescription engine, RuntimeVersion runtime, int connectPort) {
    Builder b = new Builder();
    WorkspaceSpec ws =
        workspace == null || workspace.getSpec() == null
            ? new WorkspaceSpec()
            : workspace.getSpec();

    base(b, workspace, engine, runtime, connectPort);
    if (ws.storage != null) {
      storage(b, ws.storage);
    }
    if (ws.catalogs != null) {
      catalogs(b, ws.catalogs, ws.storage);
    }
    if (ws.lineage != null && ws.lineage.openLineage != null) {
      lineage(b, ws.lineage.openLineage, workspace);
    }
    sizes(b, engine);
    sharing(b);
    env(b, engine.env());
    libraries(b, engine.libraries());
    userSparkConf(b, engine.sparkConf());
    return b.build();
  }

  private static void base(
      Builder b,
      Workspace workspace,
      EngineDescription engine,
      RuntimeVersion runtime,
      int connectPort) {
    b.conf("spark.sql.extensions", DELTA_EXTENSION + "," + ICEBERG_EXTENSION);
    b.conf("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    b.conf("spark.connect.grpc.binding.port", Integer.toString(connectPort));
    // Graceful scale-down: a worker the autoscaler names is decommissioned, its blocks migrated,
    // before it goes.
    b.conf("spark.decommission.enabled", "true");
    b.conf("spark.storage.decommission.enabled", "true");
    b.conf("spark.storage.decommission.shuffleBlocks.enabled", "true");
    b.conf("spark.storage.decommission.rddBlocks.enabled", "true");
    b.conf("spark.lakehouse.runtime", runtime.name());
    if (workspace != null
        && workspace.getMetadata() != null
        && workspace.getMetadata().getName() != null) {
      b.conf("spark.lakehouse.workspace", workspace.getMetadata().getName());
    }
    if (engine.name() != null) {
      String ns = engine.namespace();
      b.conf("spark.lakehouse.cluster", (ns == null ? "" : ns + "/") + engine.name());
    }
  }

  // ---------------------------------------------------------------------------------------------------- storage

  private static void storage(Builder b, Storage storage) {
    // s3:// paths are served by S3A too, so tables written as s3://bucket/... work in Spark.
    b.conf("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    Storage.S3Connection s3 = storage.s3;
    if (s3 != null) {
      String region = s3.region == null || s3.region.isBlank() ? "us-east-1" : s3.region;
      boolean pathStyle = Boolean.TRUE.equals(s3.pathStyleAccess);
      if (s3.endpoint != null && !s3.endpoint.isBlank()) {
        b.conf("spark.hadoop.fs.s3a.endpoint", s3.endpoint);
        b.conf(
            "spark.hadoop.fs.s3a.connection.ssl.enabled",
            Boolean.toString(s3.endpoint.startsWith("https:")));
      }
      b.conf("spark.hadoop.fs.s3a.endpoint.region", region);
      b.conf("spark.hadoop.fs.s3a.path.style.access", Boolean.toString(pathStyle));
      b.env("AWS_REGION", region);
      if (s3.credentials != null) {
        // Every SDK (S3A's and Iceberg's S3FileIO) reads these from the environment; Spark's config
        // never has them.
        b.secretEnv(
            AWS_ACCESS_KEY_ID,
            s3.credentials.secretName,
            orDefault(s3.credentials.accessKeyIdKey, "accessKeyId"));
        b.secretEnv(
            AWS_SECRET_ACCESS_KEY,
            s3.credentials.secretName,
            orDefault(s3.credentials.secretAccessKeyKey, "secretAccessKey"));
      }
    }
    if (storage.buckets != null) {
      for (Storage.Bucket bucket : storage.buckets) {
        String p = "spark.hadoop.fs.s3a.bucket." + bucket.name + ".";
        if (bucket.endpoint != null) {
          b.conf(p + "endpoint", bucket.endpoint);
          b.conf(
              p + "connection.ssl.enabled", Boolean.toString(bucket.endpoint.startsWith("https:")));
        }
        if (bucket.region != null) {
          b.conf(p + "endpoint.region", bucket.region);
        }
        if (bucket.pathStyleAccess != null) {
          b.conf(p + "path.style.access", bucket.pathStyleAccess.toString());
        }
        if (bucket.credentials != null) {
          String var = "LAKEHOUSE_S3_" + envToken(bucket.name);
          b.secretEnv(
              var + "_ACCESS_KEY_ID",
              bucket.credentials.secretName,
              orDefault(bucket.credentials.accessKeyIdKey, "accessKeyId"));
          b.secretEnv(
              var + "_SECRET_ACCESS_KEY",
              bucket.credentials.secretName,
              orDefault(bucket.credentials.secretAccessKeyKey, "secretAccessKey"));
          // Hadoop expands ${env.NAME} when S3A reads the key: the file holds a reference, never
          // the key.
          b.conf(
              p + "aws.credentials.provider",
              "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
          b.conf(p + "access.key", "${env." + var + "_ACCESS_KEY_ID}");
          b.conf(p + "secret.key", "${env." + var + "_SECRET_ACCESS_KEY}");
        }
      }
    }
    if (storage.warehouseLocation != null && !storage.warehouseLocation.isBlank()) {
      b.conf("spark.sql.warehouse.dir", s3a(storage.warehouseLocation));
    }
  }

  // --------------------------------------------------------------------------------------------------- catalogs

  private static void catalogs(Builder b, List<Catalog> catalogs, Storage storage) {
    boolean hiveSeen = false;
    for (Catalog c : catalogs) {
      if (c == null || c.name == null || c.type == null || c.uri == null) {
        b.warn("catalog without name, type or uri skipped");
        continue;
      }
      String p = "spark.sql.catalog." + c.name;
      switch (c.type) {
        case IcebergRest -> {
          b.conf(p, ICEBERG_CATALOG);
          b.conf(p + ".type", "rest");
          b.conf(p + ".uri", c.uri);
          if (c.warehouse != null) {
            b.conf(p + ".warehouse", c.warehouse);
          }
          icebergStorage(b, p, storage);
          if (c.credentials != null) {
            secretCatalogProperty(b, c, p + ".token", c.credentials.tokenKey);
            secretCatalogProperty(b, c, p + ".credential", c.credentials.clientCredentialKey);
          }
        }
        case UnityCatalog -> {
          b.conf(p, UNITY_CATALOG);
          b.conf(p + ".uri", c.uri);
          if (c.warehouse != null) {
            b.warn(
                "catalog "
                    + c.name
                    + ": a UnityCatalog catalog has no warehouse; spec.catalogs[].warehouse ignored");
          }
          if (c.credentials != null) {
            secretCatalogProperty(b, c, p + ".token", c.credentials.tokenKey);
          }
        }
        case HiveMetastore -> {
          if (hiveSeen) {
            b.warn(
                "catalog "
                    + c.name
                    + ": only the first HiveMetastore catalog backs Spark's session catalog");
          } else {
            hiveSeen = true;
            b.conf("spark.sql.catalogImplementation", "hive");
            b.conf("spark.hadoop.hive.metastore.uris", c.uri);
          }
          if (!"spark_catalog".equals(c.name)) {
            // Under its own name the metastore serves Iceberg tables through Iceberg's Hive
            // catalog.
            b.conf(p, ICEBERG_CATALOG);
            b.conf(p + ".type", "hive");
            b.conf(p + ".uri", c.uri);
            if (c.warehouse != null) {
              b.conf(p + ".warehouse", s3a(c.warehouse));
            }
          }
        }
        default -> b.warn("catalog " + c.name + ": unknown type " + c.type);
      }
      if (c.properties != null) {
        for (Map.Entry<String, String> e : new TreeMap<>(c.properties).entrySet()) {
          if (CredentialKeys.isCredential(e.getKey())) {
            b.warn(
                "catalog "
                    + c.name
                    + ": property "
                    + e.getKey()
                    + " dropped: credentials come from "
                    + "credentials.secretName");
            continue;
          }
          b.conf(p + "." + e.getKey(), e.getValue());
        }
      }
      if (Boolean.TRUE.equals(c.defaultCatalog)) {
        b.conf("spark.sql.defaultCatalog", c.name);
      }
    }
  }

  /** Client-side S3 settings of Iceberg's S3FileIO (a catalog server's own overrides still win). */
  private static void icebergStorage(Builder b, String p, Storage storage) {
    if (storage == null || storage.s3 == null) {
      return;
    }
    if (storage.s3.endpoint != null && !storage.s3.endpoint.isBlank()) {
      b.conf(p + ".s3.endpoint", storage.s3.endpoint);
    }
    b.conf(
        p + ".s3.path-style-access",
        Boolean.toString(Boolean.TRUE.equals(storage.s3.pathStyleAccess)));
    b.conf(p + ".client.region", orDefault(storage.s3.region, "us-east-1"));
  }

  private static void secretCatalogProperty(Builder b, Catalog c, String property, String key) {
    if (key == null || key.isBlank()) {
      return;
    }
    b.secretConf(property, c.credentials.secretName, key);
  }

  // ---------------------------------------------------------------------------------------------------- lineage

  private static void lineage(Builder b, Lineage.OpenLineage ol, Workspace workspace) {
    if (ol.endpoint == null || ol.endpoint.isBlank()) {
      return;
    }
    b.conf("spark.extraListeners", OPENLINEAGE_LISTENER);
    b.conf("spark.openlineage.transport.type", "http");
    b.conf("spark.openlineage.transport.url", ol.endpoint);
    String ns = ol.namespace;
    if ((ns == null || ns.isBlank()) && workspace != null && workspace.getMetadata() != null) {
      ns = workspace.getMetadata().getName();
    }
    if (ns != null && !ns.isBlank()) {
      b.conf("spark.openlineage.namespace", ns);
    }
    if (ol.apiKey != null && ol.apiKey.name != null && ol.apiKey.key != null) {
      b.conf("spark.openlineage.transport.auth.type", "api_key");
      b.secretConf("spark.openlineage.transport.auth.apiKey", ol.apiKey.name, ol.apiKey.key);
    }
  }

  // ------------------------------------------------------------------------------------------
  // sizes, env, libs

  private static void sizes(Builder b, EngineDescription engine) {
    int driverCores = EngineSizes.driverCores(engine);
    int workerCores = EngineSizes.workerCores(engine);
    long driverMiB = Quantities.mebibytes(EngineSizes.driverMemory(engine));
    long workerMiB = Quantities.mebibytes(EngineSizes.workerMemory(engine));
    b.conf("spark.driver.cores", Integer.toString(driverCores));
    b.conf("spark.driver.memory", Quantities.runnableHeapMiB(Quantities.heapMiB(driverMiB)) + "m");
    // Executors of half a worker, so two applications can run on one worker. The worker pod's
    // memory limit holds the worker daemon and every executor with its JVM overhead; the worker
    // offers Spark exactly the executors' heaps, so it never starts more than fit.
    int executorCores = executorCores(workerCores);
    int executorsPerWorker = workerCores / executorCores;
    long executorsMiB = Math.max(workerMiB - WORKER_DAEMON_MIB, Quantities.MIN_OVERHEAD_MIB);
    long executorHeapMiB = Quantities.heapMiB(executorsMiB / executorsPerWorker);
    if (executorHeapMiB < Quantities.SPARK_MIN_HEAP_MIB) {
      // A worker too small for two executors Spark accepts runs one of all its cores and memory;
      // below Spark's minimum even so, one of the smallest heap Spark runs, the pod's limit then
      // holding less than Spark's overhead (a worker this small is for trying things out).
      executorCores = workerCores;
      executorsPerWorker = 1;
      executorHeapMiB = Quantities.runnableHeapMiB(Quantities.heapMiB(executorsMiB));
    }
    b.conf("spark.executor.cores", Integer.toString(executorCores));
    b.conf("spark.executor.memory", executorHeapMiB + "m");
    b.env("LAKEHOUSE_WORKER_CORES", Integer.toString(workerCores));
    b.env("LAKEHOUSE_WORKER_MEMORY", executorsPerWorker * executorHeapMiB + "m");
  }

  /**
   * What a worker pod's own Spark worker daemon takes of its memory: the launcher's 512 MiB heap
   * (LAKEHOUSE_DAEMON_MEMORY) and its JVM's native memory.
   */
  static final long WORKER_DAEMON_MIB = 768;

  /** Cores of one executor: half a worker's, at least one. */
  static int executorCores(int workerCores) {
    return Math.max(1, workerCores / 2);
  }

  /**
   * Every application on an engine (the Spark Connect server, a Warehouse's SQL endpoint, a Job's
   * task) shares its cores. Spark's standalone master gives cores first come, first served, and an
   * application keeps the executors it got: with dynamic allocation an application holds only the
   * executors its tasks need and gives idle ones back after a minute (shuffle tracking keeps
   * executors that hold shuffle data, as there is no external shuffle service), so an idle Spark
   * Connect server leaves the engine to others, and an application's share grows and shrinks with
   * the engine as it scales. A cap that does not move with the size ({@code spark.cores.max}) is
   * the Cluster's own choice, in sparkConf.
   *
   * <p>An executor that holds shuffle files of finished jobs or cached blocks is not idle to Spark
   * unless these timeouts say so (both are infinite by default): Spark 3.5 kept an idle Spark
   * Connect server's executors until a driver GC let it clean the shuffles of a query with a
   * shuffle (most SQL; Spark's periodic GC runs every 30 minutes), and for as long as Delta kept a
   * table's state cached (after any read of a Delta table). So such executors go after the same
   * idle minute, their shuffle files and cached blocks with them (a later job that needs them
   * recomputes them). A running job's shuffles still keep their executors.
   */
  private static void sharing(Builder b) {
    // Inside one application (the Spark Connect server, many users' sessions) jobs share its
    // executors in turn instead of first come, first served.
    b.conf("spark.scheduler.mode", "FAIR");
    b.conf("spark.dynamicAllocation.enabled", "true");
    b.conf("spark.dynamicAllocation.shuffleTracking.enabled", "true");
    b.conf("spark.dynamicAllocation.shuffleTracking.timeout", "60s");
    b.conf("spark.dynamicAllocation.cachedExecutorIdleTimeout", "60s");
    b.conf("spark.dynamicAllocation.minExecutors", "0");
    b.conf("spark.dynamicAllocation.executorIdleTimeout", "60s");
  }

  private static void env(Builder b, List<EnvVar> env) {
    if (env == null) {
      return;
    }
    for (EnvVar v : env) {
      if (v == null || v.name == null) {
        continue;
      }
      if (v.secretKeyRef != null) {
        b.secretEnv(v.name, v.secretKeyRef.name, v.secretKeyRef.key);
      } else if (v.value != null) {
        b.env(v.name, v.value);
      }
    }
  }

  private static void libraries(Builder b, List<Library> libraries) {
    if (libraries == null) {
      return;
    }
    Set<String> packages = new LinkedHashSet<>();
    Set<String> repositories = new LinkedHashSet<>();
    Set<String> excludes = new LinkedHashSet<>();
    Set<String> jars = new LinkedHashSet<>();
    List<String> python = new ArrayList<>();
    for (Library l : libraries) {
      if (l == null) {
        continue;
      }
      if (l.maven != null && l.maven.coordinates != null) {
        packages.add(l.maven.coordinates);
        if (l.maven.repository != null) {
          repositories.add(l.maven.repository);
        }
        if (l.maven.exclusions != null) {
          excludes.addAll(l.maven.exclusions);
        }
      } else if (l.jar != null) {
        jars.add(s3a(l.jar));
      } else if (l.pypi != null && l.pypi.packageName != null) {
        python.add(l.pypi.packageName);
      } else if (l.whl != null) {
        python.add(l.whl);
      }
    }
    if (!packages.isEmpty()) {
      b.conf("spark.jars.packages", String.join(",", packages));
    }
    if (!repositories.isEmpty()) {
      b.conf("spark.jars.repositories", String.join(",", repositories));
    }
    if (!excludes.isEmpty()) {
      b.conf("spark.jars.excludes", String.join(",", excludes));
    }
    if (!jars.isEmpty()) {
      b.conf("spark.jars", String.join(",", jars));
    }
    if (!python.isEmpty()) {
      b.env("LAKEHOUSE_PYTHON_PACKAGES", String.join(" ", python));
    }
  }

  private static void userSparkConf(Builder b, Map<String, String> sparkConf) {
    if (sparkConf == null) {
      return;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(sparkConf).entrySet()) {
      String key = e.getKey();
      if (key == null || e.getValue() == null) {
        continue;
      }
      if (CredentialKeys.isCredential(key) || b.isSecretProperty(key)) {
        b.warn(
            "sparkConf." + key + " ignored: credentials come from Secrets, never from sparkConf");
        continue;
      }
      if (!key.startsWith("spark.")) {
        b.warn("sparkConf." + key + " ignored: not a Spark property (spark.*)");
        continue;
      }
      b.conf(key, e.getValue());
    }
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  static String s3a(String uri) {
    return uri.startsWith("s3://") ? "s3a://" + uri.substring("s3://".length()) : uri;
  }

  static String envToken(String name) {
    return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static String orDefault(String v, String d) {
    return v == null || v.isBlank() ? d : v;
  }

  private static final class Builder {
    private final TreeMap<String, String> conf = new TreeMap<>();
    private final TreeMap<String, String> env = new TreeMap<>();
    private final TreeMap<String, SecretEnv> secretEnv = new TreeMap<>();
    private final TreeMap<String, SecretConf> secretConf = new TreeMap<>();
    private final SortedSet<String> mounts = new TreeSet<>();
    private final List<String> warnings = new ArrayList<>();

    void conf(String k, String v) {
      conf.put(k, v);
    }

    void env(String k, String v) {
      if (secretEnv.containsKey(k)) {
        warn("env " + k + " is taken from a Secret; the literal value is ignored");
        return;
      }
      env.put(k, v);
    }

    void secretEnv(String name, String secret, String key) {
      env.remove(name);
      secretEnv.put(name, new SecretEnv(name, secret, key));
    }

    void secretConf(String property, String secret, String key) {
      conf.remove(property);
      secretConf.put(property, new SecretConf(property, secret, key));
      mounts.add(secret);
    }

    boolean isSecretProperty(String key) {
      return secretConf.containsKey(key);
    }

    void warn(String w) {
      warnings.add(w);
    }

    RenderedSparkConfig build() {
      return new RenderedSparkConfig(
          conf,
          env,
          new ArrayList<>(secretEnv.values()),
          new ArrayList<>(secretConf.values()),
          mounts,
          warnings);
    }
  }
}
