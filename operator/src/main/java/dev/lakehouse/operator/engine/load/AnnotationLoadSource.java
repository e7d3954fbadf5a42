package dev.lakehouse.operator.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.operator.engine.load.spark.SparkLoad;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Spark load written in the Cluster's {@code lakehouse.dev/spark-load} annotation, for test
 * control planes whose pods run no Spark process (kwok), like the activity annotation. The
 * annotation stands for a live scrape: it is read as the load now. Example: {@code {"pendingTasks":
 * 40, "runningTasks": 4, "meanTaskMillis": 20000, "busyWorkers": {"<worker pod name>": 2}}}; no
 * annotation means no metrics, and the size holds.
 */
public class AnnotationLoadSource implements EngineLoadSource {
  public static final String ANNOTATION = "lakehouse.dev/spark-load";
  private static final Logger LOG = Logger.getLogger(AnnotationLoadSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Optional<SparkLoad> read(HasMetadata cluster, Instant now) {
    var annotations = cluster.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(ANNOTATION);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(JSON.readTree(value), now));
    } catch (IOException | IllegalArgumentException e) {
      LOG.debugf(
          "ignoring %s of %s/%s: %s",
          ANNOTATION,
          cluster.getMetadata().getNamespace(),
          cluster.getMetadata().getName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  static SparkLoad parse(JsonNode load, Instant now) {
    if (!load.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    List<SparkLoad.SparkWorkerLoad> workers = new ArrayList<>();
    // Workers are named by pod; cores are unknown here and come from the Cluster's spec.
    load.path("busyWorkers")
        .fields()
        .forEachRemaining(
            e ->
                workers.add(
                    new SparkLoad.SparkWorkerLoad(e.getKey(), 0, e.getValue().asInt(), "ALIVE")));
    return new SparkLoad(
        now,
        workers,
        load.path("runningTasks").asInt(0),
        load.path("pendingTasks").asInt(0),
        load.path("meanTaskMillis").asLong(0),
        null);
  }
}
