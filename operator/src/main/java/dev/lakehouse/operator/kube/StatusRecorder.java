package dev.lakehouse.operator.kube;

import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;

/**
 * The one place that writes the status of the operator's resources.
 *
 * <ul>
 *   <li>A status equal to the stored one is not written: an idle resync makes no request.
 *   <li>A write replaces the whole status (a PUT of the status subresource with the resource
 *       version read, so a concurrent change is never overwritten blindly); on a conflict it reads
 *       the newer resource and writes again.
 *   <li>Read-your-writes: what was written is put into java-operator-sdk's cache of the primary, so
 *       the next reconcile, even one an event starts before the informer has seen the write, reads
 *       the status it wrote. Transitions (and the events they tell) are judged against it.
 * </ul>
 */
public class StatusRecorder {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final int CONFLICT_RETRIES = 3;
  private static final long CACHE_WAIT_MS = 2_000;
  private static final long CACHE_POLL_MS = 20;

  private final KubernetesClient client;
  private final OperatorMetrics metrics;

  public StatusRecorder(KubernetesClient client, OperatorMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  /**
   * Records {@code status} as the status of {@code primary} when it differs from the stored one.
   *
   * @return the resource as the API server has it after the write, or {@code primary} unchanged
   */
  public <S, R extends CustomResource<?, S>> R record(R primary, S status, Context<R> context) {
    if (!differs(primary.getStatus(), status)) {
      return primary;
    }
    return PrimaryUpdateAndCacheUtils.updateAndCacheResource(
        primary,
        context,
        resource -> {
          resource.setStatus(status);
          return resource;
        },
        resource -> {
          metrics.apiWrite(resource.getKind(), "updateStatus");
          return client.resource(resource).updateStatus();
        },
        CONFLICT_RETRIES,
        CACHE_WAIT_MS,
        CACHE_POLL_MS);
  }

  /** Whether two statuses differ as JSON (what the API server would store). */
  public static boolean differs(Object stored, Object computed) {
    return !Objects.equals(JSON.asJson(stored), JSON.asJson(computed));
  }
}
