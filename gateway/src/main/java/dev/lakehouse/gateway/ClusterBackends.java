package dev.lakehouse.gateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * Turns a Warehouse's child Cluster into a backend. Routable: condition Ready is "True", no {@code
 * lakehouse.dev/draining} annotation, no deletion timestamp. Read from the untyped resource so the
 * gateway needs no API classes.
 */
final class ClusterBackends {
  static final String DRAINING_ANNOTATION = "lakehouse.dev/draining";

  private final String namespace;
  private final String hostTemplate;
  private final int sqlPort;
  private final int connectPort;

  ClusterBackends(String namespace, String hostTemplate, int sqlPort, int connectPort) {
    this.namespace = namespace;
    this.hostTemplate = hostTemplate;
    this.sqlPort = sqlPort;
    this.connectPort = connectPort;
  }

  Backend toBackend(GenericKubernetesResource cluster) {
    String name = cluster.getMetadata().getName();
    return new Backend(
        name,
        HostTemplate.render(hostTemplate, name, namespace),
        sqlPort,
        connectPort,
        routable(cluster));
  }

  static boolean routable(GenericKubernetesResource cluster) {
    ObjectMeta metadata = cluster.getMetadata();
    if (metadata.getDeletionTimestamp() != null) {
      return false;
    }
    Map<String, String> annotations = metadata.getAnnotations();
    if (annotations != null && annotations.containsKey(DRAINING_ANNOTATION)) {
      return false;
    }
    return isReady(cluster.get("status", "conditions"));
  }

  private static boolean isReady(Object conditions) {
    if (!(conditions instanceof List<?> list)) {
      return false;
    }
    return list.stream()
        .filter(Map.class::isInstance)
        .map(Map.class::cast)
        .anyMatch(
            condition ->
                "Ready".equals(condition.get("type")) && "True".equals(condition.get("status")));
  }
}
