package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Watches every resource of a kind and keeps when each engine became ready, as the server recorded
 * it (one watch instead of a thousand {@code kubectl wait} pollers).
 */
final class ReadinessTracker implements AutoCloseable {
  private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
  private final SharedIndexInformer<GenericKubernetesResource> informer;
  private final KubernetesClient client;
  private final ResourceDefinitionContext kind;
  private final Function<GenericKubernetesResource, Optional<Instant>> readySince;
  private final Function<GenericKubernetesResource, String> engineKey;

  /**
   * Watches {@code kind}; {@code readySince} says when an object became ready and {@code engineKey}
   * which engine it stands for (itself, or the run or application a pod belongs to).
   */
  ReadinessTracker(
      KubernetesClient client,
      ResourceDefinitionContext kind,
      Function<GenericKubernetesResource, Optional<Instant>> readySince,
      Function<GenericKubernetesResource, String> engineKey) {
    this.client = client;
    this.kind = kind;
    this.readySince = readySince;
    this.engineKey = engineKey;
    informer =
        client
            .genericKubernetesResources(kind)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource resource) {
                    seen(resource);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource old, GenericKubernetesResource resource) {
                    seen(resource);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource resource, boolean unknown) {}

                  private void seen(GenericKubernetesResource resource) {
                    record(resource);
                  }
                });
  }

  private void record(GenericKubernetesResource resource) {
    readySince
        .apply(resource)
        .ifPresent(since -> readyAt.putIfAbsent(engineKey.apply(resource), since));
  }

  /** Waits until {@code count} resources have been ready; false on timeout. */
  boolean awaitReady(int count, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    int reported = 0;
    Instant nextReport = Instant.now().plusSeconds(15);
    while (readyAt.size() < count) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      if (Instant.now().isAfter(nextReport)) {
        int now = readyAt.size();
        System.out.printf("[scale]   %d of %d ready (+%d)%n", now, count, now - reported);
        reported = now;
        nextReport = Instant.now().plusSeconds(15);
        // A list now and then as well: a watch on this busy machine may lag behind. A list that
        // times out on a busy API server is skipped: the watch goes on.
        try {
          client
              .genericKubernetesResources(kind)
              .inAnyNamespace()
              .list()
              .getItems()
              .forEach(this::record);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          System.out.printf("[scale]   a list failed (%s); the watch goes on%n", e.getMessage());
        }
      }
      OperatorProcess.sleep(100);
    }
    return true;
  }

  Map<String, Instant> readyAt() {
    return Map.copyOf(readyAt);
  }

  @Override
  public void close() {
    informer.close();
  }
}
