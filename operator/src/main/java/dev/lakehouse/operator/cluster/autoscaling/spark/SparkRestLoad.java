package dev.lakehouse.operator.cluster.autoscaling.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads a {@link SparkLoad} over HTTP: the standalone master's {@code /json/} and the driver's REST API (the Spark
 * Connect server's UI port). The numbers are made by {@link SparkLoadParser}.
 */
public class SparkRestLoad {
  private static final Logger LOG = Logger.getLogger(SparkRestLoad.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Empty when the master or the driver cannot be read; never throws. */
  public Optional<SparkLoad> read(String masterUiUrl, String driverUiUrl, Instant now) {
    try {
      JsonNode master = get(trim(masterUiUrl) + "/json/");
      String apps = trim(driverUiUrl) + "/api/v1/applications";
      List<JsonNode> stages = new ArrayList<>();
      List<JsonNode> jobs = new ArrayList<>();
      for (JsonNode app : get(apps)) {
        String base = apps + "/" + app.path("id").asText();
        stages.add(get(base + "/stages?status=active"));
        jobs.add(get(base + "/jobs"));
      }
      return Optional.of(SparkLoadParser.parse(master, stages, jobs, now));
    } catch (IOException | RuntimeException e) { // a bad URL or an odd time string must not stop a reconcile
      LOG.debugf("no Spark load from %s and %s: %s", masterUiUrl, driverUiUrl, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + url);
    }
    return JSON.readTree(response.body());
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
