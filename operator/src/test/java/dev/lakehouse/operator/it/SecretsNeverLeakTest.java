package dev.lakehouse.operator.it;

import static dev.lakehouse.operator.it.ItSupport.apply;
import static dev.lakehouse.operator.it.ItSupport.awaitStatefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plants a sentinel credential in the Secrets a Workspace and a Cluster reference, and checks that
 * no object the operator writes, no status, no event and no log line contains it (in plain text or
 * base64), while the references themselves are in place.
 */
class SecretsNeverLeakTest {
  static final String NS = "it-secrets";
  static final String SENTINEL = "SENTINEL-s3cr3t-7f3a9c";
  static final List<String> LOG_LINES = new ArrayList<>();
  static final Handler CAPTURE =
      new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
          StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
          if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
              line.append(' ').append(p);
            }
          }
          if (record.getThrown() != null) {
            line.append(' ').append(record.getThrown());
          }
          LOG_LINES.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  static OperatorHarness harness;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    Logger root = Logger.getLogger("");
    root.addHandler(CAPTURE);
    for (String name : List.of("dev.lakehouse", "io.javaoperatorsdk", "io.fabric8")) {
      Logger.getLogger(name).setLevel(Level.FINE);
    }
    harness = new OperatorHarness();
    client = harness.client;
  }

  @AfterAll
  static void stop() {
    harness.close();
    Logger.getLogger("").removeHandler(CAPTURE);
  }

  @Test
  void noObjectStatusEventOrLogLineCarriesASecretValue() {
    apply(
        client,
        Workspace.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: it-secrets}
        spec:
          catalogs:
            - {name: main, type: IcebergRest, uri: "http://nessie:19120/iceberg", warehouse: wh,
               credentials: {secretName: catalog-token, tokenKey: token}}
          storage:
            s3: {endpoint: "http://minio:9000", pathStyleAccess: true, credentials: {secretName: s3-creds}}
        """);
    ItSupport.activateNamespace(client, NS);
    secret("s3-creds", "accessKeyId", "AKIA" + SENTINEL, "secretAccessKey", SENTINEL);
    secret("catalog-token", "token", "tok-" + SENTINEL, "unused", SENTINEL);
    apply(
        client,
        Cluster.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: guarded, namespace: it-secrets}
        spec:
          workers: 1
          env:
            - name: WEBHOOK_TOKEN
              secretKeyRef: {name: s3-creds, key: secretAccessKey}
        """);
    // Touch the Workspace so the Secrets, created after it, are looked at without waiting for the
    // recheck.
    ItSupport.mergePatch(
        client.resources(Workspace.class).withName(NS), "{\"spec\":{\"description\":\"touched\"}}");
    ItSupport.awaitWorkspace(client, NS, w -> "Ready".equals(ItSupport.phase(w)));
    StatefulSet driver = awaitStatefulSet(client, NS, "guarded-driver", s -> true);

    String everything = String.join("\n", serializedObjectsTheOperatorWrote());
    String base64 = Base64.getEncoder().encodeToString(SENTINEL.getBytes(StandardCharsets.UTF_8));
    assertThat(everything).doesNotContain(SENTINEL).doesNotContain(base64);
    assertThat(String.join("\n", LOG_LINES)).doesNotContain(SENTINEL).doesNotContain(base64);
    assertThat(LOG_LINES).as("log capture works").isNotEmpty();

    // The references are there: the engines get the values from Kubernetes, not from the operator.
    String podSpec = client.getKubernetesSerialization().asJson(driver.getSpec().getTemplate());
    assertThat(podSpec)
        .contains("\"secretKeyRef\":{\"key\":\"secretAccessKey\",\"name\":\"s3-creds\"}");
    assertThat(podSpec).contains("\"secretName\":\"catalog-token\"");
  }

  private List<String> serializedObjectsTheOperatorWrote() {
    var json = client.getKubernetesSerialization();
    List<String> out = new ArrayList<>();
    out.add(json.asJson(client.resources(Workspace.class).withName(NS).get()));
    out.add(json.asJson(client.resources(Cluster.class).inNamespace(NS).list()));
    out.add(json.asJson(client.configMaps().inNamespace(NS).list()));
    out.add(json.asJson(client.apps().statefulSets().inNamespace(NS).list()));
    out.add(json.asJson(client.services().inNamespace(NS).list()));
    out.add(json.asJson(client.serviceAccounts().inNamespace(NS).list()));
    out.add(json.asJson(client.rbac().roleBindings().inNamespace(NS).list()));
    out.add(json.asJson(client.network().networkPolicies().inNamespace(NS).list()));
    out.add(json.asJson(client.resourceQuotas().inNamespace(NS).list()));
    out.add(json.asJson(client.limitRanges().inNamespace(NS).list()));
    out.add(json.asJson(client.v1().events().inNamespace(NS).list()));
    out.add(json.asJson(client.v1().events().inNamespace("default").list()));
    out.add(json.asJson(client.namespaces().withName(NS).get()));
    return out;
  }

  private static void secret(String name, String key1, String value1, String key2, String value2) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .addToStringData(key1, value1)
                .addToStringData(key2, value2)
                .build())
        .serverSideApply();
  }
}
