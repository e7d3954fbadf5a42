package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;

/** Clusters and worker pods as the reconciler would observe them. */
public final class AutoscalingFixtures {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final String NAMESPACE = "analytics";

  private AutoscalingFixtures() {}

  /** A Cluster "etl" with the given spec lines (indented by two spaces). */
  public static Cluster cluster(String spec) {
    return SERIALIZATION.unmarshal(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata:
          name: etl
          namespace: analytics
        spec:
        %s"""
            .formatted(spec.indent(2)),
        Cluster.class);
  }

  static Pod readyWorker(String name, String ip, Instant created, Instant ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .withCreationTimestamp(created.toString())
        .endMetadata()
        .withNewStatus()
        .withPodIP(ip)
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withLastTransitionTime(ready.toString())
        .endCondition()
        .endStatus()
        .build();
  }

  static Pod startingWorker(String name, Instant created) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .withCreationTimestamp(created.toString())
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("False")
        .endCondition()
        .endStatus()
        .build();
  }

  static Pod leavingWorker(String name, Instant created, Instant deleted) {
    Pod pod = readyWorker(name, null, created, created);
    pod.getMetadata().setDeletionTimestamp(deleted.toString());
    return pod;
  }
}
