package dev.lakehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API server's audit log (writes only, see e2e/testenv/testenv), read to count the operator's
 * writes from the server's side: requests whose user agent is the operator's client (fabric8),
 * completed.
 */
public final class AuditLog {
  static final String OPERATOR_AGENT = "fabric8-kubernetes-client";
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
    Map<String, Integer> counts = new TreeMap<>();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(mark);
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode event =
            JSON.readTree(
                new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        if (!"ResponseComplete".equals(event.path("stage").asText())
            || !event.path("userAgent").asText().startsWith(OPERATOR_AGENT)) {
          continue;
        }
        String resource = event.path("objectRef").path("resource").asText();
        String sub = event.path("objectRef").path("subresource").asText("");
        counts.merge(resource + (sub.isEmpty() ? "" : "/" + sub), 1, Integer::sum);
      }
    }
    return counts;
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
