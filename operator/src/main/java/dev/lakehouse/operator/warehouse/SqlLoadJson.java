package dev.lakehouse.operator.warehouse;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON of a load report (the engine's {@code /load}, or the test annotation) as a load. */
final class SqlLoadJson {
  private SqlLoadJson() {}

  static SqlLoad parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the load report is not a JSON object");
    }
    long window = json.path("arrivalWindowMs").asLong(0);
    return new SqlLoad(
        Math.max(0, json.path("sessions").asInt(0)),
        Math.max(0, json.path("running").asInt(0)),
        Math.max(0, json.path("queued").asInt(0)),
        Math.max(0, json.path("oldestQueuedWaitMs").asLong(0)),
        Math.max(0, json.path("recentArrivals").asInt(0)),
        window > 0 ? window : SqlLoad.DEFAULT_ARRIVAL_WINDOW_MS,
        Math.max(0, json.path("meanQueryMillis").asLong(0)),
        Math.max(0, json.path("lastActivityMs").asLong(0)));
  }
}
