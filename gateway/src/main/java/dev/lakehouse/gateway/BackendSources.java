package dev.lakehouse.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Creates the backend source that {@code LAKEHOUSE_GATEWAY_BACKENDS} names. */
final class BackendSources {
  private BackendSources() {}

  static BackendSource create(GatewayConfig config) {
    if (config.usesKubernetes()) {
      // In-cluster service account, or KUBECONFIG / ~/.kube/config outside a cluster.
      KubernetesClient client;
      try {
        client = new KubernetesClientBuilder().build();
      } catch (RuntimeException e) {
        throw new ConfigException(
            "cannot configure a Kubernetes client ("
                + e.getMessage()
                + "): run in a pod with a service account, or set KUBECONFIG, or set "
                + GatewayConfig.BACKENDS
                + "=file:<path>",
            e);
      }
      return new KubernetesBackendSource(client, config);
    }
    return new FileBackendSource(config.backendsFile(), FileBackendSource.POLL_INTERVAL);
  }
}
