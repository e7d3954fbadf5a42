package dev.lakehouse.operator.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;
import java.util.Optional;

/**
 * How a desired change of the engine affects what runs, ordered by impact: NONE (metadata only, or nothing), SCALE
 * (only the number of workers), RESTART (image, configuration or resources: the affected pods roll).
 */
public enum SpecChange {
  NONE, SCALE, RESTART;

  /** Classifies the change from the observed workload (StatefulSet or Deployment) to the desired one. */
  public static <W extends HasMetadata> SpecChange classify(Optional<W> observed, W desired) {
    if (observed.isEmpty()) {
      return NONE;
    }
    W current = observed.get();
    if (!Objects.equals(templateHash(current), templateHash(desired))) {
      return RESTART;
    }
    if (!Objects.equals(replicas(current), replicas(desired))) {
      return SCALE;
    }
    return NONE;
  }

  /** The larger impact of two changes. */
  public SpecChange and(SpecChange other) {
    return ordinal() >= other.ordinal() ? this : other;
  }

  /** The API server fills in defaults, so templates are compared by the hash of what the operator asked for. */
  private static String templateHash(HasMetadata workload) {
    var meta = template(workload).getMetadata();
    return meta == null || meta.getAnnotations() == null ? null
        : meta.getAnnotations().get(ClusterResources.TEMPLATE_HASH);
  }

  private static PodTemplateSpec template(HasMetadata workload) {
    if (workload instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    if (workload instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    throw new IllegalArgumentException("not a workload: " + workload.getKind());
  }

  private static Integer replicas(HasMetadata workload) {
    return workload instanceof StatefulSet s ? s.getSpec().getReplicas()
        : ((Deployment) workload).getSpec().getReplicas();
  }
}
