package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Creates resources at a target rate, as a load generator does: the i-th create starts at {@code i
 * / rate} seconds (never earlier), on a pool of connections so that a slow response does not hold
 * back the next create. Records when each create was answered.
 */
final class PacedCreator {
  private final KubernetesClient client;
  private final int perSecond;

  PacedCreator(KubernetesClient client, int perSecond) {
    this.client = client;
    this.perSecond = perSecond;
  }

  /**
   * What a run of creates did: when each create was answered (this machine's clock) and the
   * server's creation timestamp of each resource (namespace/name).
   */
  record Created(
      Instant first, Instant last, Map<String, Instant> at, Map<String, Instant> createdAt) {
    double ratePerSecond() {
      double seconds = Duration.between(first, last).toMillis() / 1000.0;
      return seconds <= 0 ? at.size() : (at.size() - 1) / seconds;
    }
  }

  Created create(List<GenericKubernetesResource> resources) throws InterruptedException {
    Map<String, Instant> at = new ConcurrentHashMap<>();
    Map<String, Instant> createdAt = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(64);
    long start = System.nanoTime();
    Instant first = Instant.now();
    try {
      List<Future<?>> creates = new java.util.ArrayList<>();
      for (int i = 0; i < resources.size(); i++) {
        long due = start + TimeUnit.MILLISECONDS.toNanos(i * 1000L / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        GenericKubernetesResource resource = resources.get(i);
        creates.add(
            pool.submit(
                () -> {
                  GenericKubernetesResource made = client.resource(resource).create();
                  at.put(key(resource), Instant.now());
                  createdAt.put(
                      key(resource), Instant.parse(made.getMetadata().getCreationTimestamp()));
                }));
      }
      for (Future<?> create : creates) {
        create.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a create failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Instant last = at.values().stream().max(Instant::compareTo).orElse(first);
    return new Created(first, last, at, createdAt);
  }

  static String key(GenericKubernetesResource resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
