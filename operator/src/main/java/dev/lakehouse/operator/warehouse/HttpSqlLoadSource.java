package dev.lakehouse.operator.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.SqlEndpoint;
import dev.lakehouse.operator.engine.EngineNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads a cluster's load from its SQL endpoint's load listener, {@code GET /load} on the driver
 * Service's port 10002 (the runtime image's listener counts the Thrift server's sessions and
 * statements). A short timeout: an unreachable endpoint holds the size, it does not hold a thread.
 */
public class HttpSqlLoadSource implements SqlLoadSource {
  private static final Logger LOG = Logger.getLogger(HttpSqlLoadSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  @Override
  public Optional<SqlLoad> read(Cluster member) {
    String url = "http://" + EngineNames.of(member).driverHost() + ":" + SqlEndpoint.LOAD_PORT;
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/load")).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        LOG.debugf("%s/load answered %d", url, response.statusCode());
        return Optional.empty();
      }
      return Optional.of(SqlLoadJson.parse(JSON.readTree(response.body())));
    } catch (IOException | IllegalArgumentException e) {
      LOG.debugf("cannot read %s/load: %s", url, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
