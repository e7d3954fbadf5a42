package dev.lakehouse.operator.engine.activity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Activity read from the Cluster's {@code lakehouse.dev/last-activity} annotation (RFC 3339). The
 * documented source for test control planes whose pods run no process (kwok): a test marks activity
 * by annotating the Cluster.
 */
public class AnnotationActivity implements EngineActivity {
  public static final String ANNOTATION = "lakehouse.dev/last-activity";

  @Override
  public Optional<Instant> lastActivity(HasMetadata cluster) {
    var annotations = cluster.getMetadata().getAnnotations();
    if (annotations == null || annotations.get(ANNOTATION) == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(annotations.get(ANNOTATION)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
