package dev.lakehouse.operator.cluster;

import dev.lakehouse.operator.engine.pods.EnginePods;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;
import java.util.Optional;

/**
 * How a desired change of the engine affects what runs, ordered by impact: NONE (metadata only, or
 * nothing), SCALE (only the number of workers), RESTART (image, configuration or resources: the
 * affected pods roll).
 */
public enum SpecChange {
  NONE,
  SCALE,
  RESTART;

  /**
   * Classifies the change from the observed workload (StatefulSet or Deployment) to the desired
   * one.
   */
  public static <W extends HasMetadata> SpecChange classify(Optional<W> observed, W desired) {
    if (observed.isEmpty()) {
      return NONE;
    }
    Workload current = Workload.of(observed.get());
    Workload wanted = Workload.of(desired);
    if (!Objects.equals(current.templateHash(), wanted.templateHash())) {
      return RESTART;
    }
    if (!Objects.equals(current.replicas(), wanted.replicas())) {
      return SCALE;
    }
    return NONE;
  }

  /** The larger impact of two changes. */
  public SpecChange and(SpecChange other) {
    return ordinal() >= other.ordinal() ? this : other;
  }

  /**
   * What a change is judged by. The API server fills in template defaults, so templates are
   * compared by the hash of what the operator asked for.
   */
  private record Workload(String templateHash, Integer replicas) {
    static Workload of(HasMetadata workload) {
      if (workload instanceof StatefulSet s) {
        return new Workload(hash(s.getSpec().getTemplate()), s.getSpec().getReplicas());
      }
      if (workload instanceof Deployment d) {
        return new Workload(hash(d.getSpec().getTemplate()), d.getSpec().getReplicas());
      }
      throw new IllegalArgumentException("not a StatefulSet or Deployment: " + workload.getKind());
    }

    private static String hash(PodTemplateSpec template) {
      var meta = template.getMetadata();
      return meta == null || meta.getAnnotations() == null
          ? null
          : meta.getAnnotations().get(EnginePods.TEMPLATE_HASH);
    }
  }
}
