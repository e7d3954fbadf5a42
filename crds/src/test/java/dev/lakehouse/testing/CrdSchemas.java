package dev.lakehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI schemas of the lakehouse CRDs as the API server gets them (the committed YAML on the
 * classpath), looked up by kind and by a path into an object: what {@link HostileManifests} reads
 * to know each field's type and limits.
 */
public final class CrdSchemas {
  /** Kind to plural, in the order the CRDs are listed. */
  public static final Map<String, String> PLURALS =
      orderedMap(
          "Workspace", "workspaces",
          "Cluster", "clusters",
          "Job", "jobs",
          "JobRun", "jobruns",
          "Warehouse", "warehouses");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, JsonNode> ROOTS = new LinkedHashMap<>();

  private CrdSchemas() {}

  /** The openAPIV3Schema of a kind's served version. */
  public static synchronized JsonNode root(String kind) {
    return ROOTS.computeIfAbsent(kind, CrdSchemas::load);
  }

  /** Whether the kind is namespaced (Workspaces are not). */
  public static boolean namespaced(String kind) {
    return !"Workspace".equals(kind);
  }

  /**
   * The schema of the value at {@code path} (map keys as strings, list indexes as integers) in an
   * object of {@code kind}: a property, the items of a list, or the values of a map.
   */
  public static Optional<JsonNode> at(String kind, List<Object> path) {
    JsonNode node = root(kind);
    for (Object segment : path) {
      if (segment instanceof Integer) {
        node = node.path("items");
      } else if (node.path("properties").has((String) segment)) {
        node = node.path("properties").path((String) segment);
      } else if (node.path("additionalProperties").isObject()) {
        node = node.path("additionalProperties");
      } else {
        return Optional.empty();
      }
      if (node.isMissingNode()) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** The path with list indexes as {@code []} and map keys as {@code {}}: one per schema node. */
  public static String schemaPath(String kind, List<Object> path) {
    StringBuilder out = new StringBuilder();
    JsonNode node = root(kind);
    for (Object segment : path) {
      if (segment instanceof Integer) {
        out.append("[]");
        node = node.path("items");
      } else if (node.path("properties").has((String) segment)) {
        out.append(out.isEmpty() ? "" : ".").append(segment);
        node = node.path("properties").path((String) segment);
      } else {
        out.append("{}");
        node = node.path("additionalProperties");
      }
    }
    return out.toString();
  }

  /** A number of the schema (minimum, maximum, maxLength...), read whether YAML gave it as text. */
  public static Optional<Long> limit(JsonNode schema, String name) {
    JsonNode value = schema.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        value.isNumber()
            ? value.asLong()
            : (long) Double.parseDouble(value.asText().trim().replace("_", "")));
  }

  /** The enum values of a schema node, empty when it has none. */
  public static List<String> enumValues(JsonNode schema) {
    List<String> values = new ArrayList<>();
    schema.path("enum").forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The property names of an object schema, in the CRD's order. */
  public static List<String> properties(JsonNode schema) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = schema.path("properties").fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  private static JsonNode load(String kind) {
    String resource = "/META-INF/lakehouse/crds/" + PLURALS.get(kind) + ".lakehouse.dev-v1.yml";
    try (InputStream in = CrdSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + resource + " is not on the classpath");
      }
      JsonNode crd = YAML.readTree(in);
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.path("served").asBoolean(true) && version.path("storage").asBoolean(true)) {
          return version.path("schema").path("openAPIV3Schema");
        }
      }
      throw new IllegalStateException("no stored version in " + resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
