package dev.lakehouse.datapath;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.operator.engine.load.spark.SparkLoad;
import dev.lakehouse.operator.engine.load.spark.SparkRestLoad;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code ReadSparkLoad <masterUiUrl> <driverUiUrl>}: prints what the operator's autoscaler reads
 * from a running engine ({@link SparkRestLoad}) as one JSON line, or exits 3 when the engine cannot
 * be read. For the data-path suite, not part of the operator.
 */
public final class ReadSparkLoad {

  private ReadSparkLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ReadSparkLoad <masterUiUrl> <driverUiUrl>");
      System.exit(2);
    }
    Optional<SparkLoad> load = new SparkRestLoad().read(args[0], args[1], Instant.now());
    if (load.isEmpty()) {
      System.err.println(
          "cannot read the Spark load from master " + args[0] + " and driver " + args[1]);
      System.exit(3);
    }
    System.out.println(new ObjectMapper().writeValueAsString(toJson(load.get())));
  }

  /** Instants as ISO-8601 strings, written by hand: no java.time module needed on the classpath. */
  static ObjectNode toJson(SparkLoad load) {
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("observedAt", load.observedAt().toString());
    var workers = out.putArray("workers");
    for (SparkLoad.SparkWorkerLoad w : load.workers()) {
      workers
          .addObject()
          .put("host", w.host())
          .put("cores", w.cores())
          .put("coresUsed", w.coresUsed())
          .put("state", w.state());
    }
    out.put("runningTasks", load.runningTasks());
    out.put("pendingTasks", load.pendingTasks());
    out.put("meanTaskMillis", load.meanTaskMillis());
    out.put("lastActivity", load.lastActivity() == null ? null : load.lastActivity().toString());
    return out;
  }
}
