package dev.lakehouse.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API writes (the control plane's audit log holds writes only, see e2e/testenv/testenv) between
 * two marks, read with a buffered reader because a scale run's log holds hundreds of thousands of
 * events.
 */
final class AuditWindow {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  AuditWindow(Path file) {
    this.file = file;
  }

  long mark() throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /** Writes counted between two marks. */
  record Writes(
      Map<String, Integer> byVerb,
      Map<String, Integer> byResource,
      Map<String, Integer> byUser,
      int leases) {
    int total() {
      return byVerb.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Completed writes from {@code from} to {@code to} made as {@code user} (a ServiceAccount's
   * {@code system:serviceaccount:<namespace>:<name>}; every client's when empty), leader-election
   * Leases counted apart.
   */
  Writes between(long from, long to, String user) throws IOException {
    Map<String, Integer> byVerb = new TreeMap<>();
    Map<String, Integer> byResource = new TreeMap<>();
    Map<String, Integer> byUser = new TreeMap<>();
    int leases = 0;
    if (Files.size(file) < to) {
      throw new IllegalStateException(
          file
              + " was rotated after a mark: start the control plane with LAKEHOUSE_AUDIT_LOG_MAXSIZE");
    }
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(from);
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(new BoundedStream(in, to - from), StandardCharsets.UTF_8),
              1 << 16);
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event;
        try {
          event = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          continue; // a line cut by a mark taken while the server wrote it
        }
        if (!"ResponseComplete".equals(event.path("stage").asText())
            || !(user.isEmpty() || user.equals(event.path("user").path("username").asText()))) {
          continue;
        }
        String resource = event.path("objectRef").path("resource").asText();
        if (resource.endsWith("reviews")) {
          continue; // access and token reviews: questions asked with a create, nothing stored
        }
        if ("leases".equals(resource)) {
          leases++;
          continue;
        }
        String sub = event.path("objectRef").path("subresource").asText("");
        byVerb.merge(event.path("verb").asText(), 1, Integer::sum);
        byResource.merge(resource + (sub.isEmpty() ? "" : "/" + sub), 1, Integer::sum);
        byUser.merge(client(event), 1, Integer::sum);
      }
    }
    return new Writes(byVerb, byResource, byUser, leases);
  }

  /**
   * Who wrote: the user, and the program from the user agent with the controller a
   * kube-controller-manager appends (the test control plane's components share one user).
   */
  private static String client(JsonNode event) {
    String agent = event.path("userAgent").asText();
    int slash = agent.indexOf('/');
    String program = slash < 0 ? agent : agent.substring(0, slash);
    String tail = agent.substring(agent.lastIndexOf('/') + 1);
    return event.path("user").path("username").asText()
        + " "
        + program
        + (tail.endsWith("controller") ? " " + tail : "");
  }

  /** Reads at most {@code limit} bytes: a line being written past the mark is left out. */
  private static final class BoundedStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
