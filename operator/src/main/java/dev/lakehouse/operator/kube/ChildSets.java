package dev.lakehouse.operator.kube;

import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Map;

/**
 * Makes the {@link ChildSet} of one reconcile: the one way every reconciler applies, prunes and
 * repairs the objects it owns.
 */
public class ChildSets {
  /** The one field manager of everything the operator applies. */
  public static final String FIELD_MANAGER = "lakehouse-operator";

  private final KubernetesClient client;
  private final OperatorMetrics metrics;
  private final EventRecorder events;

  public ChildSets(KubernetesClient client, OperatorMetrics metrics, EventRecorder events) {
    this.client = client;
    this.metrics = metrics;
    this.events = events;
  }

  /**
   * The children of {@code owner} in this reconcile.
   *
   * @param kinds the kinds of children the owner has; owned objects of these kinds that the
   *     reconcile neither applies nor keeps are pruned by {@link ChildSet#prune()}
   */
  public ChildSet of(
      HasMetadata owner, Context<?> context, List<Class<? extends HasMetadata>> kinds) {
    return new ChildSet(client, metrics, events, owner, context, kinds);
  }

  /**
   * A JSON merge patch of one of the operator's own resources (adopting a run made by hand): the
   * patch names only what changes, so nothing else of the user's object is touched.
   */
  public void mergePatch(HasMetadata resource, Map<String, Object> patch) {
    try {
      client
          .resource(resource)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client.getKubernetesSerialization().asJson(patch));
    } finally {
      metrics.apiWrite(resource.getKind(), "patch");
    }
  }

  /** Deletes one object (an engine a Workspace stops, say); false when it was already gone. */
  public boolean delete(HasMetadata observed) {
    boolean deleted = !client.resource(observed).delete().isEmpty();
    metrics.apiWrite(observed.getKind(), "delete");
    return deleted;
  }
}
