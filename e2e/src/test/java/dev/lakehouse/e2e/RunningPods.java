package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pods as the scale benchmark's Job legs read them: a run's task pod, an application's driver pod,
 * is ready once its container has started (kwok runs it: it may already have ended, as a task that
 * ran does).
 */
final class RunningPods {
  static final ResourceDefinitionContext KIND =
      ResourceDefinitionContext.fromResourceType(io.fabric8.kubernetes.api.model.Pod.class);

  private RunningPods() {}

  /** A label of the pod, empty when it has none. */
  static String label(GenericKubernetesResource pod, String name) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(name, "");
  }

  /**
   * When the pod's first container started, as the server recorded it (running or ended since), or
   * empty while none has.
   */
  @SuppressWarnings("unchecked")
  static Optional<Instant> startedSince(GenericKubernetesResource pod) {
    if (!(pod.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("containerStatuses") instanceof List<?> containers)
        || containers.isEmpty()
        || !(((Map<String, Object>) containers.get(0)).get("state") instanceof Map<?, ?> state)) {
      return Optional.empty();
    }
    for (String phase : List.of("running", "terminated")) {
      if (state.get(phase) instanceof Map<?, ?> detail
          && detail.get("startedAt") instanceof String startedAt) {
        return Optional.of(Instant.parse(startedAt));
      }
    }
    return Optional.empty();
  }
}
