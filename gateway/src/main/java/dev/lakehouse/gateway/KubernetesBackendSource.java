package dev.lakehouse.gateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backends from the Warehouse's child Clusters, watched by an informer on {@code
 * clusters.lakehouse.dev} in the Warehouse's namespace with the label {@code
 * lakehouse.dev/warehouse=<name>}. Wake is a JSON merge patch of the Warehouse's {@code
 * lakehouse.dev/wake-requested-at} annotation. RBAC: clusters get/list/watch, warehouses get/patch.
 */
final class KubernetesBackendSource implements BackendSource {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackendSource.class);

  static final String WAREHOUSE_LABEL = "lakehouse.dev/warehouse";
  static final String WAKE_ANNOTATION = "lakehouse.dev/wake-requested-at";
  static final ResourceDefinitionContext CLUSTERS = lakehouseKind("Cluster", "clusters");
  static final ResourceDefinitionContext WAREHOUSES = lakehouseKind("Warehouse", "warehouses");

  /** How long start() waits for the first list before the gateway listens anyway. */
  private static final long FIRST_LIST_WAIT_SECONDS = 20;

  private final KubernetesClient client;
  private final String warehouse;
  private final String namespace;
  private final ClusterBackends clusterBackends;
  private SharedIndexInformer<GenericKubernetesResource> informer;

  KubernetesBackendSource(KubernetesClient client, GatewayConfig config) {
    this.client = client;
    this.warehouse = config.warehouse();
    this.namespace = config.namespace();
    this.clusterBackends =
        new ClusterBackends(
            config.namespace(),
            config.backendHostTemplate(),
            config.backendSqlPort(),
            config.backendConnectPort());
  }

  private static ResourceDefinitionContext lakehouseKind(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("lakehouse.dev")
        .withVersion("v1alpha1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  @Override
  public void start(Consumer<List<Backend>> listener) {
    informer =
        client
            .genericKubernetesResources(CLUSTERS)
            .inNamespace(namespace)
            .withLabel(WAREHOUSE_LABEL, warehouse)
            .runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource cluster) {
            listener.accept(currentBackends());
          }

          @Override
          public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            listener.accept(currentBackends());
          }

          @Override
          public void onDelete(GenericKubernetesResource cluster, boolean finalStateUnknown) {
            listener.accept(currentBackends());
          }
        });
    // Keep retrying: a gateway without its list holds connections, which is better than exiting.
    informer.exceptionHandler(
        (started, cause) -> {
          LOG.warn(
              "Watching the clusters of {} failed, retrying: {}", describe(), cause.toString());
          return true;
        });
    try {
      informer.start().toCompletableFuture().get(FIRST_LIST_WAIT_SECONDS, TimeUnit.SECONDS);
      listener.accept(currentBackends());
    } catch (Exception e) {
      LOG.warn(
          "No list of the clusters of {} after {} s ({}); listening anyway, connections wait",
          describe(),
          FIRST_LIST_WAIT_SECONDS,
          e.toString());
    }
  }

  private List<Backend> currentBackends() {
    return informer.getStore().list().stream()
        .map(clusterBackends::toBackend)
        .sorted(Comparator.comparing(Backend::name))
        .toList();
  }

  @Override
  public void requestWake(Instant at) {
    client
        .genericKubernetesResources(WAREHOUSES)
        .inNamespace(namespace)
        .withName(warehouse)
        .patch(PatchContext.of(PatchType.JSON_MERGE), wakePatch(at));
  }

  /** The merge patch that stamps the wake request on the Warehouse. */
  static String wakePatch(Instant at) {
    return "{\"metadata\":{\"annotations\":{\"" + WAKE_ANNOTATION + "\":\"" + at + "\"}}}";
  }

  @Override
  public String describe() {
    return "Warehouse " + namespace + "/" + warehouse;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    client.close();
  }
}
