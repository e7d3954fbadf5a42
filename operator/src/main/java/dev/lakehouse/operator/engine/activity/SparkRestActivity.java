package dev.lakehouse.operator.engine.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.load.spark.SparkLoadParser;
import dev.lakehouse.operator.engine.load.spark.SparkRestClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Activity from the Spark driver's REST API (the Spark Connect server's UI port): a running job
 * means "now"; otherwise the latest job completion. The production source. Each Cluster's driver is
 * asked at most once a minute: autoscaled Clusters reconcile every 2 s, and a busy engine's "now"
 * would otherwise change the status (and cost a write) on each of those.
 */
public class SparkRestActivity implements EngineActivity {
  static final Duration POLL_PERIOD = Duration.ofMinutes(1);
  private static final Logger LOG = Logger.getLogger(SparkRestActivity.class);

  private record Poll(Instant at, Optional<Instant> activity) {}

  private final SparkRestClient rest = new SparkRestClient();
  private final Map<String, Poll> polls = new ConcurrentHashMap<>();

  @Override
  public Optional<Instant> lastActivity(HasMetadata cluster) {
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

  private Optional<Instant> poll(HasMetadata cluster) {
    String driverUi = EngineNames.of(cluster).uiUrl();
    try {
      List<JsonNode> jobs = new ArrayList<>();
      for (String app : rest.applications(driverUi)) {
        jobs.add(rest.get(app + "/jobs"));
      }
      return Optional.ofNullable(SparkLoadParser.lastActivity(jobs, Instant.now()));
    } catch (IOException
        | RuntimeException e) { // an unreachable driver or an odd time string: no activity known
      LOG.debugf("no activity from %s: %s", driverUi, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
