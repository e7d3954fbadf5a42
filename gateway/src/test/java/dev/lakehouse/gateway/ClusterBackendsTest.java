package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterBackendsTest {
  private final ClusterBackends clusterBackends =
      new ClusterBackends("analytics", GatewayConfig.DEFAULT_HOST_TEMPLATE, 10000, 15002);

  private static GenericKubernetesResource cluster(
      String name, String readyStatus, Map<String, String> annotations, String deletedAt) {
    GenericKubernetesResource cluster = new GenericKubernetesResource();
    cluster.setApiVersion("lakehouse.dev/v1alpha1");
    cluster.setKind("Cluster");
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("analytics")
            .withAnnotations(annotations)
            .withDeletionTimestamp(deletedAt)
            .build());
    if (readyStatus != null) {
      cluster.setAdditionalProperty(
          "status",
          Map.of(
              "phase",
              "Running",
              "conditions",
              List.of(
                  Map.of("type", "WorkspaceReady", "status", "True"),
                  Map.of("type", "Ready", "status", readyStatus, "reason", "Running"))));
    }
    return cluster;
  }

  @Test
  void aReadyClusterIsARoutableBackendAtItsDriverService() {
    Backend backend = clusterBackends.toBackend(cluster("wh-1", "True", Map.of(), null));

    assertThat(backend)
        .isEqualTo(new Backend("wh-1", "wh-1-driver.analytics.svc", 10000, 15002, true));
  }

  @Test
  void aClusterThatIsNotReadyOrHasNoStatusIsNotRoutable() {
    assertThat(ClusterBackends.routable(cluster("wh-1", "False", Map.of(), null))).isFalse();
    assertThat(ClusterBackends.routable(cluster("wh-1", "Unknown", Map.of(), null))).isFalse();
    assertThat(ClusterBackends.routable(cluster("wh-1", null, Map.of(), null))).isFalse();
  }

  @Test
  void aDrainingClusterIsNotRoutable() {
    GenericKubernetesResource draining =
        cluster("wh-2", "True", Map.of("lakehouse.dev/draining", "2026-01-01T00:00:00Z"), null);

    assertThat(clusterBackends.toBackend(draining).routable()).isFalse();
  }

  @Test
  void aClusterBeingDeletedIsNotRoutable() {
    assertThat(ClusterBackends.routable(cluster("wh-3", "True", Map.of(), "2026-01-01T00:00:00Z")))
        .isFalse();
  }

  @Test
  void theHostTemplateMayBeAFixedAddress() {
    ClusterBackends kwok = new ClusterBackends("analytics", "127.0.0.1", 20000, 25002);

    assertThat(kwok.toBackend(cluster("wh-1", "True", Map.of(), null)))
        .isEqualTo(new Backend("wh-1", "127.0.0.1", 20000, 25002, true));
  }

  @Test
  void theWakePatchStampsTheAnnotation() {
    assertThat(KubernetesBackendSource.wakePatch(Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo(
            "{\"metadata\":{\"annotations\":{\"lakehouse.dev/wake-requested-at\":\"2026-01-02T03:04:05Z\"}}}");
    assertThat(KubernetesBackendSource.CLUSTERS.getPlural()).isEqualTo("clusters");
    assertThat(KubernetesBackendSource.CLUSTERS.getGroup()).isEqualTo("lakehouse.dev");
    assertThat(KubernetesBackendSource.WAREHOUSES.getPlural()).isEqualTo("warehouses");
    assertThat(KubernetesBackendSource.WAREHOUSES.getVersion()).isEqualTo("v1alpha1");
  }
}
