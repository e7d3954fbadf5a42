package dev.lakehouse.operator.engine.load.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads a {@link SparkLoad} over HTTP: the standalone master's {@code /json/} and the driver's REST
 * API (the Spark Connect server's UI port). The numbers are made by {@link SparkLoadParser}.
 */
public class SparkRestLoad {
  private static final Logger LOG = Logger.getLogger(SparkRestLoad.class);

  private final SparkRestClient rest = new SparkRestClient();

  /** Empty when the master or the driver cannot be read; never throws. */
  public Optional<SparkLoad> read(String masterUiUrl, String driverUiUrl, Instant now) {
    try {
      JsonNode master = rest.get(SparkRestClient.trim(masterUiUrl) + "/json/");
      List<JsonNode> stages = new ArrayList<>();
      List<JsonNode> jobs = new ArrayList<>();
      for (String app : rest.applications(driverUiUrl)) {
        stages.add(rest.get(app + "/stages?status=active"));
        jobs.add(rest.get(app + "/jobs"));
      }
      return Optional.of(SparkLoadParser.parse(master, stages, jobs, now));
    } catch (IOException
        | RuntimeException e) { // a bad URL or an odd time string must not stop a reconcile
      LOG.debugf("no Spark load from %s and %s: %s", masterUiUrl, driverUiUrl, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
