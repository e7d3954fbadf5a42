package dev.lakehouse.operator.kube;

import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Applies children with server-side apply under one field manager, and only when they changed: each
 * applied object carries the hash of its desired state, so a reconcile that wants what is already
 * there writes nothing.
 */
public class ChildApplier {
  public static final String FIELD_MANAGER = "lakehouse-operator";
  public static final String APPLIED_HASH = "lakehouse.dev/applied-hash";

  private final KubernetesClient client;
  private final OperatorMetrics metrics;

  public ChildApplier(KubernetesClient client, OperatorMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  /**
   * Applies {@code desired} unless {@code observed} (from the informer cache) was applied from the
   * same desired state. Returns true when it wrote.
   */
  public boolean apply(HasMetadata desired, Optional<? extends HasMetadata> observed) {
    String hash = Hashes.ofObject(desired);
    boolean unchanged =
        observed
            .map(o -> o.getMetadata().getAnnotations())
            .map(a -> hash.equals(a.get(APPLIED_HASH)))
            .orElse(false);
    if (unchanged) {
      return false;
    }
    Map<String, String> annotations =
        new HashMap<>(Optional.ofNullable(desired.getMetadata().getAnnotations()).orElse(Map.of()));
    annotations.put(APPLIED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);
    client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    metrics.apiWrite(desired.getKind(), "apply");
    return true;
  }

  /**
   * Deletes a child that should no longer exist. Returns true when it deleted something (false:
   * already gone).
   */
  public boolean delete(HasMetadata observed) {
    boolean deleted = !client.resource(observed).delete().isEmpty();
    metrics.apiWrite(observed.getKind(), "delete");
    return deleted;
  }
}
