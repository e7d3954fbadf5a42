package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kubectl scale drives a Cluster's workers and a Warehouse's clusters through the scale
 * subresource, within the autoscale bounds when autoscaling is on (the path the autoscaler, an HPA
 * or KEDA take).
 */
class ScaleSubresourceTest {
  private static final RealApiServer API = RealApiServer.shared();
  private static final KubernetesClient CLIENT = API.client();
  private static final String NS = "scaling";

  @BeforeAll
  static void createNamespace() {
    CLIENT
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
  }

  @Test
  void kubectlScaleChangesAFixedClustersWorkers() {
    apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: fixed, namespace: scaling}
        spec: {workers: 2}
        """);

    CommandResult scaled =
        API.kubectl("scale", "clusters.lakehouse.dev/fixed", "-n", NS, "--replicas=5");

    assertThat(scaled.succeeded()).as(scaled.toString()).isTrue();
    assertThat(scaled.stdout()).contains("cluster.lakehouse.dev/fixed scaled");
    assertThat(workers("fixed")).isEqualTo(5);
    assertThat(
            CLIENT
                .resources(Cluster.class)
                .inNamespace(NS)
                .withName("fixed")
                .scale()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
  }

  @Test
  void scalingAnAutoscaledClusterStaysWithinItsBounds() {
    apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: elastic, namespace: scaling}
        spec:
          autoscale: {minWorkers: 1, maxWorkers: 4}
        """);

    CommandResult withinBounds =
        API.kubectl("scale", "clusters.lakehouse.dev/elastic", "-n", NS, "--replicas=3");
    CommandResult aboveMax =
        API.kubectl("scale", "clusters.lakehouse.dev/elastic", "-n", NS, "--replicas=9");

    assertThat(withinBounds.succeeded()).as(withinBounds.toString()).isTrue();
    assertThat(aboveMax.succeeded()).as(aboveMax.toString()).isFalse();
    assertThat(aboveMax.stderr())
        .contains(
            "spec.workers must stay between autoscale.minWorkers and autoscale.maxWorkers while autoscaling");
    assertThat(workers("elastic")).isEqualTo(3);
  }

  @Test
  void kubectlScaleChangesAWarehousesClusters() {
    apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Warehouse
        metadata: {name: bi, namespace: scaling}
        spec: {minClusters: 1, maxClusters: 4}
        """);

    CommandResult scaled =
        API.kubectl("scale", "warehouses.lakehouse.dev/bi", "-n", NS, "--replicas=2");

    assertThat(scaled.succeeded()).as(scaled.toString()).isTrue();
    assertThat(
            CLIENT
                .resources(Warehouse.class)
                .inNamespace(NS)
                .withName("bi")
                .get()
                .getSpec()
                .clusters)
        .isEqualTo(2);
  }

  @Test
  void aJobIsNotScalable() {
    apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: nightly, namespace: scaling}
        spec:
          jobCluster: {workers: 2}
          tasks: [{key: q, sql: {query: "select 1"}}]
        """);

    CommandResult scaled =
        API.kubectl("scale", "jobs.lakehouse.dev/nightly", "-n", NS, "--replicas=3");

    // The API server answers NotFound for the scale subresource of a kind that has none.
    assertThat(scaled.succeeded()).isFalse();
    assertThat(scaled.stderr()).contains("NotFound");
    assertThat(API.kubectl("get", "jobs.lakehouse.dev/nightly", "-n", NS).succeeded()).isTrue();
  }

  private static void apply(String manifest) {
    CommandResult applied = API.kubectlWithInput(manifest, "apply", "--server-side", "-f", "-");
    assertThat(applied.succeeded()).as(applied.toString()).isTrue();
  }

  private static Integer workers(String name) {
    return CLIENT.resources(Cluster.class).inNamespace(NS).withName(name).get().getSpec().workers;
  }
}
