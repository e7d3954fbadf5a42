package dev.lakehouse.operator.engine.load.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.operator.engine.load.spark.SparkLoad.SparkWorkerLoad;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JSON captured from a real Spark 3.5.4 standalone engine started by the launcher as in
 * e2e/datapath (a master, a worker of 4 cores, the Spark Connect server with one executor core),
 * under resources/spark-rest/STATE/: the master's /json/, the Connect driver's stages?status=active
 * and jobs. States: idle (one finished job), busy (a job of 12 one-row partitions sleeping 1.5 s
 * each), after (that job done), decommissioned (a second worker joined, the first was
 * decommissioned mid-job and its executor left).
 */
class SparkLoadParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");

  static SparkLoad parse(String state) throws IOException {
    return SparkLoadParser.parse(
        read(state, "master"),
        List.of(read(state, "stages-active")),
        List.of(read(state, "jobs")),
        NOW);
  }

  static JsonNode read(String state, String name) throws IOException {
    String path = "/spark-rest/" + state + "/" + name + ".json";
    try (InputStream in = SparkLoadParserTest.class.getResourceAsStream(path)) {
      return JSON.readTree(in);
    }
  }

  @Test
  void idleEngineHasNoBacklogAndItsLastJobsCompletion() throws IOException {
    SparkLoad load = parse("idle");
    assertThat(load.observedAt()).isEqualTo(NOW);
    assertThat(load.workers()).containsExactly(new SparkWorkerLoad("127.0.0.1", 4, 1, "ALIVE"));
    assertThat(load.runningTasks()).isZero();
    assertThat(load.pendingTasks()).isZero();
    assertThat(load.meanTaskMillis()).isZero();
    assertThat(load.lastActivity()).isEqualTo(Instant.parse("2026-11-24T12:18:45.371Z"));
  }

  @Test
  void busyEngineCountsRunningAndPendingTasksOfActiveStages() throws IOException {
    SparkLoad load = parse("busy");
    // stage 1: 12 tasks, 2 active, 2 complete, executorRunTime 3328 ms
    assertThat(load.workers()).containsExactly(new SparkWorkerLoad("127.0.0.1", 4, 1, "ALIVE"));
    assertThat(load.runningTasks()).isEqualTo(2);
    assertThat(load.pendingTasks()).isEqualTo(8);
    assertThat(load.meanTaskMillis()).isEqualTo(1664);
    assertThat(load.lastActivity()).as("a job runs").isEqualTo(NOW);
  }

  @Test
  void afterTheJobTheBacklogIsGoneAndActivityIsTheLatestCompletion() throws IOException {
    SparkLoad load = parse("after");
    assertThat(load.runningTasks()).isZero();
    assertThat(load.pendingTasks()).isZero();
    assertThat(load.meanTaskMillis()).isZero();
    assertThat(load.lastActivity()).isEqualTo(Instant.parse("2026-11-24T12:19:07.955Z"));
  }

  @Test
  void decommissionedWorkerIsReportedWithItsState() throws IOException {
    SparkLoad load = parse("decommissioned");
    // Spark 3.5's master still counts the cores of the executor that left a decommissioned worker
    assertThat(load.workers())
        .containsExactly(
            new SparkWorkerLoad("127.0.0.1", 2, 0, "ALIVE"),
            new SparkWorkerLoad("127.0.0.1", 4, 1, "DECOMMISSIONED"));
    // stage 7: 12 tasks, none active (no executor left), 3 complete, executorRunTime 4512 ms
    assertThat(load.runningTasks()).isZero();
    assertThat(load.pendingTasks()).isEqualTo(9);
    assertThat(load.meanTaskMillis()).isEqualTo(1504);
    assertThat(load.lastActivity()).isEqualTo(NOW);
  }

  @Test
  void severalApplicationsAddUp() throws IOException {
    SparkLoad load =
        SparkLoadParser.parse(
            read("busy", "master"),
            List.of(read("busy", "stages-active"), read("decommissioned", "stages-active")),
            List.of(read("after", "jobs"), read("idle", "jobs")),
            NOW);
    assertThat(load.runningTasks()).isEqualTo(2);
    assertThat(load.pendingTasks()).isEqualTo(8 + 9);
    assertThat(load.meanTaskMillis()).isEqualTo((3328 + 4512) / 5);
    assertThat(load.lastActivity()).isEqualTo(Instant.parse("2026-11-24T12:19:07.955Z"));
  }

  @Test
  void noApplicationAndNoJobMeansNoActivity() throws IOException {
    SparkLoad load = SparkLoadParser.parse(read("idle", "master"), List.of(), List.of(), NOW);
    assertThat(load.workers()).hasSize(1);
    assertThat(load.lastActivity()).isNull();
  }
}
