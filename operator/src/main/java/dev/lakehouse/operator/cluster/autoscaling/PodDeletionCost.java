package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gives the chosen worker pods the lowest pod-deletion cost, the annotation the ReplicaSet
 * controller ranks pods by when replicas shrink: the workers the autoscaler named go, the others
 * stay. Pods already gone are skipped, so a decision re-issued after an operator restart is
 * harmless.
 */
public class PodDeletionCost implements WorkerRemoval {
  public static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

  /** Lower than any cost a user would set on a worker; other workers keep the default, 0. */
  public static final String LEAVING = "-1000";

  private static final Logger LOG = Logger.getLogger(PodDeletionCost.class);

  private final KubernetesClient client;
  private final OperatorMetrics metrics;

  public PodDeletionCost(KubernetesClient client, OperatorMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  @Override
  public void markForRemoval(String namespace, List<String> workerPods) {
    for (String name : workerPods) {
      try {
        client
            .pods()
            .inNamespace(namespace)
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + LEAVING + "\"}}}");
        metrics.apiWrite("Pod", "patch");
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        LOG.debugf("worker %s/%s went before it was marked", namespace, name);
      }
    }
  }

  /**
   * Whether the pod is already marked (or on its way out), so marking it again would change
   * nothing.
   */
  public static boolean alreadyLeaving(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return pod.getMetadata().getDeletionTimestamp() != null
        || annotations != null && LEAVING.equals(annotations.get(ANNOTATION));
  }
}
