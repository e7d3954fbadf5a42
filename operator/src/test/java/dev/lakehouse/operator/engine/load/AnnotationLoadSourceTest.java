package dev.lakehouse.operator.engine.load;

import static dev.lakehouse.operator.cluster.autoscaling.AutoscalingFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.operator.engine.load.spark.SparkLoad;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnotationLoadSourceTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static Optional<SparkLoad> read(String annotation) {
    Cluster cluster = cluster("autoscale: {minWorkers: 1, maxWorkers: 4}");
    if (annotation != null) {
      cluster.getMetadata().setAnnotations(Map.of(AnnotationLoadSource.ANNOTATION, annotation));
    }
    return new AnnotationLoadSource().read(cluster, NOW);
  }

  @Test
  void theAnnotationIsTheLoadNow() {
    SparkLoad load =
        read("{\"pendingTasks\": 40, \"runningTasks\": 4, \"meanTaskMillis\": 20000, "
                + "\"busyWorkers\": {\"etl-workers-a\": 2, \"etl-workers-b\": 2}}")
            .orElseThrow();

    assertThat(load.observedAt()).isEqualTo(NOW);
    assertThat(load.pendingTasks()).isEqualTo(40);
    assertThat(load.runningTasks()).isEqualTo(4);
    assertThat(load.meanTaskMillis()).isEqualTo(20_000);
    assertThat(load.workers())
        .extracting(SparkLoad.SparkWorkerLoad::host, SparkLoad.SparkWorkerLoad::coresUsed)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("etl-workers-a", 2),
            org.assertj.core.groups.Tuple.tuple("etl-workers-b", 2));
  }

  @Test
  void missingFieldsAreZero() {
    assertThat(read("{}"))
        .hasValueSatisfying(
            l -> {
              assertThat(l.pendingTasks()).isZero();
              assertThat(l.workers()).isEmpty();
            });
  }

  @Test
  void noAnnotationOrBadJsonIsNoMetrics() {
    assertThat(read(null)).isEmpty();
    assertThat(read("{not json")).isEmpty();
    assertThat(read("[1, 2]")).isEmpty();
  }
}
