package dev.lakehouse.datapath;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.CredentialKeys;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig;
import dev.lakehouse.operator.engine.config.SparkConfigRenderer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Command line of the operator's {@link SparkConfigRenderer}, for the data-path suite (not part of
 * the operator): renders a Workspace and a Cluster manifest into the files of the runtime image's
 * configuration contract, for the launcher run as plain processes.
 *
 * <pre>
 * java -cp ... dev.lakehouse.datapath.RenderSparkConfig \
 *     --workspace ws.yaml --cluster cluster.yaml --out DIR [--runtime-table runtimes.properties] [--connect-port N]
 * </pre>
 *
 * Writes DIR/spark-defaults.conf, secret-env.refs, secret-conf.refs, launcher.env and prints one
 * JSON line on stdout: the runtime's versions, the counts of what was rendered, and the API's
 * credential-key rule ({@link CredentialKeys}: a key is a credential when it matches {@code
 * credentialKeys.credential} and not {@code credentialKeys.notACredential}, both whole-key
 * patterns), so the suite checks the rendered files with the very rule admission and the renderer
 * apply.
 */
public final class RenderSparkConfig {
  private RenderSparkConfig() {}

  public static void main(String[] args) throws IOException {
    Path workspaceFile = null;
    Path clusterFile = null;
    Path out = null;
    Path table = null;
    int connectPort = 15002;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--workspace" -> workspaceFile = Path.of(require(a, v));
        case "--cluster" -> clusterFile = Path.of(require(a, v));
        case "--out" -> out = Path.of(require(a, v));
        case "--runtime-table" -> table = Path.of(require(a, v));
        case "--connect-port" -> connectPort = Integer.parseInt(require(a, v));
        default -> usage("unknown argument " + a);
      }
      i++;
    }
    if (workspaceFile == null || clusterFile == null || out == null) {
      usage("--workspace, --cluster and --out are required");
    }
    KubernetesSerialization serialization = new KubernetesSerialization();
    Workspace workspace;
    Cluster cluster;
    try (var in = Files.newInputStream(workspaceFile)) {
      workspace = serialization.unmarshal(in, Workspace.class);
    }
    try (var in = Files.newInputStream(clusterFile)) {
      cluster = serialization.unmarshal(in, Cluster.class);
    }
    RuntimeVersions runtimes;
    if (table != null) {
      try (Reader r = Files.newBufferedReader(table, StandardCharsets.UTF_8)) {
        runtimes = RuntimeVersions.read(r);
      }
    } else {
      runtimes = RuntimeVersions.bundled();
    }
    String runtimeName = cluster.getSpec() == null ? null : cluster.getSpec().runtimeVersion;
    RuntimeVersion runtime = runtimes.resolve(runtimeName);
    RenderedSparkConfig rendered =
        SparkConfigRenderer.render(workspace, EngineDescription.of(cluster), runtime, connectPort);
    Files.createDirectories(out);
    for (Map.Entry<String, String> f : rendered.configMapData().entrySet()) {
      Files.writeString(out.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
    }
    rendered.warnings().forEach(w -> System.err.println("render: warning: " + w));
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("runtime", runtime.name());
    json.put("spark", runtime.spark());
    json.put("scala", runtime.scala());
    json.put("delta", runtime.delta());
    json.put("iceberg", runtime.iceberg());
    json.put("pyspark", runtime.pyspark());
    json.put("properties", rendered.sparkDefaults().size());
    json.put("secretEnv", rendered.secretEnv().size());
    json.put("secretConf", rendered.secretConf().size());
    json.putObject("credentialKeys")
        .put("credential", CredentialKeys.CREDENTIAL)
        .put("notACredential", CredentialKeys.NOT_A_CREDENTIAL);
    System.out.println(new ObjectMapper().writeValueAsString(json));
  }

  private static String require(String flag, String value) {
    if (value == null) {
      usage(flag + " needs a value");
    }
    return value;
  }

  private static void usage(String problem) {
    System.err.println("RenderSparkConfig: " + problem);
    System.err.println(
        "usage: RenderSparkConfig --workspace ws.yaml --cluster cluster.yaml --out DIR "
            + "[--runtime-table runtimes.properties] [--connect-port N]");
    System.exit(2);
  }
}
