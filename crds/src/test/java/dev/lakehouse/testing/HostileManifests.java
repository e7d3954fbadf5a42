package dev.lakehouse.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hostile and invalid manifests, generated from the examples: every Workspace, Cluster, Job and
 * Warehouse under examples/ (and a JobRun of the example Job) is mutated field by field, guided by
 * the CRDs' own schemas (types, minimum and maximum, maxLength, maxItems, maxProperties, enums,
 * patterns), plus task graphs, names at and beyond their limits, unicode, credentials in Spark
 * properties and references to objects that do not exist. Pure and deterministic: the same examples
 * and CRDs give the same cases in the same order.
 *
 * <p>Every case says how it must end:
 *
 * <ul>
 *   <li>{@link Refused}: at admission, with a message that names the field;
 *   <li>{@link Reported}: accepted (admission cannot know), and reported by the operator as a
 *       condition with a reason; the short explicit list is {@link #reported};
 *   <li>{@link Valid}: not invalid at all but at a limit (a name of exactly the longest length,
 *       unicode in free text, a credentials provider class): accepted, and must run.
 * </ul>
 */
public final class HostileManifests {
  /** The namespace the generated namespaced objects are in. */
  public static final String NAMESPACE = "hostile";

  /** The Workspace policy that the PolicyViolation cases break (see {@link #workspace}). */
  public static final int POLICY_MAX_WORKERS = 8;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final Set<String> KINDS = Set.of("Workspace", "Cluster", "Job", "Warehouse");

  /** Longest names the API's CEL rules allow (crds: the kinds' x-kubernetes-validations). */
  public static final Map<String, Integer> NAME_LIMITS =
      Map.of("Cluster", 45, "Warehouse", 42, "Job", 63);

  /** Classes of mutation, the rows of the invalid-input table. */
  public enum MutationClass {
    WRONG_TYPE("wrong-type", "a string for an integer, an object for a string, a list for a map"),
    OUT_OF_RANGE("out-of-range", "integers below the minimum, above the maximum, huge"),
    UNKNOWN_ENUM("unknown-enum", "values outside an enum, and an enum value in the wrong case"),
    HUGE_STRING("huge-string", "strings beyond maxLength (up to 512 KiB), inline SQL over 256 KiB"),
    HUGE_COLLECTION("huge-collection", "lists and maps one beyond maxItems or maxProperties"),
    TASK_GRAPH("task-graph", "dependency cycles, unknown and self dependencies, duplicate keys"),
    NAME("name", "names beyond the CEL limits (Cluster 45, Warehouse 42, Job 63) and 253"),
    UNICODE("unicode", "unicode in names and in fields with a pattern or an enum"),
    CREDENTIALS("credentials", "credential-like keys in sparkConf and catalog properties"),
    MISSING_REFERENCE("missing-reference", "Secrets, existingCluster, Job, runtime that do not "),
    HAND_WRITTEN("hand-written", "crds/src/test/resources/invalid-manifests.yaml");

    private final String label;
    private final String description;

    MutationClass(String label, String description) {
      this.label = label;
      this.description = description;
    }

    public String label() {
      return label;
    }

    public String description() {
      return this == MISSING_REFERENCE
          ? description + "exist, a policy the Workspace forbids"
          : description;
    }
  }

  /** How a case must end. */
  public sealed interface Outcome permits Refused, Reported, Valid {}

  /**
   * Refused at admission. The API server's message contains {@code field} (the field's path, or its
   * name for rules on the whole object) and {@code detail}; a null field (hand-written cases) asks
   * for some field path in the message.
   */
  public record Refused(String field, String detail) implements Outcome {}

  /**
   * Accepted at admission, which cannot know; the operator reports it: condition {@code condition}
   * with {@code status} and {@code reason}, whose message contains {@code message}.
   */
  public record Reported(String condition, String status, String reason, String message)
      implements Outcome {}

  /** Valid, at a limit or unusual: accepted, and it runs. */
  public record Valid(String why) implements Outcome {}

  /** One manifest and how it must end. */
  public record Case(
      String name,
      MutationClass mutation,
      String kind,
      String source,
      Map<String, Object> manifest,
      Outcome outcome) {

    @SuppressWarnings("unchecked")
    public String objectName() {
      return (String) ((Map<String, Object>) manifest.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    public String namespace() {
      return (String) ((Map<String, Object>) manifest.get("metadata")).get("namespace");
    }

    public String json() {
      try {
        return CANONICAL.writeValueAsString(manifest);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The manifest as YAML, for kubectl. */
    public String yaml() {
      try {
        return YAML.writeValueAsString(manifest);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** An example manifest: its file (relative to examples/) and content. */
  public record Example(String source, Map<String, Object> manifest) {
    @SuppressWarnings("unchecked")
    String kind() {
      return (String) manifest.get("kind");
    }
  }

  private final String namespace;
  private final List<Example> examples;
  private final List<Case> cases = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  private HostileManifests(String namespace, List<Example> examples) {
    this.namespace = namespace;
    this.examples = examples;
  }

  /** Every case: the generated ones, the hand-written file's, and the valid boundaries. */
  public static List<Case> all() {
    return all(NAMESPACE);
  }

  /** Every case, with namespaced objects in {@code namespace}. */
  public static List<Case> all(String namespace) {
    HostileManifests generator = new HostileManifests(namespace, examples());
    generator.generate();
    List<Case> all = new ArrayList<>(generator.cases);
    all.addAll(handWritten(namespace));
    return List.copyOf(all);
  }

  /** The invalid cases (refused or reported), without the valid boundaries. */
  public static List<Case> invalid(String namespace) {
    return all(namespace).stream().filter(c -> !(c.outcome() instanceof Valid)).toList();
  }

  /** The short explicit list of cases accepted at admission and reported by the operator. */
  public static List<Case> reported(String namespace) {
    return all(namespace).stream().filter(c -> c.outcome() instanceof Reported).toList();
  }

  /** The valid boundaries: at a limit, accepted, and they must run. */
  public static List<Case> valid(String namespace) {
    return all(namespace).stream().filter(c -> c.outcome() instanceof Valid).toList();
  }

  /**
   * The Workspace of {@code namespace} that the reported cases are made for: its policy is what the
   * PolicyViolation cases break.
   */
  public static String workspace(String namespace) {
    return """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: %s}
        spec:
          description: where hostile manifests are applied, next to valid ones
          access: {adminGroups: [%s-admins], userGroups: [%s-engineers]}
          policy:
            maxWorkersPerCluster: %d
            maxAutoTerminationMinutes: 240
            allowedWarehouseSizes: [2X-Small, X-Small, Small]
        """
        .formatted(namespace, namespace, namespace, POLICY_MAX_WORKERS);
  }

  /** The Kubernetes manifests of the four kinds under examples/, sorted by file. */
  public static List<Example> examples() {
    Path root = TestEnvironment.repoRoot().resolve("examples");
    try (Stream<Path> files = Files.walk(root)) {
      List<Example> out = new ArrayList<>();
      for (Path file :
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        String text = Files.readString(file);
        if (!text.contains("apiVersion:")) {
          continue;
        }
        for (Map<String, Object> doc :
            YAML.readerFor(new TypeReference<Map<String, Object>>() {})
                .<Map<String, Object>>readValues(text)
                .readAll()) {
          if (doc != null && KINDS.contains(String.valueOf(doc.get("kind")))) {
            out.add(new Example(root.relativize(file).toString(), doc));
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generation

  private void generate() {
    List<Example> bases = new ArrayList<>(examples);
    bases.add(jobRunOf(first("Job", "jobs/")));
    for (Example example : bases) {
      Map<String, Object> base = placed(example.manifest());
      String kind = example.kind();
      for (Node node : walk(kind, base)) {
        wrongType(example, base, node);
        outOfRange(example, base, node);
        unknownEnum(example, base, node);
        hugeString(example, base, node);
        hugeCollection(example, base, node);
        unicode(example, base, node);
        credentials(example, base, node);
      }
      taskGraph(example, base);
    }
    beyondInt64(bases);
    veryHugeStrings();
    hugeAddedCollections();
    names();
    credentialCarriersWithoutConf();
    missingReferences();
    boundaries();
  }

  /** The example in the generator's namespace. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> placed(Map<String, Object> manifest) {
    Map<String, Object> copy = copy(manifest);
    Map<String, Object> metadata = (Map<String, Object>) copy.get("metadata");
    if (CrdSchemas.namespaced((String) copy.get("kind"))) {
      metadata.put("namespace", namespace);
    }
    return copy;
  }

  private Example first(String kind, String sourcePrefix) {
    return examples.stream()
        .filter(e -> e.kind().equals(kind) && e.source().startsWith(sourcePrefix))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no example " + kind + " in " + sourcePrefix));
  }

  /** A run of an example Job, as `kubectl create` of a JobRun by hand makes it. */
  @SuppressWarnings("unchecked")
  private static Example jobRunOf(Example job) {
    Map<String, Object> metadata = (Map<String, Object>) job.manifest().get("metadata");
    String name = (String) metadata.get("name");
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("apiVersion", "lakehouse.dev/v1alpha1");
    run.put("kind", "JobRun");
    run.put("metadata", new LinkedHashMap<>(Map.of("name", name + "-by-hand")));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("job", name);
    spec.put("trigger", "Manual");
    spec.put("parameters", new LinkedHashMap<>(Map.of("source", "s3a://analytics-raw/2024-01-01")));
    run.put("spec", spec);
    return new Example(job.source() + " (a JobRun of it)", run);
  }

  /** A node of a manifest's spec: its path, value and schema. */
  record Node(List<Object> path, Object value, JsonNode schema, String schemaPath) {
    String type() {
      return schema.path("type").asText("");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Node> walk(String kind, Map<String, Object> manifest) {
    List<Node> nodes = new ArrayList<>();
    walk(kind, List.of("spec"), manifest.get("spec"), nodes);
    return nodes;
  }

  @SuppressWarnings("unchecked")
  private static void walk(String kind, List<Object> path, Object value, List<Node> out) {
    Optional<JsonNode> schema = CrdSchemas.at(kind, path);
    if (schema.isEmpty()) {
      return;
    }
    out.add(new Node(path, value, schema.get(), CrdSchemas.schemaPath(kind, path)));
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        walk(kind, append(path, e.getKey()), e.getValue(), out);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(kind, append(path, i), list.get(i), out);
      }
    }
  }

  private void add(
      MutationClass mutation,
      Example example,
      String variant,
      Map<String, Object> manifest,
      Outcome outcome) {
    String kind = (String) manifest.get("kind");
    String name = mutation.label() + "/" + kind + "/" + variant;
    if (!seen.add(name)) {
      return; // one case per schema field and variant, from the first example that has the field
    }
    cases.add(new Case(name, mutation, kind, example.source(), manifest, outcome));
  }

  private Map<String, Object> with(Map<String, Object> base, List<Object> path, Object value) {
    Map<String, Object> copy = copy(base);
    set(copy, path, value);
    return copy;
  }

  // --- wrong types

  private void wrongType(Example example, Map<String, Object> base, Node node) {
    if (node.path().size() < 2) {
      return;
    }
    Object wrong =
        switch (node.type()) {
          case "integer", "number" -> "many";
          // Empty objects: with keys, strict field validation would refuse them as unknown
          // fields before the type is checked.
          case "string", "array" -> new LinkedHashMap<>();
          case "boolean" -> "yes";
          case "object" -> List.of("not", "an", "object");
          default -> null;
        };
    if (wrong == null) {
      return;
    }
    add(
        MutationClass.WRONG_TYPE,
        example,
        node.schemaPath(),
        with(base, node.path(), wrong),
        new Refused(fieldPath(node.path()), "must be of type " + node.type()));
  }

  // --- numbers out of range

  private void outOfRange(Example example, Map<String, Object> base, Node node) {
    if (!"integer".equals(node.type())) {
      return;
    }
    String field = fieldPath(node.path());
    Optional<Long> min = CrdSchemas.limit(node.schema(), "minimum");
    Optional<Long> max = CrdSchemas.limit(node.schema(), "maximum");
    min.ifPresent(
        m ->
            add(
                MutationClass.OUT_OF_RANGE,
                example,
                node.schemaPath() + "/below-minimum",
                with(base, node.path(), m - 1),
                new Refused(field, "should be greater than or equal to")));
    max.ifPresent(
        m -> {
          add(
              MutationClass.OUT_OF_RANGE,
              example,
              node.schemaPath() + "/above-maximum",
              with(base, node.path(), m + 1),
              new Refused(field, "should be less than or equal to"));
          add(
              MutationClass.OUT_OF_RANGE,
              example,
              node.schemaPath() + "/int64-max",
              with(base, node.path(), Long.MAX_VALUE),
              new Refused(field, "should be less than or equal to"));
        });
  }

  /** A number no int64 holds, in the first integer field of each kind. */
  private void beyondInt64(List<Example> bases) {
    Set<String> done = new HashSet<>();
    for (Example example : bases) {
      Map<String, Object> base = placed(example.manifest());
      for (Node node : walk(example.kind(), base)) {
        if ("integer".equals(node.type()) && done.add(example.kind())) {
          add(
              MutationClass.OUT_OF_RANGE,
              example,
              node.schemaPath() + "/beyond-int64",
              with(base, node.path(), new BigInteger("123456789012345678901234567890")),
              new Refused(fieldPath(node.path()), ""));
        }
      }
    }
    // A repair whose id is not the next one, on a run created with it.
    Example run = jobRunOf(first("Job", "jobs/"));
    Map<String, Object> base = placed(run.manifest());
    add(
        MutationClass.OUT_OF_RANGE,
        run,
        "spec.repairs[].id/not-the-next-one",
        with(base, List.of("spec", "repairs"), List.of(new LinkedHashMap<>(Map.of("id", 2)))),
        new Refused("spec.repairs", "is the next one"));
  }

  // --- enums

  @SuppressWarnings("unchecked")
  private void unknownEnum(Example example, Map<String, Object> base, Node node) {
    List<String> values = CrdSchemas.enumValues(node.schema());
    if (!values.isEmpty() && node.value() instanceof String current) {
      enumCases(example, base, node.path(), node.schemaPath(), current);
    }
    if (node.value() instanceof Map<?, ?> object) {
      // Enum fields the example leaves out, set to what no enum has.
      for (String property : CrdSchemas.properties(node.schema())) {
        JsonNode schema = node.schema().path("properties").path(property);
        if (object.containsKey(property)) {
          continue;
        }
        if (!CrdSchemas.enumValues(schema).isEmpty()) {
          List<Object> path = append(node.path(), property);
          enumCases(
              example,
              base,
              path,
              CrdSchemas.schemaPath(example.kind(), path),
              CrdSchemas.enumValues(schema).get(0));
        }
      }
    }
    if (node.value() instanceof List<?> list
        && !CrdSchemas.enumValues(node.schema().path("items")).isEmpty()) {
      List<Object> longer = new ArrayList<>((List<Object>) list);
      longer.add("Humongous");
      add(
          MutationClass.UNKNOWN_ENUM,
          example,
          node.schemaPath() + "[]/unknown",
          with(base, node.path(), longer),
          new Refused(fieldPath(append(node.path(), list.size())), "Unsupported value"));
    }
  }

  private void enumCases(
      Example example, Map<String, Object> base, List<Object> path, String schemaPath, String v) {
    String field = fieldPath(path);
    add(
        MutationClass.UNKNOWN_ENUM,
        example,
        schemaPath + "/unknown",
        with(base, path, "Sometimes"),
        new Refused(field, "Unsupported value: \"Sometimes\""));
    String otherCase =
        v.toLowerCase(Locale.ROOT).equals(v)
            ? v.toUpperCase(Locale.ROOT)
            : v.toLowerCase(Locale.ROOT);
    add(
        MutationClass.UNKNOWN_ENUM,
        example,
        schemaPath + "/wrong-case",
        with(base, path, otherCase),
        new Refused(field, "Unsupported value: \"" + otherCase + "\""));
    String accented = v.replaceFirst("[aeiou]", "ü");
    if (!accented.equals(v)) {
      add(
          MutationClass.UNICODE,
          example,
          schemaPath + "/enum",
          with(base, path, accented),
          new Refused(field, "Unsupported value"));
    }
  }

  // --- huge strings

  private void hugeString(Example example, Map<String, Object> base, Node node) {
    if (!"string".equals(node.type())) {
      return;
    }
    Optional<Long> max = CrdSchemas.limit(node.schema(), "maxLength");
    max.ifPresent(
        m ->
            add(
                MutationClass.HUGE_STRING,
                example,
                node.schemaPath() + "/max-length-plus-one",
                with(base, node.path(), fitting(node.schema(), (int) (m + 1))),
                new Refused(fieldPath(node.path()), "Too long")));
  }

  /** 512 KiB strings in a field of each kind, and inline SQL beyond the Job's 256 KiB. */
  private void veryHugeStrings() {
    String huge = "x".repeat(512 * 1024);
    Example workspace = first("Workspace", "workspaces/");
    add(
        MutationClass.HUGE_STRING,
        workspace,
        "spec.description/512KiB",
        with(placed(workspace.manifest()), List.of("spec", "description"), huge),
        new Refused("spec.description", "Too long"));
    Example cluster = first("Cluster", "quickstart/");
    add(
        MutationClass.HUGE_STRING,
        cluster,
        "spec.image/512KiB",
        with(placed(cluster.manifest()), List.of("spec", "image"), huge),
        new Refused("spec.image", "Too long"));
    Example warehouse = first("Warehouse", "warehouses/");
    add(
        MutationClass.HUGE_STRING,
        warehouse,
        "spec.runtimeVersion/512KiB",
        with(placed(warehouse.manifest()), List.of("spec", "runtimeVersion"), huge),
        new Refused("spec.runtimeVersion", "Too long"));
    Example run = jobRunOf(first("Job", "jobs/"));
    add(
        MutationClass.HUGE_STRING,
        run,
        "spec.parameters{}/512KiB",
        with(placed(run.manifest()), List.of("spec", "parameters", "source"), huge),
        new Refused("spec.parameters.source", "Too long"));
    // Five tasks of 60 KiB of SQL each: each within its 64 KiB, together over 256 KiB.
    Example job = first("Job", "quickstart/");
    Map<String, Object> manyQueries = placed(job.manifest());
    List<Object> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(
          new LinkedHashMap<>(
              Map.of(
                  "key",
                  "q" + i,
                  "sql",
                  new LinkedHashMap<>(Map.of("query", "SELECT 1; -- " + "x".repeat(60 * 1024))))));
    }
    set(manyQueries, List.of("spec", "tasks"), tasks);
    add(
        MutationClass.HUGE_STRING,
        job,
        "spec.tasks[].sql.query/over-256KiB-in-all",
        manyQueries,
        new Refused("spec.tasks", "at most 256 KiB"));
  }

  /** A string of {@code length} characters that the field's pattern accepts, when one is simple. */
  private static String fitting(JsonNode schema, int length) {
    String pattern = schema.path("pattern").asText("");
    if (pattern.isEmpty()) {
      return "x".repeat(length);
    }
    Pattern compiled = Pattern.compile(pattern);
    for (String prefix :
        List.of("a", "s3a://a", "https://a", "thrift://a", "s3a://lakehouse/", "dbt a")) {
      for (String suffix : List.of("", ".whl")) {
        int fill = length - prefix.length() - suffix.length();
        if (fill < 1) {
          continue;
        }
        String candidate = prefix + "a".repeat(fill) + suffix;
        if (compiled.matcher(candidate).find()) {
          return candidate;
        }
      }
    }
    return "a".repeat(length);
  }

  // --- huge lists and maps

  @SuppressWarnings("unchecked")
  private void hugeCollection(Example example, Map<String, Object> base, Node node) {
    if (node.value() instanceof List<?> list && !list.isEmpty()) {
      Optional<Long> max = CrdSchemas.limit(node.schema(), "maxItems");
      if (max.isEmpty()) {
        return;
      }
      List<Object> many = new ArrayList<>();
      for (int i = 0; i <= max.get(); i++) {
        many.add(variantOf(list.get(0), i));
      }
      add(
          MutationClass.HUGE_COLLECTION,
          example,
          node.schemaPath() + "/max-items-plus-one",
          with(base, node.path(), many),
          new Refused(fieldPath(node.path()), "Too many"));
    } else if (node.value() instanceof Map<?, ?> map
        && !map.isEmpty()
        && node.schema().path("additionalProperties").isObject()) {
      Optional<Long> max = CrdSchemas.limit(node.schema(), "maxProperties");
      if (max.isEmpty()) {
        return;
      }
      Map.Entry<String, Object> first = ((Map<String, Object>) map).entrySet().iterator().next();
      Map<String, Object> many = new LinkedHashMap<>();
      for (int i = 0; i <= max.get(); i++) {
        many.put(first.getKey() + "-" + i, first.getValue());
      }
      add(
          MutationClass.HUGE_COLLECTION,
          example,
          node.schemaPath() + "/max-properties-plus-one",
          with(base, node.path(), many),
          new Refused(fieldPath(node.path()), "Too many"));
    }
  }

  /** Collections the Warehouse example leaves out, one beyond their limits. */
  private void hugeAddedCollections() {
    Example warehouse = first("Warehouse", "warehouses/");
    Map<String, Object> conf = new LinkedHashMap<>();
    for (int i = 0; i <= 256; i++) {
      conf.put("spark.hostile.k" + i, "v");
    }
    add(
        MutationClass.HUGE_COLLECTION,
        warehouse,
        "spec.sparkConf/added/max-properties-plus-one",
        with(placed(warehouse.manifest()), List.of("spec", "sparkConf"), conf),
        new Refused("spec.sparkConf", "Too many"));
    List<Object> tolerations = new ArrayList<>();
    for (int i = 0; i <= 32; i++) {
      tolerations.add(
          new LinkedHashMap<>(
              Map.of("key", "k" + i, "operator", "Exists", "effect", "NoSchedule")));
    }
    add(
        MutationClass.HUGE_COLLECTION,
        warehouse,
        "spec.pod.tolerations/added/max-items-plus-one",
        with(placed(warehouse.manifest()), List.of("spec", "pod", "tolerations"), tolerations),
        new Refused("spec.pod.tolerations", "Too many"));
  }

  /** The i-th copy of a list item, its key or name made unique. */
  @SuppressWarnings("unchecked")
  private static Object variantOf(Object item, int i) {
    if (item instanceof String s) {
      return s + "-" + i;
    }
    if (item instanceof Map<?, ?> map) {
      Map<String, Object> copy = copy((Map<String, Object>) map);
      for (String unique : List.of("key", "name")) {
        if (copy.get(unique) instanceof String s) {
          copy.put(unique, s + "-" + i);
        }
      }
      copy.remove("default");
      copy.remove("dependsOn");
      return copy;
    }
    return item;
  }

  // --- unicode

  private void unicode(Example example, Map<String, Object> base, Node node) {
    if (!"string".equals(node.type()) || !(node.value() instanceof String current)) {
      return;
    }
    String pattern = node.schema().path("pattern").asText("");
    if (pattern.isEmpty()) {
      return;
    }
    String value = "ünïcödé-" + current.replaceAll("[^a-z0-9-]", "");
    if (Pattern.compile(pattern).matcher(value).find()) {
      return; // the pattern takes it: not an invalid value
    }
    add(
        MutationClass.UNICODE,
        example,
        node.schemaPath() + "/pattern",
        with(base, node.path(), value),
        new Refused(fieldPath(node.path()), "should match"));
  }

  // --- credentials

  /** Credential-like Spark and catalog properties: one rule (CredentialKeys) refuses them all. */
  static final List<String> CREDENTIAL_SPARK_KEYS =
      List.of(
          "spark.hadoop.fs.s3a.secret.key",
          "spark.hadoop.fs.s3a.access.key",
          "spark.sql.catalog.main.token",
          "spark.sql.catalog.main.credential",
          "spark.datasource.jdbc.password",
          "spark.openlineage.transport.auth.apiKey",
          "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net",
          "spark.ssl.PRIVATE_KEY");

  static final List<String> CREDENTIAL_CATALOG_KEYS =
      List.of("token", "credential", "client-secret", "Password", "s3.access-key-id", "api_key");

  @SuppressWarnings("unchecked")
  private void credentials(Example example, Map<String, Object> base, Node node) {
    String last = String.valueOf(node.path().get(node.path().size() - 1));
    if (!(node.value() instanceof Map<?, ?> map)) {
      return;
    }
    List<String> keys =
        last.equals("sparkConf")
            ? CREDENTIAL_SPARK_KEYS
            : last.equals("properties") && node.schemaPath().contains("catalogs")
                ? CREDENTIAL_CATALOG_KEYS
                : List.of();
    for (String key : keys) {
      Map<String, Object> conf = new LinkedHashMap<>((Map<String, Object>) map);
      conf.put(key, "hunter2");
      add(
          MutationClass.CREDENTIALS,
          example,
          node.schemaPath() + "/" + key,
          with(base, node.path(), conf),
          new Refused(fieldPath(node.path()), "must not carry credentials"));
    }
  }

  /** Engines whose examples have no sparkConf get one with a credential too. */
  private void credentialCarriersWithoutConf() {
    Example warehouse = first("Warehouse", "warehouses/");
    Example quickstart = first("Cluster", "quickstart/");
    for (Example example : List.of(warehouse, quickstart)) {
      for (String key : CREDENTIAL_SPARK_KEYS.subList(0, 4)) {
        add(
            MutationClass.CREDENTIALS,
            example,
            "spec.sparkConf/added/" + key,
            with(
                placed(example.manifest()),
                List.of("spec", "sparkConf"),
                new LinkedHashMap<>(Map.of(key, "hunter2"))),
            new Refused("spec.sparkConf", "must not carry credentials"));
      }
    }
    Example job = first("Job", "jobs/");
    for (String key : CREDENTIAL_SPARK_KEYS.subList(4, 8)) {
      add(
          MutationClass.CREDENTIALS,
          job,
          "spec.jobCluster.sparkConf/added/" + key,
          with(
              placed(job.manifest()),
              List.of("spec", "jobCluster", "sparkConf"),
              new LinkedHashMap<>(Map.of(key, "hunter2"))),
          new Refused("spec.jobCluster.sparkConf", "must not carry credentials"));
    }
  }

  // --- task graphs

  @SuppressWarnings("unchecked")
  private void taskGraph(Example example, Map<String, Object> base) {
    if (!"Job".equals(example.kind())) {
      return;
    }
    List<Map<String, Object>> tasks =
        (List<Map<String, Object>>) ((Map<String, Object>) base.get("spec")).get("tasks");
    String job = (String) ((Map<String, Object>) base.get("metadata")).get("name");
    // Unknown dependency.
    Map<String, Object> unknown = copy(base);
    tasksOf(unknown).get(0).put("dependsOn", List.of("no-such-task"));
    add(
        MutationClass.TASK_GRAPH,
        example,
        job + "/unknown-dependency",
        unknown,
        new Refused("spec.tasks", "every dependsOn entry must name"));
    // Self dependency.
    int lastIndex = tasks.size() - 1;
    Map<String, Object> self = copy(base);
    Map<String, Object> lastTask = tasksOf(self).get(lastIndex);
    List<Object> deps =
        new ArrayList<>((List<Object>) lastTask.getOrDefault("dependsOn", List.of()));
    deps.add(lastTask.get("key"));
    lastTask.put("dependsOn", deps);
    add(
        MutationClass.TASK_GRAPH,
        example,
        job + "/self-dependency",
        self,
        new Refused("spec.tasks[" + lastIndex + "]", "cannot depend on itself"));
    // Duplicate key.
    if (tasks.size() > 1) {
      Map<String, Object> duplicate = copy(base);
      tasksOf(duplicate).get(1).put("key", tasks.get(0).get("key"));
      add(
          MutationClass.TASK_GRAPH,
          example,
          job + "/duplicate-key",
          duplicate,
          new Refused("spec.tasks", "task keys must be unique"));
    }
    // A cycle: the first task made to depend on the last one that depends on it, directly or not.
    Optional<String> downstream = lastDependent(tasks, (String) tasks.get(0).get("key"));
    if (downstream.isPresent()) {
      Map<String, Object> cycle = copy(base);
      Map<String, Object> metadata = (Map<String, Object>) cycle.get("metadata");
      metadata.put("name", "cycle-" + metadata.get("name"));
      onItsOwnCluster(cycle);
      tasksOf(cycle).get(0).put("dependsOn", List.of(downstream.get()));
      add(
          MutationClass.TASK_GRAPH,
          example,
          job + "/cycle-through-" + downstream.get(),
          cycle,
          new Reported("Ready", "False", "InvalidSpec", "cycle"));
    }
  }

  /**
   * A Job that runs on a job cluster of one worker instead of an existing Cluster, so that a
   * reported case has one problem only.
   */
  private static void onItsOwnCluster(Map<String, Object> job) {
    if (spec(job).remove("existingCluster") != null) {
      spec(job)
          .put(
              "jobCluster",
              new LinkedHashMap<>(Map.of("workers", 1, "autoTerminationMinutes", 30)));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tasksOf(Map<String, Object> job) {
    return (List<Map<String, Object>>) ((Map<String, Object>) job.get("spec")).get("tasks");
  }

  /** The last task (in the Job's order) that depends on {@code key}, directly or not. */
  @SuppressWarnings("unchecked")
  private static Optional<String> lastDependent(List<Map<String, Object>> tasks, String key) {
    Set<String> reached = new HashSet<>(Set.of(key));
    String last = null;
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map<String, Object> task : tasks) {
        List<Object> deps = (List<Object>) task.getOrDefault("dependsOn", List.of());
        String k = (String) task.get("key");
        if (!reached.contains(k) && deps.stream().anyMatch(reached::contains)) {
          reached.add(k);
          grew = true;
        }
      }
    }
    for (Map<String, Object> task : tasks) {
      if (!task.get("key").equals(key) && reached.contains(task.get("key"))) {
        last = (String) task.get("key");
      }
    }
    return Optional.ofNullable(last);
  }

  // --- names

  private void names() {
    List<Example> bases = new ArrayList<>();
    for (String kind : List.of("Workspace", "Cluster", "Job", "Warehouse")) {
      bases.add(examples.stream().filter(e -> e.kind().equals(kind)).findFirst().orElseThrow());
    }
    bases.add(jobRunOf(first("Job", "jobs/")));
    for (Example example : bases) {
      String kind = example.kind();
      Map<String, Object> base = placed(example.manifest());
      Integer limit = NAME_LIMITS.get(kind);
      if (limit != null) {
        add(
            MutationClass.NAME,
            example,
            "length-" + (limit + 1),
            renamed(base, nameOfLength(kind, limit + 1)),
            new Refused("name", "name is at most " + limit));
      }
      if (!"Workspace".equals(kind)) {
        add(
            MutationClass.NAME,
            example,
            "starts-with-a-digit",
            renamed(base, "9" + nameOfLength(kind, 12)),
            new Refused("name", "starting with a letter"));
      }
      add(
          MutationClass.NAME,
          example,
          "length-254",
          renamed(base, nameOfLength(kind, 254)),
          new Refused("metadata.name", "must be no more than 253"));
      add(
          MutationClass.NAME,
          example,
          "upper-case",
          renamed(base, "Hostile-" + kind),
          new Refused("metadata.name", "RFC 1123"));
      add(
          MutationClass.NAME,
          example,
          "underscore",
          renamed(base, "hostile_" + kind.toLowerCase(Locale.ROOT)),
          new Refused("metadata.name", "RFC 1123"));
      add(
          MutationClass.UNICODE,
          example,
          "metadata.name",
          renamed(base, "hostïle-" + kind.toLowerCase(Locale.ROOT)),
          new Refused("metadata.name", "RFC 1123"));
      add(
          MutationClass.UNICODE,
          example,
          "metadata.name/emoji",
          renamed(base, "hostile-\u2603-" + kind.toLowerCase(Locale.ROOT)),
          new Refused("metadata.name", "RFC 1123"));
    }
  }

  /** A name of exactly {@code length} characters, a letter first. */
  private static String nameOfLength(String kind, int length) {
    String start = kind.toLowerCase(Locale.ROOT) + "-";
    StringBuilder name = new StringBuilder(start);
    while (name.length() < length) {
      name.append((char) ('a' + name.length() % 26));
    }
    return name.substring(0, length);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> renamed(Map<String, Object> manifest, String name) {
    Map<String, Object> copy = copy(manifest);
    ((Map<String, Object>) copy.get("metadata")).put("name", name);
    return copy;
  }

  // --- references to what does not exist, and what only the operator can judge

  @SuppressWarnings("unchecked")
  private void missingReferences() {
    // Workspaces: Secrets that do not exist (the namespaces are the Workspaces' own).
    Example quickstart = first("Workspace", "quickstart/");
    Map<String, Object> noS3 = renamed(quickstart.manifest(), namespace + "-no-s3-secret");
    spec(noS3).put("namespace", namespace + "-no-s3-secret");
    add(
        MutationClass.MISSING_REFERENCE,
        quickstart,
        "storage-secret",
        noS3,
        new Reported("StorageResolved", "False", "SecretNotFound", "quickstart-s3"));
    Example analytics = first("Workspace", "workspaces/");
    Map<String, Object> noCatalog = renamed(analytics.manifest(), namespace + "-no-catalog-secret");
    spec(noCatalog).put("namespace", namespace + "-no-catalog-secret");
    spec(noCatalog).remove("storage");
    add(
        MutationClass.MISSING_REFERENCE,
        analytics,
        "catalog-secret",
        noCatalog,
        new Reported("CatalogsResolved", "False", "SecretNotFound", "polaris-client"));
    Map<String, Object> noLineageKey = renamed(analytics.manifest(), namespace + "-no-lineage-key");
    spec(noLineageKey).put("namespace", namespace + "-no-lineage-key");
    spec(noLineageKey).remove("storage");
    spec(noLineageKey).remove("catalogs");
    ((Map<String, Object>)
            ((Map<String, Object>) spec(noLineageKey).get("lineage")).get("openLineage"))
        .put("apiKey", Map.of("name", "marquez-api", "key", "token"));
    add(
        MutationClass.MISSING_REFERENCE,
        analytics,
        "lineage-api-key",
        noLineageKey,
        new Reported("StorageResolved", "False", "SecretNotFound", "lineage: Secret marquez-api"));

    // Clusters: a runtime that does not exist, a SQL endpoint on a runtime without one, the
    // Workspace's policy.
    Example cluster = first("Cluster", "quickstart/");
    add(
        MutationClass.MISSING_REFERENCE,
        cluster,
        "runtime",
        engine(cluster, "unknown-runtime", Map.of("runtimeVersion", "spark-9.9")),
        new Reported("Ready", "False", "InvalidSpec", "spark-9.9 is not a known runtime"));
    add(
        MutationClass.MISSING_REFERENCE,
        cluster,
        "sql-endpoint-on-spark-4",
        engine(
            cluster,
            "sql-on-spark-4",
            Map.of("runtimeVersion", "spark-4.0", "sqlEndpoint", Map.of())),
        new Reported("Ready", "False", "InvalidSpec", "no JDBC/Thrift server"));
    add(
        MutationClass.MISSING_REFERENCE,
        cluster,
        "env-secret",
        engine(
            cluster,
            "env-no-secret",
            Map.of(
                "env",
                List.of(
                    Map.of(
                        "name",
                        "WEBHOOK_TOKEN",
                        "secretKeyRef",
                        Map.of("name", "no-such-secret", "key", "token"))))),
        new Reported("Ready", "False", "SecretNotFound", "spec.env WEBHOOK_TOKEN"));
    add(
        MutationClass.MISSING_REFERENCE,
        cluster,
        "policy-max-workers",
        engine(cluster, "over-policy", Map.of("workers", POLICY_MAX_WORKERS * 2)),
        new Reported("Ready", "False", "PolicyViolation", "maxWorkersPerCluster"));
    add(
        MutationClass.MISSING_REFERENCE,
        cluster,
        "policy-never-terminates",
        engine(cluster, "never-terminates", Map.of("autoTerminationMinutes", 0)),
        new Reported("Ready", "False", "PolicyViolation", "auto-termination"));

    // Jobs: a Cluster that does not exist, a schedule that cannot be.
    Example job = first("Job", "quickstart/");
    Example scheduled = first("Job", "jobs/");
    add(
        MutationClass.MISSING_REFERENCE,
        job,
        "existing-cluster",
        engine(job, "no-cluster", Map.of("existingCluster", "no-such-cluster")),
        new Reported("Ready", "False", "InvalidSpec", "no-such-cluster does not exist"));
    add(
        MutationClass.MISSING_REFERENCE,
        scheduled,
        "cron-minute-61",
        engine(scheduled, "minute-61", Map.of("schedule", Map.of("cron", "61 * * * *"))),
        new Reported("Ready", "False", "InvalidSpec", "61"));
    add(
        MutationClass.MISSING_REFERENCE,
        scheduled,
        "time-zone",
        engine(
            scheduled,
            "mars-time",
            Map.of("schedule", Map.of("cron", "0 2 * * *", "timeZone", "Mars/Olympus_Mons"))),
        new Reported("Ready", "False", "InvalidSpec", "Mars/Olympus_Mons"));

    // Warehouses: runtimes without SQL, a size the Workspace does not allow.
    Example warehouse = first("Warehouse", "warehouses/");
    add(
        MutationClass.MISSING_REFERENCE,
        warehouse,
        "runtime",
        engine(warehouse, "wh-unknown-runtime", Map.of("runtimeVersion", "spark-9.9")),
        new Reported("Ready", "False", "InvalidSpec", "spark-9.9 is not a known runtime"));
    add(
        MutationClass.MISSING_REFERENCE,
        warehouse,
        "runtime-without-sql",
        engine(warehouse, "wh-spark-4", Map.of("runtimeVersion", "spark-4.0")),
        new Reported("Ready", "False", "InvalidSpec", "no JDBC/Thrift server"));
    add(
        MutationClass.MISSING_REFERENCE,
        warehouse,
        "policy-size",
        engine(warehouse, "wh-too-large", Map.of("size", "Large")),
        new Reported("Ready", "False", "PolicyViolation", "size Large is not allowed"));

    // A Workspace whose name cannot be a namespace's (a dot), without spec.namespace: refused, as
    // its namespace would be.
    Map<String, Object> dotted = renamed(quickstart.manifest(), namespace + ".dotted");
    spec(dotted).remove("namespace");
    spec(dotted).remove("storage");
    add(
        MutationClass.NAME,
        quickstart,
        "workspace-name-not-a-namespace",
        dotted,
        new Refused("metadata.name", "must be a namespace's name"));

    // Spark properties of 1.2 MiB in all, which the rendered ConfigMap could not hold: each value
    // is
    // over the limit admission sets.
    add(
        MutationClass.HUGE_STRING,
        cluster,
        "spec.sparkConf{}/1.2MiB-in-all",
        engine(
            cluster,
            "huge-spark-conf",
            Map.of(
                "sparkConf",
                Map.of(
                    "spark.hostile.a", "a".repeat(600 * 1024),
                    "spark.hostile.b", "b".repeat(600 * 1024)))),
        new Refused("spec.sparkConf", "at most 16384 characters"));

    // A run of a Job that does not exist.
    Example run = jobRunOf(first("Job", "jobs/"));
    Map<String, Object> orphan = renamed(placed(run.manifest()), "run-of-no-job");
    spec(orphan).put("job", "no-such-job");
    add(
        MutationClass.MISSING_REFERENCE,
        run,
        "job",
        orphan,
        new Reported("Complete", "True", "RunEnded", "no-such-job does not exist"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> manifest) {
    return (Map<String, Object>) manifest.get("spec");
  }

  /** An example renamed, with spec fields replaced. */
  private Map<String, Object> engine(Example example, String name, Map<String, Object> changes) {
    Map<String, Object> manifest = renamed(placed(example.manifest()), name);
    changes.forEach((k, v) -> spec(manifest).put(k, copyValue(v)));
    return manifest;
  }

  // --- valid boundaries

  private void boundaries() {
    for (String kind : List.of("Cluster", "Warehouse", "Job")) {
      Example example =
          first(
              kind, kind.equals("Warehouse") ? "warehouses/" : kind.equals("Job") ? "jobs/" : "q");
      int limit = NAME_LIMITS.get(kind);
      add(
          MutationClass.NAME,
          example,
          "length-" + limit,
          renamed(placed(example.manifest()), nameOfLength(kind, limit)),
          new Valid("the longest name a " + kind + " may have"));
    }
    Example job = first("Job", "jobs/");
    Map<String, Object> run =
        renamed(placed(jobRunOf(job).manifest()), nameOfLength("JobRun", 253));
    spec(run).put("job", nameOfLength("Job", NAME_LIMITS.get("Job")));
    add(
        MutationClass.NAME,
        jobRunOf(job),
        "length-253",
        run,
        new Valid("the longest name an object may have, for a run of the longest Job name"));
    Example workspace = first("Workspace", "quickstart/");
    Map<String, Object> longest = renamed(workspace.manifest(), nameOfLength("Workspace", 63));
    spec(longest).remove("namespace");
    spec(longest).remove("storage");
    spec(longest).put("description", "Données de l’équipe ✓ — 数据湖 🚀");
    add(
        MutationClass.NAME,
        workspace,
        "length-63",
        longest,
        new Valid("the longest namespace name, a Workspace without spec.namespace, unicode text"));
    Example cluster = first("Cluster", "quickstart/");
    add(
        MutationClass.UNICODE,
        cluster,
        "values",
        engine(
            cluster,
            "unicode-values",
            Map.of(
                "sparkConf",
                Map.of("spark.app.name", "Tableau de bord ✓ 数据"),
                "env",
                List.of(Map.of("name", "GREETING", "value", "grüß dich 👋")))),
        new Valid("unicode in free-text values"));
    add(
        MutationClass.CREDENTIALS,
        cluster,
        "provider-and-enabled-keys",
        engine(
            cluster,
            "credentials-provider",
            Map.of(
                "sparkConf",
                Map.of(
                    "spark.hadoop.fs.s3a.aws.credentials.provider",
                    "com.amazonaws.auth.WebIdentityTokenCredentialsProvider",
                    "spark.sql.catalog.main.token-refresh-enabled",
                    "true"))),
        new Valid("keys ending in .provider or enabled name no credential"));
  }

  // ---------------------------------------------------------------------------------------------
  // The hand-written table

  /** The cases of crds/src/test/resources/invalid-manifests.yaml, in {@code namespace}. */
  @SuppressWarnings("unchecked")
  public static List<Case> handWritten(String namespace) {
    try (InputStream in = HostileManifests.class.getResourceAsStream("/invalid-manifests.yaml")) {
      List<Map<String, String>> table =
          YAML.readValue(in, new TypeReference<List<Map<String, String>>>() {});
      List<Case> out = new ArrayList<>();
      for (Map<String, String> row : table) {
        Map<String, Object> manifest =
            YAML.readValue(row.get("manifest"), new TypeReference<Map<String, Object>>() {});
        Map<String, Object> metadata = (Map<String, Object>) manifest.get("metadata");
        if (metadata.containsKey("namespace")) {
          metadata.put("namespace", namespace);
        }
        out.add(
            new Case(
                MutationClass.HAND_WRITTEN.label() + "/" + row.get("name"),
                MutationClass.HAND_WRITTEN,
                (String) manifest.get("kind"),
                "invalid-manifests.yaml",
                manifest,
                new Refused(null, row.get("expect"))));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Paths and copies

  /**
   * A path as the API server writes it in messages: {@code spec.catalogs[0].uri}, map keys as
   * {@code spec.sparkConf[spark.sql.shuffle.partitions]}.
   */
  public static String fieldPath(List<Object> path) {
    StringBuilder out = new StringBuilder();
    for (Object segment : path) {
      if (segment instanceof Integer i) {
        out.append('[').append(i).append(']');
      } else {
        out.append(out.isEmpty() ? "" : ".").append(segment);
      }
    }
    return out.toString();
  }

  private static List<Object> append(List<Object> path, Object segment) {
    List<Object> longer = new ArrayList<>(path);
    longer.add(segment);
    return List.copyOf(longer);
  }

  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> root, List<Object> path, Object value) {
    Object node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      Object segment = path.get(i);
      node =
          segment instanceof Integer index
              ? ((List<Object>) node).get(index)
              : ((Map<String, Object>) node)
                  .computeIfAbsent((String) segment, k -> new LinkedHashMap<String, Object>());
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer index) {
      List<Object> list = (List<Object>) node;
      if (index < list.size()) {
        list.set(index, value);
      } else {
        list.add(value);
      }
    } else {
      ((Map<String, Object>) node).put((String) last, value);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, Object> map) {
    return (Map<String, Object>) copyValue(map);
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, copyValue(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(copyValue(v)));
      return copy;
    }
    return value;
  }

  /** True when two cases' manifests are the same JSON (keys in any order). */
  public static boolean sameManifest(Case a, Case b) {
    return Objects.equals(a.json(), b.json());
  }

  static JsonNode tree(Map<String, Object> manifest) {
    return CANONICAL.valueToTree(manifest);
  }
}
