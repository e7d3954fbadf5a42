package dev.lakehouse.operator.it;

import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Small helpers of the real-API-server tests. */
final class ItSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ItSupport() {}

  static <T extends HasMetadata> T apply(KubernetesClient client, Class<T> type, String yaml) {
    T resource = client.getKubernetesSerialization().unmarshal(yaml, type);
    return client.resource(resource).fieldManager("test").forceConflicts().serverSideApply();
  }

  static Workspace readyWorkspace(KubernetesClient client, String name) {
    return readyWorkspace(client, name, "{}");
  }

  /**
   * Applies a Workspace with the given spec (YAML flow or block, indented by 2) and waits until it
   * is Ready.
   */
  static Workspace readyWorkspace(KubernetesClient client, String name, String spec) {
    apply(
        client,
        Workspace.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: %s}
        spec: %s
        """
            .formatted(name, spec));
    activateNamespace(client, name);
    countQuotas(client, name);
    return awaitWorkspace(client, name, w -> "Ready".equals(phase(w)));
  }

  /**
   * Plays the namespace controller, which does not run here: waits for the Workspace's Namespace
   * and marks it Active.
   */
  static void activateNamespace(KubernetesClient client, String name) {
    await().atMost(TIMEOUT).until(() -> client.namespaces().withName(name).get() != null);
    retryOnConflict(
        () ->
            client
                .namespaces()
                .withName(name)
                .editStatus(
                    n -> {
                      n.setStatus(
                          new io.fabric8.kubernetes.api.model.NamespaceStatus(null, "Active"));
                      return n;
                    }));
  }

  /**
   * Plays the quota controller, which does not run here: it has counted every resource of the quota
   * (status.hard is the spec's, status.used has each of them).
   */
  static void countQuotas(KubernetesClient client, String namespace) {
    reportQuota(client, namespace, true);
  }

  /**
   * Plays the quota controller before it knows a resource: status.hard is reported, status.used is
   * not (it learns new resources such as clusters.lakehouse.dev only every 30 s).
   */
  static void reportQuotaWithoutUsage(KubernetesClient client, String namespace) {
    reportQuota(client, namespace, false);
  }

  private static void reportQuota(KubernetesClient client, String namespace, boolean counted) {
    Workspace workspace = client.resources(Workspace.class).withName(namespace).get();
    if (workspace.getSpec() == null || workspace.getSpec().quota == null) {
      return;
    }
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.resourceQuotas().inNamespace(namespace).withName("lakehouse-quota").get()
                    != null);
    retryOnConflict(
        () ->
            client
                .resourceQuotas()
                .inNamespace(namespace)
                .withName("lakehouse-quota")
                .editStatus(
                    q -> {
                      Map<String, Quantity> used = new HashMap<>();
                      if (counted) {
                        q.getSpec().getHard().keySet().forEach(k -> used.put(k, new Quantity("0")));
                      }
                      q.setStatus(new ResourceQuotaStatus(q.getSpec().getHard(), used));
                      return q;
                    }));
  }

  /**
   * A JSON merge patch, which carries no resourceVersion: the operator writes the same objects
   * (their status) concurrently, and an optimistic edit would fail with a conflict now and then.
   */
  static <T extends HasMetadata> void mergePatch(
      io.fabric8.kubernetes.client.dsl.Resource<T> resource, String json) {
    resource.patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        json);
  }

  static Workspace awaitWorkspace(
      KubernetesClient client, String name, Predicate<Workspace> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> client.resources(Workspace.class).withName(name).get(),
            w -> w != null && condition.test(w));
  }

  static Cluster awaitCluster(
      KubernetesClient client, String ns, String name, Predicate<Cluster> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> client.resources(Cluster.class).inNamespace(ns).withName(name).get(),
            c -> c != null && condition.test(c));
  }

  static StatefulSet awaitStatefulSet(
      KubernetesClient client, String ns, String name, Predicate<StatefulSet> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> client.apps().statefulSets().inNamespace(ns).withName(name).get(),
            s -> s != null && condition.test(s));
  }

  static Deployment awaitWorkers(
      KubernetesClient client, String ns, String name, Predicate<Deployment> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> client.apps().deployments().inNamespace(ns).withName(name).get(),
            d -> d != null && condition.test(d));
  }

  /**
   * Plays the StatefulSet controller (the driver) or the Deployment controller (the workers, named
   * *-workers): all replicas ready on the current template.
   */
  static void markReady(KubernetesClient client, String ns, String name) {
    if (name.endsWith("-workers")) {
      retryOnConflict(
          () ->
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName(name)
                  .editStatus(
                      d -> {
                        int replicas = d.getSpec().getReplicas();
                        d.setStatus(
                            new DeploymentStatusBuilder()
                                .withReplicas(replicas)
                                .withReadyReplicas(replicas)
                                .withAvailableReplicas(replicas)
                                .withUpdatedReplicas(replicas)
                                .withObservedGeneration(d.getMetadata().getGeneration())
                                .build());
                        return d;
                      }));
      return;
    }
    retryOnConflict(
        () ->
            client
                .apps()
                .statefulSets()
                .inNamespace(ns)
                .withName(name)
                .editStatus(
                    s -> {
                      int replicas = s.getSpec().getReplicas();
                      s.setStatus(
                          new StatefulSetStatusBuilder()
                              .withReplicas(replicas)
                              .withReadyReplicas(replicas)
                              .withAvailableReplicas(replicas)
                              .withUpdatedReplicas(replicas)
                              .withObservedGeneration(s.getMetadata().getGeneration())
                              .withCurrentRevision("rev-" + templateHash(s))
                              .withUpdateRevision("rev-" + templateHash(s))
                              .build());
                      return s;
                    }));
  }

  /**
   * Status edits carry a resourceVersion, and the operator may write the object meanwhile: try
   * again.
   */
  static void retryOnConflict(Runnable edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        edit.run();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  static String templateHash(Deployment workers) {
    return workers
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("lakehouse.dev/template-hash");
  }

  static String templateHash(StatefulSet set) {
    return set.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("lakehouse.dev/template-hash");
  }

  static String phase(Workspace w) {
    return w.getStatus() == null ? null : w.getStatus().phase;
  }

  static String phase(Cluster c) {
    return c.getStatus() == null ? null : c.getStatus().phase;
  }

  static String reason(
      java.util.List<dev.lakehouse.api.v1alpha1.Condition> conditions, String type) {
    return conditions == null
        ? null
        : conditions.stream()
            .filter(c -> c.type.equals(type))
            .map(c -> c.reason)
            .findFirst()
            .orElse(null);
  }

  /** Waits until the operator has written nothing that {@code about} accepts for two seconds. */
  static void awaitNoWrites(
      dev.lakehouse.testing.AuditLog audit,
      java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode> about) {
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              long mark = audit.mark();
              Thread.sleep(2_000);
              return audit.writesSince(mark, about).isEmpty();
            });
  }
}
