package dev.lakehouse.operator.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.v1alpha1.Cluster;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The load written in a Warehouse cluster's {@code lakehouse.dev/sql-load} annotation, for test
 * control planes whose pods run no Spark (kwok): the same JSON as the engine's {@code /load}, read
 * as the load now. No annotation reads as an idle endpoint, so a fleet without load scales in and
 * stops as a real idle one does.
 */
public class AnnotationSqlLoadSource implements SqlLoadSource {
  public static final String ANNOTATION = "lakehouse.dev/sql-load";
  private static final Logger LOG = Logger.getLogger(AnnotationSqlLoadSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SqlLoad IDLE = new SqlLoad(0, 0, 0, 0, 0, 60_000, 0, 0);

  @Override
  public Optional<SqlLoad> read(Cluster member) {
    var annotations = member.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(ANNOTATION);
    if (value == null) {
      return Optional.of(IDLE);
    }
    try {
      return Optional.of(SqlLoadJson.parse(JSON.readTree(value)));
    } catch (IOException | IllegalArgumentException e) {
      LOG.debugf(
          "ignoring %s of %s/%s: %s",
          ANNOTATION,
          member.getMetadata().getNamespace(),
          member.getMetadata().getName(),
          e.getMessage());
      return Optional.empty();
    }
  }
}
