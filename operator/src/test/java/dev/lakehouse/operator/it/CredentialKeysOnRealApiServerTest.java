package dev.lakehouse.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.CredentialKeys;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig;
import dev.lakehouse.operator.engine.config.SparkConfigRenderer;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One rule for credential-like keys: each key of the table goes through the real API server's
 * admission (the CRD's CEL rule) and through the operator's renderer, and both must agree with the
 * table: a key is refused at admission exactly when the operator would not pass it to Spark.
 */
class CredentialKeysOnRealApiServerTest {
  static final String NS = "it-credentials";
  static final KubernetesClient client = RealApiServer.shared().client();

  @BeforeAll
  static void namespace() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
  }

  @ParameterizedTest(name = "{0}: credential {1}")
  @CsvSource({
    "spark.hadoop.fs.s3a.secret.key, true",
    "spark.hadoop.fs.s3a.access.key, true",
    "spark.hadoop.fs.s3a.bucket.raw.access-key, true",
    "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net, true",
    "spark.sql.catalog.lake.token, true",
    "spark.sql.catalog.lake.credential, true",
    "spark.openlineage.transport.auth.apiKey, true",
    "spark.lineage.api_key, true",
    "spark.ssl.keyPassword, true",
    "spark.ssl.trustStorePassword, true",
    "spark.authenticate.secret, true",
    "spark.driver.privateKey, true",
    "spark.hadoop.fs.s3a.aws.credentials.provider, false",
    "spark.hadoop.fs.s3a.bucket.raw.aws.credentials.provider, false",
    "spark.security.credentials.hive.enabled, false",
    "spark.sql.catalog.lake.token-refresh-enabled, false",
    "spark.sql.shuffle.partitions, false",
    "spark.executor.memory, false",
    "spark.sql.catalog.lake.uri, false"
  })
  void admissionAndTheRendererApplyTheSameRule(String key, boolean credential) {
    assertThat(CredentialKeys.isCredential(key)).as("the rule").isEqualTo(credential);

    Cluster cluster =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: lakehouse.dev/v1alpha1
                kind: Cluster
                metadata: {name: keys, namespace: %s}
                spec: {workers: 1}
                """
                    .formatted(NS),
                Cluster.class);
    cluster.getSpec().sparkConf = Map.of(key, "value");
    String refusal = null;
    try {
      client.resource(cluster).dryRun().create();
    } catch (KubernetesClientException e) {
      refusal = e.getMessage();
    }
    assertThat(refusal != null).as("refused at admission: " + refusal).isEqualTo(credential);
    if (credential) {
      assertThat(refusal).contains("sparkConf keys must not carry credentials");
    }

    Workspace workspace = new Workspace();
    workspace.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    workspace.getMetadata().setName("ws");
    RenderedSparkConfig rendered =
        SparkConfigRenderer.render(
            workspace, EngineDescription.of(cluster), RuntimeVersions.bundled().defaultRuntime());
    assertThat(rendered.sparkDefaults().containsKey(key))
        .as("the renderer passes it on")
        .isEqualTo(!credential);
  }
}
