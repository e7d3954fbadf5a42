package dev.lakehouse.operator.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.v1alpha1.Catalog;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.CredentialKeys;
import dev.lakehouse.api.v1alpha1.DriverSpec;
import dev.lakehouse.api.v1alpha1.EnvVar;
import dev.lakehouse.api.v1alpha1.Library;
import dev.lakehouse.api.v1alpha1.Lineage;
import dev.lakehouse.api.v1alpha1.SecretKeyRef;
import dev.lakehouse.api.v1alpha1.Storage;
import dev.lakehouse.api.v1alpha1.WorkerSpec;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.api.v1alpha1.WorkspaceSpec;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig.SecretConf;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig.SecretEnv;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SparkConfigRendererTest {

  private static final RuntimeVersion RUNTIME = RuntimeVersions.bundled().defaultRuntime();

  static Workspace workspace() {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName("analytics").build());
    WorkspaceSpec spec = new WorkspaceSpec();
    Catalog nessie = new Catalog();
    nessie.name = "lakehouse";
    nessie.type = Catalog.CatalogType.IcebergRest;
    nessie.uri = "http://nessie:19120/iceberg/";
    nessie.warehouse = "warehouse";
    nessie.defaultCatalog = true;
    spec.catalogs = new ArrayList<>(List.of(nessie));
    Storage storage = new Storage();
    storage.s3 = new Storage.S3Connection();
    storage.s3.endpoint = "http://minio:9000";
    storage.s3.region = "eu-west-1";
    storage.s3.pathStyleAccess = true;
    storage.s3.credentials = new Storage.S3Credentials();
    storage.s3.credentials.secretName = "lakehouse-s3";
    storage.warehouseLocation = "s3://lakehouse/warehouse";
    spec.storage = storage;
    ws.setSpec(spec);
    return ws;
  }

  static Cluster cluster() {
    Cluster c = new Cluster();
    c.setMetadata(new ObjectMetaBuilder().withName("etl").withNamespace("analytics").build());
    ClusterSpec spec = new ClusterSpec();
    spec.workers = 2;
    c.setSpec(spec);
    return c;
  }

  static RenderedSparkConfig render(Workspace ws, Cluster c) {
    return SparkConfigRenderer.render(ws, EngineDescription.of(c), RUNTIME);
  }

  @Test
  void icebergRestCatalogStorageAndTableFormatExtensions() {
    Map<String, String> conf = render(workspace(), cluster()).sparkDefaults();
    assertThat(conf)
        .containsEntry("spark.sql.catalog.lakehouse", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.lakehouse.type", "rest")
        .containsEntry("spark.sql.catalog.lakehouse.uri", "http://nessie:19120/iceberg/")
        .containsEntry("spark.sql.catalog.lakehouse.warehouse", "warehouse")
        .containsEntry("spark.sql.catalog.lakehouse.s3.endpoint", "http://minio:9000")
        .containsEntry("spark.sql.catalog.lakehouse.s3.path-style-access", "true")
        .containsEntry("spark.sql.catalog.lakehouse.client.region", "eu-west-1")
        .containsEntry("spark.sql.defaultCatalog", "lakehouse")
        .containsEntry(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .containsEntry(
            "spark.sql.extensions",
            "io.delta.sql.DeltaSparkSessionExtension,"
                + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://minio:9000")
        .containsEntry("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
        .containsEntry("spark.hadoop.fs.s3a.endpoint.region", "eu-west-1")
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
        .containsEntry("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem")
        .containsEntry("spark.sql.warehouse.dir", "s3a://lakehouse/warehouse")
        .containsEntry("spark.lakehouse.runtime", RUNTIME.name())
        .containsEntry("spark.lakehouse.cluster", "analytics/etl")
        .containsEntry("spark.decommission.enabled", "true")
        .doesNotContainKey("spark.extraListeners")
        .doesNotContainKey("spark.sql.catalogImplementation");
  }

  @Test
  void s3CredentialsAreSecretReferencesNeverValues() throws IOException {
    RenderedSparkConfig r = render(workspace(), cluster());
    assertThat(r.secretEnv())
        .containsExactly(
            new SecretEnv("AWS_ACCESS_KEY_ID", "lakehouse-s3", "accessKeyId"),
            new SecretEnv("AWS_SECRET_ACCESS_KEY", "lakehouse-s3", "secretAccessKey"));
    assertThat(r.secretEnvFile()).contains("AWS_ACCESS_KEY_ID=lakehouse-s3/accessKeyId\n");
    assertThat(r.env())
        .containsEntry("AWS_REGION", "eu-west-1")
        .doesNotContainKey("AWS_ACCESS_KEY_ID");
    assertNoCredentialValues(r);
  }

  @Test
  void perBucketSettingsAndCredentialsAsHadoopEnvReferences() {
    Workspace ws = workspace();
    Storage.Bucket raw = new Storage.Bucket();
    raw.name = "raw-data";
    raw.endpoint = "https://s3.eu-central-1.amazonaws.com";
    raw.region = "eu-central-1";
    raw.pathStyleAccess = false;
    raw.credentials = new Storage.S3Credentials();
    raw.credentials.secretName = "raw-s3";
    raw.credentials.accessKeyIdKey = "id";
    raw.credentials.secretAccessKeyKey = "key";
    ws.getSpec().storage.buckets = List.of(raw);
    RenderedSparkConfig r = render(ws, cluster());
    String p = "spark.hadoop.fs.s3a.bucket.raw-data.";
    assertThat(r.sparkDefaults())
        .containsEntry(p + "endpoint", "https://s3.eu-central-1.amazonaws.com")
        .containsEntry(p + "connection.ssl.enabled", "true")
        .containsEntry(p + "endpoint.region", "eu-central-1")
        .containsEntry(p + "path.style.access", "false")
        .containsEntry(p + "access.key", "${env.LAKEHOUSE_S3_RAW_DATA_ACCESS_KEY_ID}")
        .containsEntry(p + "secret.key", "${env.LAKEHOUSE_S3_RAW_DATA_SECRET_ACCESS_KEY}");
    assertThat(r.secretEnv())
        .contains(
            new SecretEnv("LAKEHOUSE_S3_RAW_DATA_ACCESS_KEY_ID", "raw-s3", "id"),
            new SecretEnv("LAKEHOUSE_S3_RAW_DATA_SECRET_ACCESS_KEY", "raw-s3", "key"));
    assertNoCredentialValues(r);
  }

  @Test
  void catalogTokensAndLineageKeysAreMountedSecretProperties() {
    Workspace ws = workspace();
    Catalog polaris = new Catalog();
    polaris.name = "polaris";
    polaris.type = Catalog.CatalogType.IcebergRest;
    polaris.uri = "https://polaris.example/api/catalog";
    polaris.credentials = new Catalog.CatalogCredentials();
    polaris.credentials.secretName = "polaris-oauth";
    polaris.credentials.clientCredentialKey = "client";
    polaris.properties = Map.of("scope", "PRINCIPAL_ROLE:ALL", "oauth2-token", "leaked");
    Catalog unity = new Catalog();
    unity.name = "unity";
    unity.type = Catalog.CatalogType.UnityCatalog;
    unity.uri = "https://unity.example";
    unity.credentials = new Catalog.CatalogCredentials();
    unity.credentials.secretName = "unity-token";
    unity.credentials.tokenKey = "token";
    ws.getSpec().catalogs.add(polaris);
    ws.getSpec().catalogs.add(unity);
    ws.getSpec().lineage = new Lineage();
    ws.getSpec().lineage.openLineage = new Lineage.OpenLineage();
    ws.getSpec().lineage.openLineage.endpoint = "http://marquez:5000";
    ws.getSpec().lineage.openLineage.apiKey = new SecretKeyRef("marquez", "api-key");

    RenderedSparkConfig r = render(ws, cluster());
    assertThat(r.secretConf())
        .containsExactly(
            new SecretConf("spark.openlineage.transport.auth.apiKey", "marquez", "api-key"),
            new SecretConf("spark.sql.catalog.polaris.credential", "polaris-oauth", "client"),
            new SecretConf("spark.sql.catalog.unity.token", "unity-token", "token"));
    assertThat(r.secretMounts()).containsExactly("marquez", "polaris-oauth", "unity-token");
    assertThat(r.sparkDefaults())
        .containsEntry("spark.sql.catalog.polaris.scope", "PRINCIPAL_ROLE:ALL")
        .doesNotContainKey("spark.sql.catalog.polaris.oauth2-token")
        .doesNotContainKey("spark.sql.catalog.polaris.credential")
        .doesNotContainKey("spark.sql.catalog.unity.token")
        .containsEntry("spark.sql.catalog.unity", "io.unitycatalog.spark.UCSingleCatalog")
        .containsEntry("spark.sql.catalog.unity.uri", "https://unity.example")
        .containsEntry(
            "spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
        .containsEntry("spark.openlineage.transport.type", "http")
        .containsEntry("spark.openlineage.transport.url", "http://marquez:5000")
        .containsEntry("spark.openlineage.transport.auth.type", "api_key")
        .containsEntry("spark.openlineage.namespace", "analytics");
    assertThat(r.warnings()).anyMatch(w -> w.contains("oauth2-token"));
    assertThat(r.secretConfFile()).contains("spark.sql.catalog.unity.token=unity-token/token\n");
    assertNoCredentialValues(r);
  }

  @Test
  void hiveMetastoreBacksTheSessionCatalogAndServesIcebergUnderItsName() {
    Workspace ws = workspace();
    Catalog hms = new Catalog();
    hms.name = "legacy";
    hms.type = Catalog.CatalogType.HiveMetastore;
    hms.uri = "thrift://metastore:9083";
    hms.warehouse = "s3://legacy/warehouse";
    ws.getSpec().catalogs = List.of(hms);
    Map<String, String> conf = render(ws, cluster()).sparkDefaults();
    assertThat(conf)
        .containsEntry("spark.sql.catalogImplementation", "hive")
        .containsEntry("spark.hadoop.hive.metastore.uris", "thrift://metastore:9083")
        .containsEntry("spark.sql.catalog.legacy", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.legacy.type", "hive")
        .containsEntry("spark.sql.catalog.legacy.warehouse", "s3a://legacy/warehouse")
        .doesNotContainKey("spark.sql.defaultCatalog");
  }

  @Test
  void clusterSparkConfWinsExceptForCredentials() {
    Workspace ws = workspace();
    Catalog tokenCatalog = new Catalog();
    tokenCatalog.name = "secured";
    tokenCatalog.type = Catalog.CatalogType.IcebergRest;
    tokenCatalog.uri = "https://secured";
    tokenCatalog.credentials = new Catalog.CatalogCredentials();
    tokenCatalog.credentials.secretName = "s";
    tokenCatalog.credentials.tokenKey = "t";
    ws.getSpec().catalogs.add(tokenCatalog);
    Cluster c = cluster();
    Map<String, String> user = new LinkedHashMap<>();
    user.put("spark.sql.shuffle.partitions", "64");
    user.put("spark.hadoop.fs.s3a.path.style.access", "false");
    user.put("spark.sql.catalog.lakehouse.uri", "http://other:19120/iceberg/");
    user.put("spark.hadoop.fs.s3a.access.key", "AKIAEXAMPLE");
    user.put("spark.hadoop.fs.s3a.secret.key", "hunter2");
    user.put("spark.sql.catalog.secured.token", "stolen");
    user.put("spark.sql.catalog.lakehouse.credential", "id:secret");
    c.getSpec().sparkConf = user;
    RenderedSparkConfig r = render(ws, c);
    assertThat(r.sparkDefaults())
        .containsEntry("spark.sql.shuffle.partitions", "64")
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "false")
        .containsEntry("spark.sql.catalog.lakehouse.uri", "http://other:19120/iceberg/")
        .doesNotContainKeys(
            "spark.hadoop.fs.s3a.access.key",
            "spark.hadoop.fs.s3a.secret.key",
            "spark.sql.catalog.secured.token",
            "spark.sql.catalog.lakehouse.credential");
    assertThat(r.sparkDefaultsFile())
        .doesNotContain("AKIAEXAMPLE", "hunter2", "stolen", "id:secret");
    assertThat(r.secretConf())
        .containsExactly(new SecretConf("spark.sql.catalog.secured.token", "s", "t"));
    assertThat(r.warnings()).hasSize(4).allMatch(w -> w.contains("credentials come from Secrets"));
  }

  @Test
  void sizesEnvAndLibraries() {
    Cluster c = cluster();
    c.getSpec().driver = new DriverSpec();
    c.getSpec().driver.cores = 2;
    c.getSpec().driver.memory = "8Gi";
    c.getSpec().worker = new WorkerSpec();
    c.getSpec().worker.cores = 8;
    c.getSpec().worker.memory = "32Gi";
    EnvVar plain = new EnvVar();
    plain.name = "TZ";
    plain.value = "UTC";
    EnvVar secret = new EnvVar();
    secret.name = "DB_PASSWORD";
    secret.secretKeyRef = new SecretKeyRef("db", "password");
    c.getSpec().env = List.of(plain, secret);
    Library maven = new Library();
    maven.maven = new Library.Maven();
    maven.maven.coordinates = "org.postgresql:postgresql:42.7.4";
    maven.maven.exclusions = List.of("org.checkerframework:checker-qual");
    Library jar = new Library();
    jar.jar = "s3://libs/udfs.jar";
    Library pypi = new Library();
    pypi.pypi = new Library.PyPi();
    pypi.pypi.packageName = "simplejson==3.19.3";
    c.getSpec().libraries = List.of(maven, jar, pypi);

    RenderedSparkConfig r = render(workspace(), c);
    assertThat(r.sparkDefaults())
        .containsEntry("spark.driver.cores", "2")
        .containsEntry("spark.driver.memory", "7447m") // 8192 * 10 / 11: 10% overhead above 3840m
        .containsEntry("spark.executor.cores", "4") // half a worker: two applications fit on one
        // (32768 - 768 for the worker daemon) / 2 executors = 16000, * 10 / 11 for the overhead
        .containsEntry("spark.executor.memory", "14545m")
        .containsEntry("spark.jars.packages", "org.postgresql:postgresql:42.7.4")
        .containsEntry("spark.jars.excludes", "org.checkerframework:checker-qual")
        .containsEntry("spark.jars", "s3a://libs/udfs.jar");
    assertThat(r.env())
        .containsEntry("TZ", "UTC")
        .containsEntry("LAKEHOUSE_WORKER_CORES", "8")
        .containsEntry("LAKEHOUSE_WORKER_MEMORY", "29090m") // the two executors' heaps
        .containsEntry("LAKEHOUSE_PYTHON_PACKAGES", "simplejson==3.19.3")
        .doesNotContainKey("DB_PASSWORD");
    assertThat(r.secretEnv()).contains(new SecretEnv("DB_PASSWORD", "db", "password"));
  }

  @Test
  void defaultsFitTheCrdDefaultSizes() {
    Map<String, String> conf = render(workspace(), cluster()).sparkDefaults();
    assertThat(conf)
        .containsEntry("spark.driver.cores", "1")
        .containsEntry("spark.driver.memory", "1664m")
        .containsEntry("spark.executor.cores", "1")
        // (4096 - 768 for the worker daemon) / 2 executors = 1664, less 384 of overhead
        .containsEntry("spark.executor.memory", "1280m");
  }

  /** The worker pod's memory limit holds its daemon and every executor it offers, with overhead. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "1, 2Gi",
    "2, 4Gi",
    "3, 6Gi",
    "4, 8Gi",
    "8, 32Gi",
    "16, 64Gi",
    "2, 2560Mi"
  })
  void executorsAndTheWorkerDaemonFitTheWorkerPodsMemory(int cores, String memory) {
    Cluster c = cluster();
    c.getSpec().worker = new dev.lakehouse.api.v1alpha1.WorkerSpec();
    c.getSpec().worker.cores = cores;
    c.getSpec().worker.memory = memory;
    RenderedSparkConfig r = render(workspace(), c);

    int executorCores = Integer.parseInt(r.sparkDefaults().get("spark.executor.cores"));
    long heap = Long.parseLong(r.sparkDefaults().get("spark.executor.memory").replace("m", ""));
    long offered = Long.parseLong(r.env().get("LAKEHOUSE_WORKER_MEMORY").replace("m", ""));
    long executors = cores / executorCores;
    long overhead = Math.max(384, heap / 10);
    assertThat(offered)
        .as("the worker offers exactly its executors' heaps")
        .isEqualTo(executors * heap);
    if (Quantities.mebibytes(memory) >= 2048) {
      assertThat(SparkConfigRenderer.WORKER_DAEMON_MIB + executors * (heap + overhead))
          .as("daemon and executors within the pod's memory limit")
          .isLessThanOrEqualTo(Quantities.mebibytes(memory));
    }
    assertThat(executors)
        .as("two applications fit on one worker")
        .isGreaterThanOrEqualTo(cores > 1 ? 2 : 1);
  }

  /**
   * Spark refuses an executor heap below 450 MiB (the driver refuses the configuration, so the
   * Spark Connect server never starts): a worker too small for two such executors runs one of all
   * its cores, and one too small for even that gets the smallest heap Spark starts.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "1, 1Gi, 1, 512",
    "2, 1Gi, 1, 512",
    "2, 1536Mi, 1, 512",
    "2, 2Gi, 1, 896",
    "4, 2Gi, 1, 896",
    "1, 512Mi, 1, 512",
    "2, 3Gi, 2, 768"
  })
  void smallWorkersGetExecutorsThatSparkStarts(int cores, String memory, int executors, long heap) {
    Cluster c = cluster();
    c.getSpec().worker = new dev.lakehouse.api.v1alpha1.WorkerSpec();
    c.getSpec().worker.cores = cores;
    c.getSpec().worker.memory = memory;
    RenderedSparkConfig r = render(workspace(), c);

    assertThat(r.sparkDefaults())
        .containsEntry("spark.executor.memory", heap + "m")
        .containsEntry("spark.executor.cores", Integer.toString(cores / executors));
    assertThat(heap).isGreaterThanOrEqualTo(Quantities.SPARK_MIN_HEAP_MIB);
    assertThat(r.env())
        .containsEntry("LAKEHOUSE_WORKER_MEMORY", executors * heap + "m")
        .containsEntry("LAKEHOUSE_WORKER_CORES", Integer.toString(cores));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "512Mi, 512m",
    "768Mi, 512m",
    "1Gi, 640m",
    "2Gi, 1664m"
  })
  void aSmallDriverGetsAHeapSparkStarts(String memory, String heap) {
    Cluster c = cluster();
    c.getSpec().driver = new dev.lakehouse.api.v1alpha1.DriverSpec();
    c.getSpec().driver.cores = 1;
    c.getSpec().driver.memory = memory;

    assertThat(render(workspace(), c).sparkDefaults()).containsEntry("spark.driver.memory", heap);
  }

  @Test
  void applicationsShareTheEngineThroughDynamicAllocationWithoutACapThatScalingWouldOutgrow() {
    Map<String, String> conf = render(workspace(), cluster()).sparkDefaults();

    assertThat(conf)
        .containsEntry("spark.scheduler.mode", "FAIR")
        .containsEntry("spark.dynamicAllocation.enabled", "true")
        .containsEntry("spark.dynamicAllocation.shuffleTracking.enabled", "true")
        // without these an executor holding finished jobs' shuffle files (until a GC) or cached
        // blocks (Delta's table state) is never idle
        .containsEntry("spark.dynamicAllocation.shuffleTracking.timeout", "60s")
        .containsEntry("spark.dynamicAllocation.cachedExecutorIdleTimeout", "60s")
        .containsEntry("spark.dynamicAllocation.minExecutors", "0")
        .containsEntry("spark.dynamicAllocation.executorIdleTimeout", "60s")
        .doesNotContainKey("spark.cores.max");
  }

  @Test
  void theClustersSparkConfWinsOverTheSharingDefaults() {
    Cluster c = cluster();
    c.getSpec().sparkConf =
        Map.of("spark.dynamicAllocation.enabled", "false", "spark.cores.max", "2");

    assertThat(render(workspace(), c).sparkDefaults())
        .containsEntry("spark.dynamicAllocation.enabled", "false")
        .containsEntry("spark.cores.max", "2");
  }

  @Test
  void quantities() {
    assertThat(Quantities.mebibytes("4Gi")).isEqualTo(4096);
    assertThat(Quantities.mebibytes("1536Mi")).isEqualTo(1536);
    assertThat(Quantities.mebibytes("2G")).isEqualTo(1907);
    assertThat(Quantities.mebibytes("1.5Gi")).isEqualTo(1536);
    assertThat(Quantities.mebibytes("1073741824")).isEqualTo(1024);
    assertThat(Quantities.heapMiB(1536)).isEqualTo(1152);
    assertThat(Quantities.heapMiB(300)).isEqualTo(256);
    assertThat(Quantities.runnableHeapMiB(256)).isEqualTo(512);
    assertThat(Quantities.runnableHeapMiB(449)).isEqualTo(512);
    assertThat(Quantities.runnableHeapMiB(450)).isEqualTo(450);
    assertThatThrownBy(() -> Quantities.mebibytes("lots")).hasMessageContaining("lots");
  }

  @Test
  void outputIsDeterministicSortedAndParsesBack() throws IOException {
    RenderedSparkConfig a = render(workspace(), cluster());
    RenderedSparkConfig b = render(workspace(), cluster());
    assertThat(a.configMapData()).isEqualTo(b.configMapData());
    List<String> keys =
        a.sparkDefaultsFile()
            .lines()
            .filter(l -> !l.startsWith("#"))
            .map(l -> l.substring(0, l.indexOf('=')))
            .toList();
    assertThat(keys).isSorted();
    Properties parsed = new Properties();
    parsed.load(new StringReader(a.sparkDefaultsFile()));
    assertThat(parsed).containsExactlyInAnyOrderEntriesOf(a.sparkDefaults());
  }

  @Test
  void propertiesSyntaxEscapesAwkwardValues() throws IOException {
    Cluster c = cluster();
    c.getSpec().sparkConf =
        Map.of("spark.driver.extraJavaOptions", " -Da=b:c\\d #x", "spark.app.name", "a=b");
    RenderedSparkConfig r = render(null, c);
    Properties parsed = new Properties();
    parsed.load(new StringReader(r.sparkDefaultsFile()));
    assertThat(parsed.getProperty("spark.driver.extraJavaOptions")).isEqualTo(" -Da=b:c\\d #x");
    assertThat(parsed.getProperty("spark.app.name")).isEqualTo("a=b");
  }

  @Test
  void theDataPathExampleManifestsRender() throws IOException {
    Path root = Path.of(System.getProperty("lakehouse.repo.root", "..")).toAbsolutePath();
    Path examples = root.resolve("examples/datapath");
    KubernetesSerialization ser = new KubernetesSerialization();
    Workspace ws;
    Cluster c;
    try (var in = Files.newInputStream(examples.resolve("workspace.yaml"))) {
      ws = ser.unmarshal(in, Workspace.class);
    }
    try (var in = Files.newInputStream(examples.resolve("cluster.yaml"))) {
      c = ser.unmarshal(in, Cluster.class);
    }
    RuntimeVersion runtime = RuntimeVersions.bundled().resolve(c.getSpec().runtimeVersion);
    RenderedSparkConfig r = SparkConfigRenderer.render(ws, EngineDescription.of(c), runtime);
    assertThat(r.sparkDefaults())
        .containsEntry("spark.sql.defaultCatalog", "lakehouse")
        .containsEntry(
            "spark.sql.shuffle.partitions",
            c.getSpec().sparkConf.get("spark.sql.shuffle.partitions"))
        // the example runs on the operator's sharing defaults (the data-path suite relies on them)
        .containsEntry("spark.dynamicAllocation.enabled", "true")
        .doesNotContainKey("spark.cores.max");
    assertThat(r.secretEnv())
        .extracting(SecretEnv::name)
        .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    assertThat(r.warnings()).isEmpty();
    assertNoCredentialValues(r);
  }

  /** No property that looks like a credential holds anything but an ${env.NAME} reference. */
  private static void assertNoCredentialValues(RenderedSparkConfig r) {
    r.sparkDefaults()
        .forEach(
            (k, v) -> {
              if (CredentialKeys.isCredential(k)) {
                assertThat(v).as(k).matches("\\$\\{env\\.[A-Z0-9_]+\\}|api_key");
              }
            });
    for (SecretConf s : r.secretConf()) {
      assertThat(r.sparkDefaults()).doesNotContainKey(s.property());
    }
    for (SecretEnv s : r.secretEnv()) {
      assertThat(r.env()).doesNotContainKey(s.name());
    }
  }
}
