package dev.lakehouse.operator.engine.load.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.operator.engine.load.spark.SparkLoad.SparkWorkerLoad;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the JSON that Spark 3.5 serves into a {@link SparkLoad}; pure, so it is tested with JSON
 * captured from a real engine. Field names are Spark's: the standalone master's {@code /json/}
 * ({@code workers[].host, cores, coresused, state}) and the driver's REST API ({@code
 * /api/v1/applications/<id>/stages?status=active}: {@code numTasks, numActiveTasks,
 * numCompleteTasks, executorRunTime}; {@code .../jobs}: {@code status, completionTime}).
 */
public final class SparkLoadParser {

  private SparkLoadParser() {}

  /**
   * @param master the master's {@code /json/} document
   * @param stageLists one {@code stages?status=active} array per application of the driver
   * @param jobLists one {@code jobs} array per application of the driver
   * @param now when these were read
   */
  public static SparkLoad parse(
      JsonNode master, List<JsonNode> stageLists, List<JsonNode> jobLists, Instant now) {
    int running = 0;
    int pending = 0;
    long runMillis = 0;
    long completed = 0;
    for (JsonNode stages : stageLists) {
      for (JsonNode stage : stages) {
        int tasks = stage.path("numTasks").asInt();
        int active = stage.path("numActiveTasks").asInt();
        int complete = stage.path("numCompleteTasks").asInt();
        running += active;
        pending += Math.max(0, tasks - active - complete);
        runMillis += stage.path("executorRunTime").asLong();
        completed += complete;
      }
    }
    long mean = completed == 0 ? 0 : runMillis / completed;
    return new SparkLoad(now, workers(master), running, pending, mean, lastActivity(jobLists, now));
  }

  static List<SparkWorkerLoad> workers(JsonNode master) {
    List<SparkWorkerLoad> workers = new ArrayList<>();
    for (JsonNode w : master.path("workers")) {
      workers.add(
          new SparkWorkerLoad(
              w.path("host").asText(),
              w.path("cores").asInt(),
              w.path("coresused").asInt(),
              w.path("state").asText()));
    }
    return workers;
  }

  /** "now" while a job runs, else the latest job completion, null when no job ran. */
  public static Instant lastActivity(List<JsonNode> jobLists, Instant now) {
    Instant latest = null;
    for (JsonNode jobs : jobLists) {
      for (JsonNode job : jobs) {
        if ("RUNNING".equals(job.path("status").asText())) {
          return now;
        }
        Instant done = sparkTime(job.path("completionTime").asText(null));
        if (done != null && (latest == null || done.isAfter(latest))) {
          latest = done;
        }
      }
    }
    return latest;
  }

  /** Spark writes times like 2026-11-24T09:00:00.000GMT. */
  static Instant sparkTime(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return Instant.parse(text.replace("GMT", "Z"));
  }
}
