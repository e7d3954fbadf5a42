package dev.lakehouse.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a primary resource start a reconcile: a new generation (the spec changed), a
 * change of its annotations (the operator's requests, such as lakehouse.dev/run-now and
 * lakehouse.dev/cancel, and the test sources of activity and load), or its deletion. Status
 * updates, the operator's own included, start none.
 */
public class SpecOrAnnotationsChanged implements OnUpdateFilter<HasMetadata> {
  @Override
  public boolean accept(HasMetadata updated, HasMetadata old) {
    Long before = old.getMetadata().getGeneration();
    Long after = updated.getMetadata().getGeneration();
    return before == null
        || after == null
        || after > before
        || !Objects.equals(
            old.getMetadata().getAnnotations(), updated.getMetadata().getAnnotations())
        || (!old.isMarkedForDeletion() && updated.isMarkedForDeletion());
  }
}
