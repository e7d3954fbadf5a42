package dev.lakehouse.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the backends file of the file source:
 *
 * <pre>{"backends":[{"name":"e1","host":"127.0.0.1","sqlPort":10000,"connectPort":15002,
 * "routable":true}]}</pre>
 *
 * name and host are required; the ports default to 10000 and 15002, routable to true.
 */
final class BackendsFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BackendsFile() {}

  /** Throws IllegalArgumentException saying what is wrong and where. */
  static List<Backend> parse(String content) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("backends").isArray()) {
      throw new IllegalArgumentException("has no \"backends\" array");
    }
    List<Backend> backends = new ArrayList<>();
    Set<String> names = new HashSet<>();
    JsonNode entries = root.get("backends");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String where = "backends[" + i + "]";
      String name = requiredText(entry, where, "name");
      if (!names.add(name)) {
        throw new IllegalArgumentException(where + ".name \"" + name + "\" appears twice");
      }
      backends.add(
          new Backend(
              name,
              requiredText(entry, where, "host"),
              port(entry, where, "sqlPort", 10000),
              port(entry, where, "connectPort", 15002),
              routable(entry, where)));
    }
    return List.copyOf(backends);
  }

  private static String requiredText(JsonNode entry, String where, String field) {
    JsonNode value = entry.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + "." + field + " is missing or not a string");
    }
    return value.asText();
  }

  private static int port(JsonNode entry, String where, String field, int defaultPort) {
    JsonNode value = entry.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return defaultPort;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(where + "." + field + " is not a port number");
    }
    int port = value.asInt();
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          where + "." + field + " " + port + " is not a port number");
    }
    return port;
  }

  private static boolean routable(JsonNode entry, String where) {
    JsonNode value = entry.path("routable");
    if (value.isMissingNode() || value.isNull()) {
      return true;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(where + ".routable is not true or false");
    }
    return value.asBoolean();
  }
}
