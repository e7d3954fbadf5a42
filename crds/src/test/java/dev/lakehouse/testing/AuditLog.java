package dev.lakehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An API server's audit log of writes (the kwok control plane's, see e2e/testenv/testenv, and the
 * real API server of the Java tests, see {@link RealApiServer}), read to count the operator's
 * writes from the server's side: completed requests whose user agent is the operator's.
 */
public final class AuditLog {
  /** The user agent the operator's Kubernetes client sends (see the operator's config). */
  public static final String OPERATOR_AGENT = "lakehouse-operator";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  public AuditLog(Path file) {
    this.file = file;
  }

  /** A position in the log, to count what comes after it. */
  public long mark() throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /**
   * The operator's writes after a mark, by resource (leases separate: leader election renews its
   * Lease).
   */
  public Map<String, Integer> operatorWritesSince(long mark) throws IOException {
    return writesSince(mark, event -> true);
  }

  /**
   * The operator's writes after a mark that {@code about} accepts (an audit event: objectRef, verb,
   * ...), by resource and subresource.
   */
  public Map<String, Integer> writesSince(long mark, Predicate<JsonNode> about) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (JsonNode event : operatorWrites(mark, about)) {
      String resource = event.path("objectRef").path("resource").asText();
      String sub = event.path("objectRef").path("subresource").asText("");
      counts.merge(resource + (sub.isEmpty() ? "" : "/" + sub), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * The operator's completed writes after a mark that {@code about} accepts, in the order the
   * server logged them: audit events with objectRef, verb, responseStatus.code and the microsecond
   * requestReceivedTimestamp.
   */
  public List<JsonNode> operatorWrites(long mark, Predicate<JsonNode> about) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(mark);
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode event =
            JSON.readTree(
                new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        if ("ResponseComplete".equals(event.path("stage").asText())
            && event.path("userAgent").asText().startsWith(OPERATOR_AGENT)
            && about.test(event)) {
          events.add(event);
        }
      }
    }
    return events;
  }

  /** Writes other than the leader-election Lease. */
  public static int excludingLeases(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("leases"))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  public static int leases(Map<String, Integer> counts) {
    return counts.getOrDefault("leases", 0);
  }
}
