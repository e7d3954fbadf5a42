package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes for {@code status.autoscaler}. A reconcile triggered by a pod event can start
 * before the informer has seen the status the previous reconcile wrote; deciding again from an
 * older status would repeat the decision (a second event, more workers named). Each recorded status
 * carries the time of its evaluation, which only grows, so the newer of the recorded and the
 * observed one is the state to start from.
 */
final class RecordedStatus {
  /**
   * An informer this far behind has bigger problems; entries older than this are dropped (deleted
   * Clusters).
   */
  static final long KEEP_MS = 10 * 60_000L;

  private record Entry(ClusterAutoscalerStatus status, long recordedAtMs) {}

  private final Map<String, Entry> byCluster = new ConcurrentHashMap<>();

  /**
   * The Cluster's autoscaler status, or the newer one recorded for it that the informer has not
   * shown yet.
   */
  ClusterAutoscalerStatus latest(Cluster cluster) {
    ClusterAutoscalerStatus seen =
        cluster.getStatus() == null ? null : cluster.getStatus().autoscaler;
    Entry entry = byCluster.get(key(cluster));
    if (entry == null || evaluatedAt(entry.status()) <= evaluatedAt(seen)) {
      return seen;
    }
    return entry.status();
  }

  void remember(Cluster cluster, ClusterAutoscalerStatus status, long nowMs) {
    byCluster.values().removeIf(e -> nowMs - e.recordedAtMs() > KEEP_MS);
    if (status != null && status.lastEvaluationTime != null) {
      byCluster.put(key(cluster), new Entry(status, nowMs));
    }
  }

  void forget(Cluster cluster) {
    byCluster.remove(key(cluster));
  }

  private static long evaluatedAt(ClusterAutoscalerStatus status) {
    return status == null || status.lastEvaluationTime == null
        ? Long.MIN_VALUE
        : Instant.parse(status.lastEvaluationTime).toEpochMilli();
  }

  private static String key(Cluster cluster) {
    return Objects.requireNonNullElse(
        cluster.getMetadata().getUid(),
        cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName());
  }
}
