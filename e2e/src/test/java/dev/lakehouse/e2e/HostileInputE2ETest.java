package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testing.Admission;
import dev.lakehouse.testing.AuditLog;
import dev.lakehouse.testing.HostileManifests;
import dev.lakehouse.testing.HostileManifests.Case;
import dev.lakehouse.testing.HostileManifests.Reported;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged operator under hostile input, on a kwok control plane: every generated invalid
 * manifest ends at admission as documented (refused naming the field, or accepted); the accepted
 * broken ones (a missing Secret, existingCluster or Job, an unknown runtime, a dependency cycle, a
 * Workspace policy, a Workspace whose name cannot be a namespace, Spark properties too large for a
 * ConfigMap) are applied next to valid neighbours at the limits (names of exactly 45, 42, 63 and
 * 253 characters, unicode text). Each broken one gets its condition and reason within a bound, the
 * operator neither crashes (same process, ready) nor spins (reconciles and writes per broken
 * resource per minute, from its log and the API server's audit log), and the neighbours become
 * Ready undisturbed. Then another field manager takes over fields of the operator's children with
 * {@code kubectl apply --server-side --force-conflicts}: the operator puts them back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputE2ETest {
  static final String NS = "hostile";
  static final ObjectMapper JSON = new ObjectMapper();

  /** How long the operator may take to report a broken resource once it is applied. */
  static final Duration REPORT_BOUND = Duration.ofSeconds(60);

  /** The reconciles and writes of one broken resource in a quiet minute: a hot loop makes 100s. */
  static final int MAX_RECONCILES_PER_MINUTE = 12;

  static final int MAX_WRITES_PER_MINUTE = 4;

  private static final Pattern DISPATCH =
      Pattern.compile("Handling dispatch for resource name: (\\S+) namespace: (\\S+)");

  OperatorStack stack;
  Kubectl kubectl;
  KubernetesClient client;
  AuditLog audit;
  long operatorPid;
  final BenchmarkFigures figures = new BenchmarkFigures();
  final List<Case> reported = HostileManifests.reported(NS);
  final List<Case> valid = HostileManifests.valid(NS);

  /** The pods of the neighbours' Clusters and Warehouse, by name, with their UIDs. */
  final Map<String, String> neighbourPods = new TreeMap<>();

  @BeforeAll
  void start() throws IOException {
    Map<String, String> env = new HashMap<>(OperatorStack.ANNOTATION_SOURCES);
    // Every reconcile is logged with the resource's name: reconciles per resource are counted.
    env.put("QUARKUS_LOG_CATEGORY__IO_JAVAOPERATORSDK_OPERATOR_PROCESSING_EVENT__LEVEL", "DEBUG");
    stack = OperatorStack.start("lakehouse-e2e-hostile", env);
    kubectl = stack.kubectl();
    audit = new AuditLog(stack.controlPlane().auditLog());
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(stack.controlPlane().kubeconfig())))
            .build();
    operatorPid = stack.operator().pid();
    kubectl.apply(HostileManifests.workspace(NS));
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", "workspaces.lakehouse.dev/" + NS);
  }

  @AfterAll
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (stack != null) {
      stack.close();
    }
    figures.write(
        Path.of(
            System.getProperty("lakehouse.e2e.output"), "benchmarks", "reliability-input.json"));
  }

  /**
   * The generated manifests and the hand-written table against this control plane's API server:
   * each refused naming its field, or accepted as documented. The table is this suite's figure.
   */
  @Test
  @Order(10)
  void everyInvalidManifestEndsAsDocumentedAtAdmission() {
    List<Admission.Judged> judged = new ArrayList<>();
    for (Case c : HostileManifests.all(NS)) {
      judged.add(Admission.judge(client, c));
    }
    Map<String, Object> table = Admission.table(judged);
    figures.put("invalid_manifests", table);
    assertThat(judged.stream().filter(j -> j.problem().isPresent()).map(Admission.Judged::problem))
        .as("cases not ending as documented")
        .isEmpty();
    assertThat((Integer) table.get("manifests_tried")).isGreaterThanOrEqualTo(150);
  }

  /**
   * The broken resources admission cannot judge, applied with valid neighbours: each gets its
   * condition and reason within the bound, and the neighbours become Ready.
   */
  @Test
  @Order(20)
  void acceptedBrokenResourcesAreReportedAndTheirNeighboursRun() throws IOException {
    Instant applied = Instant.now();
    for (Case c : valid) {
      kubectl.apply(c.yaml());
    }
    // The neighbours run before the broken ones come: their pods must stay as they are.
    for (Case c : valid) {
      awaitValid(c);
    }
    neighbourPods.putAll(neighbourPods());
    assertThat(neighbourPods).as("the neighbours' pods").isNotEmpty();

    // All broken resources in one apply, so that each is timed from the same moment.
    long auditMark = audit.mark();
    kubectl.apply(String.join("\n---\n", reported.stream().map(Case::yaml).toList()));
    Instant brokenApplied = Instant.now();
    Map<String, Instant> appliedAt = new LinkedHashMap<>();
    for (Case c : reported) {
      appliedAt.put(c.name(), brokenApplied);
    }
    // Every broken resource is looked at twice a second, each timed from its own apply.
    Map<String, Object> timeToCondition = new LinkedHashMap<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    Map<String, JsonNode> last = new LinkedHashMap<>();
    Instant deadline = Instant.now().plus(REPORT_BOUND);
    while (timeToCondition.size() < reported.size() && Instant.now().isBefore(deadline)) {
      for (Case c : reported) {
        String key = c.kind() + "/" + c.objectName();
        if (timeToCondition.containsKey(key)) {
          continue;
        }
        Reported expected = (Reported) c.outcome();
        JsonNode condition = condition(c, expected.condition());
        last.put(key, condition);
        if (condition != null
            && expected.status().equals(condition.path("status").asText())
            && expected.reason().equals(condition.path("reason").asText())) {
          timeToCondition.put(
              key, Duration.between(appliedAt.get(c.name()), Instant.now()).toMillis());
          reasons.put(key, expected.condition() + "/" + expected.reason());
          assertThat(condition.path("message").asText()).as(key).contains(expected.message());
        }
      }
      OperatorProcess.sleep(500);
    }
    for (Case c : reported) {
      Reported expected = (Reported) c.outcome();
      String key = c.kind() + "/" + c.objectName();
      assertThat(timeToCondition)
          .as(
              "%s: %s=%s reason %s within %s of its apply; last seen: %s",
              key,
              expected.condition(),
              expected.status(),
              expected.reason(),
              REPORT_BOUND,
              last.get(key))
          .containsKey(key);
    }
    // What the operator wrote about each until it was reported (its status, Events), and how often
    // it reconciled it: the counters the quiet minute below reads work for every one of them.
    OperatorProcess.sleep(2_000);
    List<JsonNode> writes = audit.operatorWrites(auditMark, e -> true);
    Map<String, Integer> dispatches = dispatchesSince(stack.operator().log(), 0);
    Map<String, Object> writesUntilReported = new TreeMap<>();
    for (Case c : reported) {
      long written = writes.stream().filter(w -> about(w, c)).count();
      writesUntilReported.put(c.kind() + "/" + c.objectName(), written);
      assertThat(written).as("status writes found for " + c.name()).isPositive();
      assertThat(dispatches).as("reconciles found for " + c.name()).containsKey(key(c));
    }
    figures.put("broken_resource_writes_until_reported", writesUntilReported);
    figures.put("broken_resources_applied", reported.size());
    figures.put("broken_resources_reported", timeToCondition.size());
    figures.put("broken_resources_reasons", reasons);
    figures.put("broken_resource_time_to_condition_ms", timeToCondition);

    // The neighbours: the longest names each kind may have, unicode text.
    for (Case c : valid) {
      awaitValid(c);
    }
    assertThat(neighbourPods()).as("the neighbours' pods, not restarted").isEqualTo(neighbourPods);
    figures.put("valid_neighbours_ready", valid.size());
    figures.put("valid_neighbours_ready_ms", Duration.between(applied, Instant.now()).toMillis());
    assertOperatorAlive();
  }

  /**
   * A quiet minute with every broken resource in place: each is reconciled and written a bounded
   * number of times (its periodic look, backoff after errors), never in a hot loop.
   */
  @Test
  @Order(30)
  void brokenResourcesCauseNoHotRetryLoop() throws IOException, InterruptedException {
    OperatorProcess.sleep(10_000); // the first backoffs pass
    Path log = stack.operator().log();
    long logMark = Files.size(log);
    long auditMark = audit.mark();
    Map<String, Double> before = reconciliations(stack.operator().metrics());
    Instant start = Instant.now();
    OperatorProcess.sleep(60_000);
    double minutes = Duration.between(start, Instant.now()).toMillis() / 60_000.0;
    Map<String, Double> after = reconciliations(stack.operator().metrics());

    Map<String, Integer> dispatches = dispatchesSince(log, logMark);
    List<JsonNode> writes = audit.operatorWrites(auditMark, e -> true);
    Map<String, Object> reconcilesPerMinute = new TreeMap<>();
    Map<String, Object> writesPerMinute = new TreeMap<>();
    int worstReconciles = 0;
    int worstWrites = 0;
    for (Case c : reported) {
      int reconciles = dispatches.getOrDefault(key(c), 0);
      int written = (int) writes.stream().filter(w -> about(w, c)).count();
      reconcilesPerMinute.put(c.kind() + "/" + c.objectName(), round(reconciles / minutes));
      writesPerMinute.put(c.kind() + "/" + c.objectName(), round(written / minutes));
      worstReconciles = Math.max(worstReconciles, reconciles);
      worstWrites = Math.max(worstWrites, written);
    }
    Map<String, Object> byKind = new TreeMap<>();
    after.forEach((k, v) -> byKind.put(k, round((v - before.getOrDefault(k, 0.0)) / minutes)));
    figures.put("broken_resource_reconciles_per_minute", reconcilesPerMinute);
    figures.put("broken_resource_writes_per_minute", writesPerMinute);
    figures.put("reconciliations_per_minute_by_kind_and_result", byKind);
    figures.put("max_reconciles_per_minute_on_a_broken_resource", worstReconciles);
    figures.put("max_writes_per_minute_on_a_broken_resource", worstWrites);

    assertThat(dispatches)
        .as("the reconcile log is read (DEBUG of java-operator-sdk)")
        .isNotEmpty();
    assertThat(reconcilesPerMinute)
        .as("reconciles per minute on each broken resource")
        .allSatisfy(
            (k, v) -> assertThat((Double) v).isLessThanOrEqualTo(MAX_RECONCILES_PER_MINUTE));
    assertThat(writesPerMinute)
        .as("writes per minute about each broken resource (status, events)")
        .allSatisfy((k, v) -> assertThat((Double) v).isLessThanOrEqualTo(MAX_WRITES_PER_MINUTE));
    for (Case c : valid) {
      awaitValid(c);
    }
    assertThat(neighbourPods()).as("the neighbours' pods, not restarted").isEqualTo(neighbourPods);
    figures.put("neighbour_pods_restarted", 0);
    assertOperatorAlive();
  }

  /**
   * Another field manager takes fields of the operator's children by force: the workers
   * Deployment's replicas and a Service port's target. The operator takes them back (it applies
   * with force under its one field manager), tells it as DriftRepaired, and keeps running.
   */
  @Test
  @Order(40)
  void fieldsTakenByAnotherManagerArePutBack() throws IOException {
    Case neighbour =
        valid.stream()
            .filter(c -> c.kind().equals("Cluster") && c.objectName().length() == 45)
            .findFirst()
            .orElseThrow();
    String cluster = neighbour.objectName();
    String workers = "deployment/" + cluster + "-workers";
    String service = "service/" + cluster + "-driver";
    String replicas = kubectl.jsonpath(workers, NS, ".spec.replicas");
    JsonNode connectPort = null;
    for (JsonNode port : json(service).at("/spec/ports")) {
      if (port.path("port").asInt() == 15002) {
        connectPort = port;
      }
    }
    assertThat(connectPort).as("the driver Service's Spark Connect port").isNotNull();
    String targetPort = connectPort.path("targetPort").asText();

    Instant taken = Instant.now();
    String intruder =
        kubectl
            .runWithInput(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s-workers, namespace: %s}
                spec: {replicas: 7}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %s-driver, namespace: %s}
                spec:
                  ports:
                    - {name: %s, port: 15002, protocol: TCP, targetPort: 9999}
                """
                    .formatted(cluster, NS, cluster, NS, connectPort.path("name").asText()),
                "apply",
                "--server-side",
                "--field-manager=intruder",
                "--force-conflicts",
                "-f",
                "-")
            .toString();
    assertThat(intruder).contains("serverside-applied");

    OperatorStack.await(
        "replicas put back to " + replicas,
        () -> replicas.equals(kubectl.jsonpath(workers, NS, ".spec.replicas")));
    OperatorStack.await(
        "target port put back to " + targetPort,
        () ->
            targetPort.equals(
                kubectl.jsonpath(service, NS, ".spec.ports[?(@.port==15002)].targetPort")));
    figures.put("intruder_fields_put_back_ms", Duration.between(taken, Instant.now()).toMillis());
    assertThat(managerOf(json(workers), "replicas"))
        .as("the operator's field manager owns spec.replicas again")
        .contains("lakehouse-operator");
    assertThat(
            kubectl.ok(
                "get",
                "events",
                "-n",
                NS,
                "--field-selector",
                "involvedObject.name=" + cluster + ",reason=DriftRepaired",
                "-o",
                "custom-columns=MESSAGE:.message"))
        .contains("replicas");
    kubectl.ok(
        "wait",
        "--for=condition=Ready",
        "--timeout=60s",
        "clusters.lakehouse.dev/" + cluster,
        "-n",
        NS);
    assertOperatorAlive();
    figures.put("operator_restarts", 0);
  }

  // ---------------------------------------------------------------------------------------------

  /** The operator process is the one started first, and its readiness probe says UP. */
  private void assertOperatorAlive() {
    OperatorProcess operator = stack.operator();
    assertThat(operator.pid()).as("the operator process").isEqualTo(operatorPid);
    assertThat(ProcessHandle.of(operatorPid).map(ProcessHandle::isAlive))
        .as("the operator process is alive")
        .contains(true);
    assertThat(OperatorHealth.ready(operatorPid)).as("readiness of the operator").isTrue();
  }

  private void awaitValid(Case c) {
    String resource =
        c.kind().toLowerCase(java.util.Locale.ROOT) + "s.lakehouse.dev/" + c.objectName();
    List<String> args = new ArrayList<>(List.of("wait", "--timeout=180s", resource));
    args.add(
        c.kind().equals("JobRun")
            ? "--for=jsonpath={.status.phase}=Succeeded"
            : "--for=condition=Ready");
    if (c.namespace() != null) {
      args.addAll(List.of("-n", c.namespace()));
    }
    kubectl.ok(args.toArray(String[]::new));
  }

  /** Pods of the valid Clusters and Warehouse (fleet and gateway), name to UID. */
  private Map<String, String> neighbourPods() {
    java.util.Set<String> clusters = new java.util.HashSet<>();
    java.util.Set<String> warehouses = new java.util.HashSet<>();
    for (Case c : valid) {
      if (c.kind().equals("Cluster")) {
        clusters.add(c.objectName());
      } else if (c.kind().equals("Warehouse")) {
        warehouses.add(c.objectName());
      }
    }
    Map<String, String> pods = new TreeMap<>();
    for (var pod : client.pods().inNamespace(NS).list().getItems()) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      if (labels != null
          && pod.getMetadata().getDeletionTimestamp() == null
          && (clusters.contains(labels.get("lakehouse.dev/cluster"))
              || warehouses.contains(labels.get("lakehouse.dev/warehouse")))) {
        pods.put(pod.getMetadata().getName(), pod.getMetadata().getUid());
      }
    }
    return pods;
  }

  private JsonNode object(Case c) {
    var resources = client.genericKubernetesResources("lakehouse.dev/v1alpha1", c.kind());
    var found =
        c.namespace() == null
            ? resources.withName(c.objectName()).get()
            : resources.inNamespace(c.namespace()).withName(c.objectName()).get();
    return found == null ? null : JSON.valueToTree(found);
  }

  private JsonNode condition(Case c, String type) {
    JsonNode object = object(c);
    if (object == null) {
      return null;
    }
    for (JsonNode condition : object.at("/status/conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return condition;
      }
    }
    return null;
  }

  private JsonNode json(String resource) {
    try {
      return JSON.readTree(
          kubectl.ok("get", resource, "-n", NS, "-o", "json", "--show-managed-fields"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The managers of a field under spec, from the object's managedFields. */
  private static List<String> managerOf(JsonNode object, String specField) {
    List<String> managers = new ArrayList<>();
    for (JsonNode entry : object.at("/metadata/managedFields")) {
      if (entry.at("/fieldsV1/f:spec").has("f:" + specField)) {
        managers.add(entry.path("manager").asText());
      }
    }
    return managers;
  }

  /** How the reconcile log names a case's object: "namespace/name", or "/name". */
  private static String key(Case c) {
    return (c.namespace() == null ? "" : c.namespace()) + "/" + c.objectName();
  }

  /** An audit event about a case's object: its status, itself, or an Event about it. */
  private static boolean about(JsonNode event, Case c) {
    JsonNode ref = event.path("objectRef");
    String name = ref.path("name").asText();
    String namespace = ref.path("namespace").asText("");
    String resource = ref.path("resource").asText();
    if (resource.equals("leases")) {
      return false;
    }
    String expectedNamespace = c.namespace() == null ? "" : c.namespace();
    if (resource.equals("events")) {
      return name.startsWith(c.objectName() + ".");
    }
    return name.equals(c.objectName()) && namespace.equals(expectedNamespace);
  }

  /** Reconciles per resource ("namespace/name", cluster-scoped ones "/name") in the log. */
  private static Map<String, Integer> dispatchesSince(Path log, long mark) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    byte[] all = Files.readAllBytes(log);
    String text =
        new String(
            all,
            (int) Math.min(mark, all.length),
            (int) (all.length - Math.min(mark, all.length)),
            java.nio.charset.StandardCharsets.UTF_8);
    Matcher m = DISPATCH.matcher(text);
    while (m.find()) {
      String namespace = "null".equals(m.group(2)) ? "" : m.group(2);
      counts.merge(namespace + "/" + m.group(1), 1, Integer::sum);
    }
    return counts;
  }

  /** lakehouse_reconciliations_total by "kind/result". */
  static Map<String, Double> reconciliations(String metrics) {
    Map<String, Double> counts = new TreeMap<>();
    Matcher m =
        Pattern.compile(
                "lakehouse_reconciliations_total\\{kind=\"([^\"]+)\",result=\"([^\"]+)\",?} (\\S+)")
            .matcher(metrics);
    while (m.find()) {
      counts.put(m.group(1) + "/" + m.group(2), Double.parseDouble(m.group(3)));
    }
    return counts;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
