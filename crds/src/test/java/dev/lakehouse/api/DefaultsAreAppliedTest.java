package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.api.v1alpha1.Task;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseSize;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.api.v1alpha1.WorkspaceSpec;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API server fills in the documented defaults of minimal manifests. */
class DefaultsAreAppliedTest {
  private static final RealApiServer API = RealApiServer.shared();
  private static final KubernetesClient CLIENT = API.client();

  @BeforeAll
  static void createNamespace() {
    CLIENT
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("defaults").endMetadata().build())
        .serverSideApply();
  }

  @Test
  void clusterDefaults() {
    Cluster cluster =
        create(
            Cluster.class,
            """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: minimal, namespace: defaults}
        spec: {workers: 1}
        """);
    assertThat(cluster.getSpec().runtimeVersion).isEqualTo("spark-3.5");
    assertThat(cluster.getSpec().autoTerminationMinutes).isEqualTo(120);
    assertThat(cluster.getSpec().state).isEqualTo(State.Running);
    assertThat(cluster.getSpec().driver.cores).isEqualTo(1);
    assertThat(cluster.getSpec().driver.memory).isEqualTo("2Gi");
    assertThat(cluster.getSpec().worker.cores).isEqualTo(2);
    assertThat(cluster.getSpec().worker.memory).isEqualTo("4Gi");
  }

  @Test
  void workspaceDefaults() {
    Workspace workspace =
        create(
            Workspace.class,
            """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: minimal-defaults}
        spec:
          storage:
            s3:
              endpoint: http://minio:9000
              credentials: {secretName: s3}
        """);
    assertThat(workspace.getSpec().deletionPolicy).isEqualTo(WorkspaceSpec.DeletionPolicy.Refuse);
    assertThat(workspace.getSpec().storage.s3.region).isEqualTo("us-east-1");
    assertThat(workspace.getSpec().storage.s3.pathStyleAccess).isFalse();
    assertThat(workspace.getSpec().storage.s3.credentials.accessKeyIdKey).isEqualTo("accessKeyId");
    assertThat(workspace.getSpec().storage.s3.credentials.secretAccessKeyKey)
        .isEqualTo("secretAccessKey");
  }

  @Test
  void jobDefaults() {
    Job job =
        create(
            Job.class,
            """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: minimal, namespace: defaults}
        spec:
          existingCluster: shared
          schedule: {cron: "0 6 * * *"}
          tasks:
            - key: build
              dbt: {project: /dbt}
        """);
    assertThat(job.getSpec().maxConcurrentRuns).isEqualTo(1);
    assertThat(job.getSpec().timeoutSeconds).isZero();
    assertThat(job.getSpec().successfulRunsHistoryLimit).isEqualTo(10);
    assertThat(job.getSpec().failedRunsHistoryLimit).isEqualTo(10);
    assertThat(job.getSpec().schedule.timeZone).isEqualTo("UTC");
    assertThat(job.getSpec().schedule.paused).isFalse();
    Task task = job.getSpec().tasks.get(0);
    assertThat(task.runIf).isEqualTo(Task.RunIf.AllSucceeded);
    assertThat(task.maxRetries).isZero();
    assertThat(task.retryOnTimeout).isFalse();
    assertThat(task.dbt.commands).containsExactly("dbt build");
  }

  @Test
  void warehouseDefaults() {
    Warehouse warehouse =
        create(
            Warehouse.class,
            """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Warehouse
        metadata: {name: minimal, namespace: defaults}
        spec: {}
        """);
    assertThat(warehouse.getSpec().size).isEqualTo(WarehouseSize.SMALL);
    assertThat(warehouse.getSpec().minClusters).isEqualTo(1);
    assertThat(warehouse.getSpec().maxClusters).isEqualTo(1);
    assertThat(warehouse.getSpec().maxConcurrentQueriesPerCluster).isEqualTo(10);
    assertThat(warehouse.getSpec().autoStopMinutes).isEqualTo(10);
    assertThat(warehouse.getSpec().state).isEqualTo(State.Running);
    assertThat(warehouse.getSpec().runtimeVersion).isEqualTo("spark-3.5");
  }

  private static <T extends HasMetadata> T create(Class<T> type, String yaml) {
    T resource = CLIENT.getKubernetesSerialization().unmarshal(yaml, type);
    return CLIENT.resource(resource).create();
  }
}
