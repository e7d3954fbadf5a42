package dev.lakehouse.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sharding: several operator releases on one cluster, each reconciling the lakehouse resources its
 * label selector (LAKEHOUSE_SHARD_SELECTOR, for example {@code lakehouse.dev/shard=a}) selects. The
 * selector is each controller's primary informer selector (application.properties); the informers
 * of what the controllers read besides (children, Workspaces, runs, Clusters) narrow to the same
 * selector, and what the operator creates carries its owner's shard label, so one shard's caches
 * hold neither the other's resources nor their children, and a shard never writes them. Without a
 * selector nothing changes: no label is added, every informer selects as before.
 */
public final class Shard {
  /** The label a platform team puts on Workspaces, Clusters, Jobs and Warehouses to shard them. */
  public static final String LABEL = "lakehouse.dev/shard";

  private Shard() {}

  /** The shard selector of a controller: its primary informer's label selector, if any. */
  public static Optional<String> selectorOf(EventSourceContext<?> context) {
    return Optional.ofNullable(
            context.getControllerConfiguration().getInformerConfig().getLabelSelector())
        .filter(s -> !s.isBlank());
  }

  /** A secondary informer's selector narrowed to the controller's shard. */
  public static String narrow(String selector, EventSourceContext<?> context) {
    return narrow(selector, selectorOf(context));
  }

  /**
   * {@code selector} and the shard's selector together (both must match); either alone when the
   * other is absent; null (everything) when neither is given.
   */
  public static String narrow(String selector, Optional<String> shard) {
    boolean own = selector != null && !selector.isBlank();
    if (shard.isEmpty()) {
      return own ? selector : null;
    }
    return own ? selector + "," + shard.get() : shard.get();
  }

  /**
   * The labels of a child of {@code owner}: its own, with the owner's shard label when the owner
   * has one, so the child is in its owner's shard. An owner without the label leaves them as they
   * are (the same object, so an unsharded operator writes exactly what it wrote before).
   */
  public static Map<String, String> inherit(HasMetadata owner, Map<String, String> labels) {
    String shard = shardOf(owner).orElse(null);
    if (shard == null || (labels != null && shard.equals(labels.get(LABEL)))) {
      return labels;
    }
    Map<String, String> withShard = new LinkedHashMap<>(labels == null ? Map.of() : labels);
    withShard.put(LABEL, shard);
    return withShard;
  }

  /** The shard a resource is labelled with, if any. */
  public static Optional<String> shardOf(HasMetadata resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return Optional.ofNullable(labels == null ? null : labels.get(LABEL));
  }
}
