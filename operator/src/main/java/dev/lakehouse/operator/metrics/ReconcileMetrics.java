package dev.lakehouse.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds java-operator-sdk's reconciliation callbacks into {@link OperatorMetrics}: counts, errors
 * and durations per kind, and the latency from the first unhandled event about a resource to the
 * start of its reconciliation.
 */
public class ReconcileMetrics implements Metrics {
  private final OperatorMetrics metrics;
  private final Map<ResourceID, Long> firstPendingEventNanos = new ConcurrentHashMap<>();
  private final Map<ResourceID, Long> startedNanos = new ConcurrentHashMap<>();

  public ReconcileMetrics(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    firstPendingEventNanos.putIfAbsent(event.getRelatedCustomResourceID(), System.nanoTime());
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    ResourceID id = ResourceID.fromResource(resource);
    long now = System.nanoTime();
    startedNanos.put(id, now);
    Long received = firstPendingEventNanos.remove(id);
    if (received != null) {
      metrics.eventToReconcile(kind(resource, metadata), (now - received) / 1e9);
    }
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    finished(resource, metadata, true);
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    finished(resource, metadata, false);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    firstPendingEventNanos.remove(resourceID);
    startedNanos.remove(resourceID);
  }

  private void finished(HasMetadata resource, Map<String, Object> metadata, boolean success) {
    Long started = startedNanos.remove(ResourceID.fromResource(resource));
    double seconds = started == null ? 0 : (System.nanoTime() - started) / 1e9;
    metrics.reconciled(kind(resource, metadata), success, seconds);
  }

  private static String kind(HasMetadata resource, Map<String, Object> metadata) {
    return resource != null
        ? resource.getKind()
        : String.valueOf(metadata.get(Constants.CONTROLLER_NAME));
  }
}
