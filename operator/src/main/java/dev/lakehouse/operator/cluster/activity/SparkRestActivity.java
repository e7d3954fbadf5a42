package dev.lakehouse.operator.cluster.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.operator.cluster.ClusterNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Activity from the Spark driver's REST API (the Spark Connect server's UI port): a running job means "now";
 * otherwise the latest job completion. The production source. Each Cluster's driver is asked at most once a
 * minute: autoscaled Clusters reconcile every 2 s, and a busy engine's "now" would otherwise change the status
 * (and cost a write) on each of those.
 */
public class SparkRestActivity implements EngineActivity {
  static final Duration POLL_PERIOD = Duration.ofMinutes(1);
  private static final Logger LOG = Logger.getLogger(SparkRestActivity.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Poll(Instant at, Optional<Instant> activity) {
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Poll> polls = new ConcurrentHashMap<>();

  @Override
  public Optional<Instant> lastActivity(Cluster cluster) {
    Instant now = Instant.now();
    String key = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
    polls.values().removeIf(p -> p.at().isBefore(now.minus(POLL_PERIOD.multipliedBy(10))));
    Poll last = polls.get(key);
    if (last != null && last.at().isAfter(now.minus(POLL_PERIOD))) {
      return last.activity();
    }
    Optional<Instant> activity = poll(cluster);
    polls.put(key, new Poll(now, activity));
    return activity;
  }

  private Optional<Instant> poll(Cluster cluster) {
    String base = ClusterNames.of(cluster).uiUrl() + "/api/v1/applications";
    try {
      JsonNode apps = get(base);
      Instant latest = null;
      for (JsonNode app : apps) {
        for (JsonNode job : get(base + "/" + app.path("id").asText() + "/jobs")) {
          if ("RUNNING".equals(job.path("status").asText())) {
            return Optional.of(Instant.now());
          }
          Instant done = parse(job.path("completionTime").asText(null));
          if (done != null && (latest == null || done.isAfter(latest))) {
            latest = done;
          }
        }
      }
      return Optional.ofNullable(latest);
    } catch (IOException e) {
      LOG.debugf("no activity from %s: %s", base, e.getMessage());
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
      throw new IOException("HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** Spark writes times like 2026-11-24T09:00:00.000GMT. */
  private static Instant parse(String sparkTime) {
    if (sparkTime == null || sparkTime.isBlank()) {
      return null;
    }
    return Instant.parse(sparkTime.replace("GMT", "Z"));
  }
}
