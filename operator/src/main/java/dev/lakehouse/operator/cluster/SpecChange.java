package dev.lakehouse.operator.cluster;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;
import java.util.Optional;

/**
 * How a desired change of the engine affects what runs, ordered by impact: NONE (metadata only, or nothing), SCALE
 * (only the number of workers), RESTART (image, configuration or resources: the affected pods roll).
 */
public enum SpecChange {
  NONE, SCALE, RESTART;

  /** Classifies the change from the observed StatefulSet to the desired one. */
  public static SpecChange classify(Optional<StatefulSet> observed, StatefulSet desired) {
    if (observed.isEmpty()) {
      return NONE;
    }
    StatefulSet current = observed.get();
    if (!Objects.equals(templateHash(current), templateHash(desired))) {
      return RESTART;
    }
    if (!Objects.equals(current.getSpec().getReplicas(), desired.getSpec().getReplicas())) {
      return SCALE;
    }
    return NONE;
  }

  /** The larger impact of two changes. */
  public SpecChange and(SpecChange other) {
    return ordinal() >= other.ordinal() ? this : other;
  }

  /** The API server fills in defaults, so templates are compared by the hash of what the operator asked for. */
  private static String templateHash(StatefulSet set) {
    var meta = set.getSpec().getTemplate().getMetadata();
    return meta == null || meta.getAnnotations() == null ? null
        : meta.getAnnotations().get(ClusterResources.TEMPLATE_HASH);
  }
}
