package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.engine.pods.EnginePods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/** Test objects for the Cluster builders, written as the YAML a user would apply. */
final class ClusterFixtures {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final String IMAGE_REPOSITORY = "ghcr.io/lakehouse/runtime";
  static final String IMAGE = IMAGE_REPOSITORY + ":spark-3.5";
  static final String PULL_POLICY = "IfNotPresent";
  static final String NAMESPACE = "analytics-ns";

  /**
   * A Workspace with S3 storage whose access keys live in the Secret lakehouse-s3 (keys id and
   * key).
   */
  static final String WORKSPACE =
      """
      apiVersion: lakehouse.dev/v1alpha1
      kind: Workspace
      metadata:
        name: analytics
        uid: 0d5f3c2a-ws00-4000-8000-000000000001
        generation: 1
      spec:
        namespace: analytics-ns
        storage:
          s3:
            endpoint: http://minio.storage:9000
            pathStyleAccess: true
            credentials:
              secretName: lakehouse-s3
              accessKeyIdKey: id
              secretAccessKeyKey: key
      """;

  private ClusterFixtures() {}

  static Workspace workspace() {
    return workspace(WORKSPACE);
  }

  static Workspace workspace(String yaml) {
    return SERIALIZATION.unmarshal(yaml, Workspace.class);
  }

  /**
   * A Cluster etl in the Workspace's namespace with the given spec (YAML lines indented by two
   * spaces).
   */
  static Cluster cluster(String spec) {
    String yaml =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata:
          name: etl
          namespace: analytics-ns
          uid: 7c1e9a40-cl00-4000-8000-000000000002
          generation: 4
        spec:
        """
            + spec.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    return SERIALIZATION.unmarshal(yaml, Cluster.class);
  }

  static RuntimeVersion runtime() {
    return RuntimeVersions.bundled().resolve("spark-3.5");
  }

  static ClusterModel model(Workspace workspace, Cluster cluster, boolean running) {
    return new ClusterModel(
        cluster,
        EngineModel.of(
            EngineDescription.of(cluster), workspace, runtime(), IMAGE_REPOSITORY, PULL_POLICY),
        running,
        ClusterModel.fixedWorkers(cluster));
  }

  static ClusterChildren build(Workspace workspace, Cluster cluster, boolean running) {
    return ClusterResources.build(model(workspace, cluster, running));
  }

  static ClusterChildren build(String spec) {
    return build(workspace(), cluster(spec), true);
  }

  static ClusterChildren build(String spec, boolean running) {
    return build(workspace(), cluster(spec), running);
  }

  /** Both pod templates: the driver's first, then the workers'. */
  static List<PodTemplateSpec> templates(ClusterChildren children) {
    return List.of(
        children.driver().getSpec().getTemplate(), children.workers().getSpec().getTemplate());
  }

  /** Every container (init containers included) of both pod templates. */
  static List<Container> containers(ClusterChildren children) {
    List<Container> all = new ArrayList<>();
    for (PodTemplateSpec template : templates(children)) {
      all.addAll(template.getSpec().getContainers());
      if (template.getSpec().getInitContainers() != null) {
        all.addAll(template.getSpec().getInitContainers());
      }
    }
    return all;
  }

  static String templateHash(StatefulSet set) {
    return set.getSpec().getTemplate().getMetadata().getAnnotations().get(EnginePods.TEMPLATE_HASH);
  }

  static String templateHash(Deployment workers) {
    return workers
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(EnginePods.TEMPLATE_HASH);
  }

  static String configHash(StatefulSet set) {
    return set.getSpec().getTemplate().getMetadata().getAnnotations().get(EnginePods.CONFIG_HASH);
  }

  static String configHash(Deployment workers) {
    return workers
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(EnginePods.CONFIG_HASH);
  }

  static <T> T copy(T object, Class<T> type) {
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(object), type);
  }
}
