package dev.lakehouse.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the informer caches hold of a primary resource's children. */
public final class Observed {
  private Observed() {}

  /** The cached child of the same kind, name and namespace as {@code desired}. */
  public static Optional<HasMetadata> find(Context<?> context, HasMetadata desired) {
    return all(context, desired.getClass()).stream()
        .filter(
            o ->
                o.getMetadata().getName().equals(desired.getMetadata().getName())
                    && Objects.equals(
                        o.getMetadata().getNamespace(), desired.getMetadata().getNamespace()))
        .findFirst();
  }

  /**
   * Everything an informer of the given kind caches in one namespace, whether or not it maps back
   * to this primary resource (for kinds watched to be counted, such as a Workspace's engines).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static List<HasMetadata> inNamespace(
      Context<?> context, Class<? extends HasMetadata> kind, String namespace) {
    var source =
        (ManagedInformerEventSource) context.eventSourceRetriever().getEventSourceFor((Class) kind);
    return ((java.util.stream.Stream<HasMetadata>) source.list(namespace, x -> true)).toList();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static List<HasMetadata> all(Context<?> context, Class<? extends HasMetadata> kind) {
    return List.copyOf((java.util.Set) context.getSecondaryResources((Class) kind));
  }
}
