package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes source against a real kube-apiserver with the lakehouse CRDs: it follows the
 * Warehouse's labelled Clusters and their routability, and wakes by annotating the Warehouse.
 */
class KubernetesBackendSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final KubernetesClient admin = TestApiServer.shared().client();
  private final String namespace = "gw-" + UUID.randomUUID().toString().substring(0, 8);
  private final AtomicReference<List<Backend>> latest = new AtomicReference<>(List.of());
  private KubernetesBackendSource source;

  @BeforeEach
  void createNamespace() {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  @AfterEach
  void cleanUp() {
    if (source != null) {
      source.close();
    }
    admin.namespaces().withName(namespace).delete();
  }

  private GenericKubernetesResource create(
      ResourceDefinitionContext kind, String name, Map<String, String> labels, Object spec) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion("lakehouse.dev/v1alpha1");
    resource.setKind(kind.getKind());
    resource.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build());
    resource.setAdditionalProperty("spec", spec);
    return admin
        .genericKubernetesResources(kind)
        .inNamespace(namespace)
        .resource(resource)
        .create();
  }

  private void setReady(String cluster, String status) {
    admin
        .genericKubernetesResources(KubernetesBackendSource.CLUSTERS)
        .inNamespace(namespace)
        .withName(cluster)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\""
                + status
                + "\",\"reason\":\"Test\",\"message\":\"set by the test\","
                + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
  }

  private void awaitBackends(String what, List<Backend> expected) {
    Eventually.await(what + ": " + expected, WAIT, () -> latest.get().equals(expected));
  }

  @Test
  void followsTheWarehousesClustersAndWakesTheWarehouse() throws Exception {
    create(KubernetesBackendSource.WAREHOUSES, "wh", Map.of(), Map.of("size", "Small"));
    // The gateway reads no spec: the smallest valid one.
    Map<String, Object> clusterSpec = Map.of("workers", 1);
    create(
        KubernetesBackendSource.CLUSTERS,
        "wh-1",
        Map.of(KubernetesBackendSource.WAREHOUSE_LABEL, "wh"),
        clusterSpec);
    create(
        KubernetesBackendSource.CLUSTERS,
        "other-1",
        Map.of(KubernetesBackendSource.WAREHOUSE_LABEL, "other"),
        clusterSpec);
    setReady("other-1", "True");

    GatewayConfig config =
        GatewayConfig.fromEnvironment(
            Map.of("LAKEHOUSE_WAREHOUSE", "wh", "LAKEHOUSE_NAMESPACE", namespace));
    // The gateway's own client (the JDK HTTP client, as in the image), from the kubeconfig.
    source = new KubernetesBackendSource(TestApiServer.shared().newClient(), config);
    source.start(latest::set);

    String host = "wh-1-driver." + namespace + ".svc";
    awaitBackends("listed, not Ready", List.of(new Backend("wh-1", host, 10000, 15002, false)));

    setReady("wh-1", "True");
    awaitBackends("Ready", List.of(new Backend("wh-1", host, 10000, 15002, true)));

    admin
        .genericKubernetesResources(KubernetesBackendSource.CLUSTERS)
        .inNamespace(namespace)
        .withName("wh-1")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"lakehouse.dev/draining\":\"2026-01-01T00:00:00Z\"}}}");
    awaitBackends("draining", List.of(new Backend("wh-1", host, 10000, 15002, false)));

    admin
        .genericKubernetesResources(KubernetesBackendSource.CLUSTERS)
        .inNamespace(namespace)
        .withName("wh-1")
        .delete();
    awaitBackends("deleted", List.of());

    Instant at = Instant.parse("2026-02-03T04:05:06Z");
    source.requestWake(at);
    GenericKubernetesResource warehouse =
        admin
            .genericKubernetesResources(KubernetesBackendSource.WAREHOUSES)
            .inNamespace(namespace)
            .withName("wh")
            .get();
    assertThat(warehouse.getMetadata().getAnnotations())
        .containsEntry(KubernetesBackendSource.WAKE_ANNOTATION, "2026-02-03T04:05:06Z");
  }
}
