package dev.lakehouse.operator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a child's live state departs from the state the operator applies: a pure comparison, so
 * that a child edited or scaled outside the operator is put back while a reconcile that wants what
 * is there writes nothing.
 *
 * <p>Only what the operator sets is compared, the way server-side apply owns fields: every field of
 * the desired object must have the same value in the live one; fields the API server defaulted or
 * that other managers added are not the operator's and do not count. Lists of named items
 * (containers, env, ports, volumes) are matched by name; other lists must match item by item, as
 * server-side apply replaces them whole. Quantities compare by amount ({@code 1Gi} is {@code
 * 1024Mi}), and an empty desired list or map matches an absent one, since the API server drops
 * them.
 */
public final class Drift {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern QUANTITY =
      Pattern.compile("^[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$");

  private Drift() {}

  /** The path of the first field where {@code observed} departs from {@code desired}, if any. */
  public static Optional<String> find(HasMetadata desired, HasMetadata observed) {
    return find(tree(desired), tree(observed));
  }

  static Optional<String> find(JsonNode desired, JsonNode observed) {
    Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      Optional<String> drift =
          switch (name) {
            case "apiVersion", "kind", "status" -> Optional.empty();
            case "metadata" -> metadata(field.getValue(), observed.path("metadata"));
            default -> compare(name, field.getValue(), observed.get(name));
          };
      if (drift.isPresent()) {
        return drift;
      }
    }
    return Optional.empty();
  }

  /** Labels, annotations and owner references: the metadata the operator sets. */
  private static Optional<String> metadata(JsonNode desired, JsonNode observed) {
    for (String field : new String[] {"labels", "annotations"}) {
      if (desired.has(field)) {
        Optional<String> drift =
            compare("metadata." + field, desired.get(field), observed.get(field));
        if (drift.isPresent()) {
          return drift;
        }
      }
    }
    for (JsonNode owner : desired.path("ownerReferences")) {
      boolean present = false;
      for (JsonNode live : observed.path("ownerReferences")) {
        present |= owner.path("uid").equals(live.path("uid"));
      }
      if (!present) {
        return Optional.of("metadata.ownerReferences[" + owner.path("uid").asText() + "]");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> compare(String path, JsonNode desired, JsonNode observed) {
    if (desired == null || desired.isNull()) {
      return Optional.empty();
    }
    if (desired.isObject()) {
      if (observed == null || observed.isNull()) {
        return desired.isEmpty() ? Optional.empty() : Optional.of(path);
      }
      if (!observed.isObject()) {
        return Optional.of(path);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        Optional<String> drift =
            compare(path + "." + field.getKey(), field.getValue(), observed.get(field.getKey()));
        if (drift.isPresent()) {
          return drift;
        }
      }
      return Optional.empty();
    }
    if (desired.isArray()) {
      if (observed == null || observed.isNull()) {
        return desired.isEmpty() ? Optional.empty() : Optional.of(path);
      }
      if (!observed.isArray()) {
        return Optional.of(path);
      }
      return namedItems(desired)
          ? compareByName(path, desired, observed)
          : compareByIndex(path, desired, observed);
    }
    return sameScalar(desired, observed) ? Optional.empty() : Optional.of(path);
  }

  private static boolean namedItems(JsonNode list) {
    if (list.isEmpty()) {
      return false;
    }
    for (JsonNode item : list) {
      if (!item.isObject() || !item.path("name").isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> compareByName(String path, JsonNode desired, JsonNode observed) {
    for (JsonNode item : desired) {
      String name = item.get("name").asText();
      JsonNode live = null;
      for (JsonNode candidate : observed) {
        if (name.equals(candidate.path("name").asText(null))) {
          live = candidate;
        }
      }
      Optional<String> drift = compare(path + "[" + name + "]", item, live);
      if (drift.isPresent()) {
        return drift;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> compareByIndex(String path, JsonNode desired, JsonNode observed) {
    if (desired.size() != observed.size()) {
      return Optional.of(path);
    }
    for (int i = 0; i < desired.size(); i++) {
      Optional<String> drift = compare(path + "[" + i + "]", desired.get(i), observed.get(i));
      if (drift.isPresent()) {
        return drift;
      }
    }
    return Optional.empty();
  }

  private static boolean sameScalar(JsonNode desired, JsonNode observed) {
    if (observed == null || observed.isNull()) {
      return false;
    }
    if (desired.equals(observed)) {
      return true;
    }
    if (desired.isNumber() && observed.isNumber()) {
      return desired.decimalValue().compareTo(observed.decimalValue()) == 0;
    }
    String a = desired.asText();
    String b = observed.asText();
    if (a.equals(b)) {
      return true; // 8080 and "8080": an int-or-string the server wrote in its own form
    }
    return QUANTITY.matcher(a).matches()
        && QUANTITY.matcher(b).matches()
        && Quantity.getAmountInBytes(new Quantity(a))
                .compareTo(Quantity.getAmountInBytes(new Quantity(b)))
            == 0;
  }

  private static JsonNode tree(HasMetadata object) {
    try {
      return JSON.readTree(SERIALIZATION.asJson(object));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + object.getKind(), e);
    }
  }
}
