package dev.lakehouse.operator.engine.load.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * GETs JSON from a Spark web UI with short timeouts (the calls run on reconcile threads): the
 * standalone master's {@code /json/} and the driver's REST API under {@code /api/v1/applications}.
 */
public class SparkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + url);
    }
    return JSON.readTree(response.body());
  }

  /**
   * The REST base URL of each application the driver runs, e.g. {@code
   * .../api/v1/applications/<id>}.
   */
  public List<String> applications(String driverUiUrl) throws IOException, InterruptedException {
    String apps = trim(driverUiUrl) + "/api/v1/applications";
    List<String> urls = new ArrayList<>();
    for (JsonNode app : get(apps)) {
      urls.add(apps + "/" + app.path("id").asText());
    }
    return urls;
  }

  static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
