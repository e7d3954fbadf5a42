package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes for {@code status.autoscaler}. A reconcile triggered by a pod event can start before the
 * informer has seen the status the previous reconcile wrote; deciding again from the older status would repeat
 * the decision (a second event, a second round of marks). So the last status recorded per Cluster is remembered
 * with the one it replaced, and used while the Cluster still shows the replaced one.
 */
final class RecordedStatus {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private record Change(String replaced, ClusterAutoscalerStatus recorded) {
  }

  private final Map<String, Change> byCluster = new ConcurrentHashMap<>();

  /** The Cluster's autoscaler status, or the newer one recorded while the Cluster still shows the older one. */
  ClusterAutoscalerStatus latest(Cluster cluster) {
    ClusterAutoscalerStatus seen = cluster.getStatus() == null ? null : cluster.getStatus().autoscaler;
    Change change = byCluster.get(key(cluster));
    if (change != null && change.replaced().equals(json(seen))) {
      return change.recorded();
    }
    return seen;
  }

  void remember(Cluster cluster, ClusterAutoscalerStatus before, ClusterAutoscalerStatus after) {
    String replaced = json(before);
    if (replaced.equals(json(after))) {
      return;
    }
    byCluster.put(key(cluster), new Change(replaced, after));
  }

  void forget(Cluster cluster) {
    byCluster.remove(key(cluster));
  }

  private static String key(Cluster cluster) {
    return Objects.requireNonNullElse(cluster.getMetadata().getUid(),
        cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName());
  }

  private static String json(ClusterAutoscalerStatus status) {
    return status == null ? "null" : JSON.asJson(status);
  }
}
