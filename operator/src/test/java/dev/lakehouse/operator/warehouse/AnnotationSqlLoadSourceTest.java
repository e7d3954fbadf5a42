package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.annotate;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.member;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The test control planes' load source: the engine's /load JSON in an annotation. */
class AnnotationSqlLoadSourceTest {
  private final AnnotationSqlLoadSource source = new AnnotationSqlLoadSource();

  private Optional<SqlLoad> read(String json) {
    Cluster cluster = member(warehouse("{}"), 1);
    if (json != null) {
      annotate(cluster, AnnotationSqlLoadSource.ANNOTATION, json);
    }
    return source.read(cluster);
  }

  @Test
  void everyFieldOfTheLoadReportIsRead() {
    assertThat(
            read(
                """
                {"sessions": 3, "running": 2, "queued": 1, "oldestQueuedWaitMs": 850,
                 "recentArrivals": 17, "arrivalWindowMs": 30000, "meanQueryMillis": 420,
                 "lastActivityMs": 1764643200000}
                """))
        .contains(new SqlLoad(3, 2, 1, 850, 17, 30_000, 420, 1_764_643_200_000L));
  }

  @Test
  void missingFieldsAreZeroAndTheWindowItsDefault() {
    assertThat(read("{\"queued\": 4}"))
        .contains(new SqlLoad(0, 0, 4, 0, 0, SqlLoad.DEFAULT_ARRIVAL_WINDOW_MS, 0, 0));
  }

  @Test
  void negativeNumbersAreReadAsZero() {
    assertThat(read("{\"sessions\": -2, \"running\": -1, \"arrivalWindowMs\": -5}"))
        .contains(new SqlLoad(0, 0, 0, 0, 0, SqlLoad.DEFAULT_ARRIVAL_WINDOW_MS, 0, 0));
  }

  @Test
  void noAnnotationIsAnIdleEndpoint() {
    assertThat(read(null)).contains(new SqlLoad(0, 0, 0, 0, 0, 60_000, 0, 0));
  }

  @Test
  void aValueThatIsNotAJsonObjectCannotBeRead() {
    assertThat(read("busy")).isEmpty();
    assertThat(read("[1, 2]")).isEmpty();
    assertThat(read("{\"sessions\": ")).isEmpty();
  }
}
