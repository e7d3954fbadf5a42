package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testing.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Security on a kwok control plane with the packaged operator under the chart's RBAC, with every
 * kind that has a controller running in a Workspace whose Secrets hold a sentinel value: a Cluster,
 * a Job run with tasks on it, and a Warehouse (its fleet and its gateway).
 *
 * <ul>
 *   <li>no object of the namespace (status included), no Event and no line of the operator's log
 *       carries the sentinel, in plain text or base64, and no pod's command, arguments or
 *       environment values do;
 *   <li>every pod the operator makes (driver, workers, task, gateway) was admitted in a namespace
 *       that enforces Pod Security "restricted", and that enforcement is live;
 *   <li>engine pods mount no ServiceAccount token; the gateway, which watches Clusters, does; no
 *       NetworkPolicy opens the API server's ports to engines of a Workspace whose data services
 *       are elsewhere;
 *   <li>a tenant's editors, admins and viewers can do in their Workspace what their role says and
 *       nothing in another's (kubectl auth can-i --as on the real API server).
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityE2ETest {
  static final String NS = "vault";
  static final String SENTINEL = "SENTINEL-e2e-5ec2e7-9b1d";
  static final ObjectMapper JSON = new ObjectMapper();

  OperatorStack stack;
  Kubectl kubectl;
  final BenchmarkFigures figures = new BenchmarkFigures();

  @BeforeAll
  void start() throws IOException {
    Map<String, String> env = new HashMap<>(OperatorStack.ANNOTATION_SOURCES);
    // The operator's own debug lines, and java-operator-sdk's (which print resources), are scanned.
    env.put("QUARKUS_LOG_CATEGORY__DEV_LAKEHOUSE__LEVEL", "DEBUG");
    env.put("QUARKUS_LOG_CATEGORY__IO_JAVAOPERATORSDK__LEVEL", "DEBUG");
    stack = OperatorStack.start("lakehouse-e2e-security", env);
    kubectl = stack.kubectl();
  }

  @AfterAll
  void stop() throws IOException {
    if (stack != null) {
      stack.close();
    }
    figures.write(
        Path.of(
            System.getProperty("lakehouse.e2e.output"), "benchmarks", "reliability-security.json"));
  }

  /**
   * A Workspace that references a Secret for each of its credentials (two catalogs, storage, a
   * bucket, lineage), a Cluster with an environment variable from a Secret, a Job run with tasks on
   * the Cluster, and a Warehouse; every Secret value holds the sentinel.
   */
  @Test
  @Order(10)
  void noObjectEventLogLineOrPodCommandCarriesASecretValue() throws IOException {
    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: vault}
        spec:
          access: {adminGroups: [vault-admins], userGroups: [vault-engineers], viewerGroups: [vault-readers]}
          catalogs:
            - {name: main, type: IcebergRest, uri: "http://polaris.catalogs:8181/api/catalog",
               warehouse: wh, default: true,
               credentials: {secretName: catalog-client, clientCredentialKey: credential}}
            - {name: unity, type: UnityCatalog, uri: "http://unity.catalogs:8080/api/2.1/unity-catalog/iceberg",
               credentials: {secretName: catalog-token, tokenKey: token}}
          storage:
            s3: {endpoint: "http://minio.storage:9000", pathStyleAccess: true,
                 credentials: {secretName: vault-s3}}
            buckets:
              - {name: partner-drop, endpoint: "http://ceph.storage:7480", credentials: {secretName: partner-s3}}
            warehouseLocation: s3a://vault/warehouse
          lineage:
            openLineage: {endpoint: "http://marquez.lineage:5000", namespace: vault,
                          apiKey: {name: lineage-key, key: apiKey}}
        """);
    OperatorStack.await(
        "namespace vault",
        () -> "Active".equals(kubectl.jsonpath("namespace/" + NS, "default", ".status.phase")));
    secret("catalog-client", "credential", "client:" + SENTINEL);
    secret("catalog-token", "token", "tok-" + SENTINEL);
    secret("vault-s3", "accessKeyId", "AKIA" + SENTINEL, "secretAccessKey", SENTINEL);
    secret("partner-s3", "accessKeyId", "AKIA2" + SENTINEL, "secretAccessKey", "2" + SENTINEL);
    secret("lineage-key", "apiKey", "lk-" + SENTINEL);
    secret("app-secrets", "webhook", "wh-" + SENTINEL);
    kubectl.ok("wait", "--for=condition=Ready", "--timeout=120s", "workspaces.lakehouse.dev/vault");

    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: guarded, namespace: vault}
        spec:
          workers: 2
          autoTerminationMinutes: 60
          env:
            - {name: WEBHOOK_TOKEN, secretKeyRef: {name: app-secrets, key: webhook}}
            - {name: PIPELINE_ENV, value: staging}
        ---
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata: {name: guarded-pipeline, namespace: vault}
        spec:
          existingCluster: guarded
          parameters: {region: emea}
          tasks:
            - key: load
              sql: {query: "SELECT '{{parameters.region}}'"}
            - key: score
              dependsOn: [load]
              sparkPython: {pythonFile: "s3a://vault/jobs/score.py", parameters: ["--date", "{{run.date}}"]}
        ---
        apiVersion: lakehouse.dev/v1alpha1
        kind: Warehouse
        metadata: {name: guarded-sql, namespace: vault}
        spec: {size: 2X-Small, minClusters: 1, maxClusters: 2, autoStopMinutes: 30}
        """);
    kubectl.ok(
        "wait",
        "--for=condition=Ready",
        "--timeout=180s",
        "clusters.lakehouse.dev/guarded",
        "-n",
        NS);
    kubectl.ok(
        "wait",
        "--for=condition=Ready",
        "--timeout=180s",
        "warehouses.lakehouse.dev/guarded-sql",
        "-n",
        NS);
    kubectl.apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: JobRun
        metadata: {name: guarded-pipeline-first, namespace: vault}
        spec: {job: guarded-pipeline}
        """);
    kubectl.ok(
        "wait",
        "--for=jsonpath={.status.phase}=Succeeded",
        "--timeout=180s",
        "jobruns.lakehouse.dev/guarded-pipeline-first",
        "-n",
        NS);
    OperatorStack.await(
        "gateway pods", () -> pods(NS).stream().anyMatch(p -> "gateway".equals(component(p))));

    // The references are in place: engines get the values from Kubernetes, never through the
    // operator.
    String driver = kubectl.ok("get", "statefulset/guarded-driver", "-n", NS, "-o", "json");
    assertThat(driver).contains("\"name\": \"app-secrets\"").contains("vault-s3");

    String base64 = Base64.getEncoder().encodeToString(SENTINEL.getBytes(StandardCharsets.UTF_8));
    // A control: the scan finds the sentinel where it is (the Secrets themselves).
    assertThat(kubectl.ok("get", "secret/vault-s3", "-n", NS, "-o", "json")).contains(base64);

    Map<String, Integer> hits = new TreeMap<>();
    int scanned = 0;
    // Every object of every namespaced kind in the Workspace's namespace, but Secrets.
    List<String> kinds =
        Arrays.stream(
                kubectl
                    .ok("api-resources", "--verbs=list", "--namespaced", "-o", "name")
                    .split("\\s+"))
            .filter(k -> !k.isBlank() && !k.equals("secrets"))
            .toList();
    JsonNode namespaced =
        JSON.readTree(kubectl.ok("get", String.join(",", kinds), "-n", NS, "-o", "json"));
    for (JsonNode item : namespaced.path("items")) {
      scanned++;
      count(
          hits,
          item.path("kind").asText() + "/" + item.at("/metadata/name").asText(),
          item.toString(),
          base64);
    }
    figures.put("objects_scanned", scanned);
    Set<String> kindsFound = new TreeSet<>();
    namespaced.path("items").forEach(i -> kindsFound.add(i.path("kind").asText()));
    figures.put("kinds_scanned", kindsFound);
    // The cluster-scoped objects of the Workspace, and Events elsewhere (cluster-scoped objects'
    // go to default).
    for (String resource : List.of("workspaces.lakehouse.dev/vault", "namespace/vault")) {
      count(hits, resource, kubectl.ok("get", resource, "-o", "json"), base64);
    }
    count(
        hits,
        "events in default",
        kubectl.ok("get", "events", "-n", "default", "-o", "json"),
        base64);
    count(
        hits,
        "events in " + OperatorStack.OPERATOR_NS,
        kubectl.ok("get", "events", "-n", OperatorStack.OPERATOR_NS, "-o", "json"),
        base64);
    // The operator's log, at DEBUG for its own code and java-operator-sdk.
    List<String> log = Files.readAllLines(stack.operator().log(), StandardCharsets.UTF_8);
    figures.put("operator_log_lines_scanned", log.size());
    assertThat(log.size()).as("the operator logged").isGreaterThan(100);
    count(hits, "operator log", String.join("\n", log), base64);
    // Every container's command line and environment values, as the kubelet would run them.
    int containers = 0;
    Map<String, Integer> podsByComponent = new TreeMap<>();
    for (JsonNode pod : pods(NS)) {
      podsByComponent.merge(component(pod), 1, Integer::sum);
      for (JsonNode container : containers(pod)) {
        containers++;
        StringBuilder commandLine = new StringBuilder();
        container.path("command").forEach(c -> commandLine.append(c.asText()).append(' '));
        container.path("args").forEach(a -> commandLine.append(a.asText()).append(' '));
        container
            .path("env")
            .forEach(e -> commandLine.append(e.path("value").asText()).append(' '));
        count(
            hits,
            "pod " + pod.at("/metadata/name").asText() + " command and env",
            commandLine.toString(),
            base64);
      }
    }
    figures.put("pods_by_component", podsByComponent);
    figures.put("containers_scanned", containers);
    figures.put("sentinels_leaked", hits.values().stream().mapToInt(Integer::intValue).sum());
    figures.put("sentinel_hits", hits);

    assertThat(podsByComponent)
        .as("every kind of pod the operator makes ran")
        .containsKeys("driver", "worker", "task", "gateway");
    assertThat(kinds).contains("pods", "configmaps", "events", "clusters.lakehouse.dev");
    assertThat(hits).as("where the sentinel was found").isEmpty();
  }

  /**
   * Every pod the operator made was admitted under Pod Security "restricted", enforced on each
   * Workspace namespace, and the enforcement is live: a pod that breaks it is refused there.
   */
  @Test
  @Order(20)
  void everyPodWasAdmittedUnderPodSecurityRestricted() throws IOException {
    JsonNode namespace = JSON.readTree(kubectl.ok("get", "namespace", NS, "-o", "json"));
    assertThat(namespace.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText())
        .isEqualTo("restricted");
    List<JsonNode> pods = pods(NS);
    assertThat(pods.stream().map(SecurityE2ETest::component).collect(Collectors.toSet()))
        .contains("driver", "worker", "task", "gateway");
    // What admission held each of them to: restricted's container rules.
    for (JsonNode pod : pods) {
      String name = pod.at("/metadata/name").asText();
      assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
      assertThat(pod.at("/spec/securityContext/seccompProfile/type").asText())
          .as(name)
          .isEqualTo("RuntimeDefault");
      for (JsonNode container : containers(pod)) {
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asText())
            .as(name)
            .isEqualTo("false");
        assertThat(container.at("/securityContext/capabilities/drop").toString())
            .as(name)
            .contains("ALL");
      }
    }
    // No controller failed to create a pod for Pod Security.
    JsonNode events = JSON.readTree(kubectl.ok("get", "events", "-n", NS, "-o", "json"));
    long violations = 0;
    for (JsonNode event : events.path("items")) {
      if (event.path("message").asText().contains("violates PodSecurity")) {
        violations++;
      }
    }
    figures.put("pods_admitted_under_restricted", pods.size());
    figures.put("restricted_violations", violations);
    assertThat(violations).as("pods refused for Pod Security").isZero();

    // The control: a privileged pod is refused in the same namespace.
    CommandResult privileged =
        kubectl.runWithInput(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: privileged, namespace: vault}
            spec:
              containers:
                - {name: c, image: busybox, securityContext: {privileged: true}}
            """,
            "apply",
            "--dry-run=server",
            "-f",
            "-");
    assertThat(privileged.succeeded()).as(privileged.toString()).isFalse();
    assertThat(privileged.stderr()).contains("violates PodSecurity \"restricted");
  }

  /**
   * Engines cannot use the Kubernetes API: no ServiceAccount token in their pods, and no
   * NetworkPolicy that opens the API server's ports to them; the gateway, which watches the fleet's
   * Clusters, has its token and its own egress to the API server.
   */
  @Test
  @Order(30)
  void onlyTheGatewayMountsAServiceAccountToken() throws IOException {
    Map<String, Integer> withToken = new TreeMap<>();
    Map<String, Integer> withoutToken = new TreeMap<>();
    for (JsonNode pod : pods(NS)) {
      String component = component(pod);
      boolean token = mountsToken(pod);
      (token ? withToken : withoutToken).merge(component, 1, Integer::sum);
      if (component.equals("gateway")) {
        assertThat(token).as("the gateway's token: " + pod.at("/metadata/name")).isTrue();
        assertThat(pod.at("/spec/serviceAccountName").asText()).isEqualTo("guarded-sql-gateway");
      } else {
        assertThat(token).as("a token in engine pod " + pod.at("/metadata/name")).isFalse();
        assertThat(pod.at("/spec/automountServiceAccountToken").asText())
            .as(pod.at("/metadata/name").asText())
            .isEqualTo("false");
      }
    }
    figures.put("pods_with_a_service_account_token", withToken);
    figures.put("pods_without_a_service_account_token", withoutToken);
    assertThat(withToken).containsOnlyKeys("gateway");
    assertThat(
            kubectl.jsonpath(
                "serviceaccount/lakehouse-engine", NS, ".automountServiceAccountToken"))
        .isEqualTo("false");

    // Egress to anywhere on the API server's ports is the gateway's alone here (this Workspace's
    // data services listen on other ports).
    Map<String, List<String>> apiServerEgress = apiServerEgress(NS);
    figures.put("api_server_egress_policies_in_" + NS, apiServerEgress);
    assertThat(apiServerEgress).containsOnlyKeys("guarded-sql-gateway");
    assertThat(apiServerEgress.get("guarded-sql-gateway")).containsOnly("gateway");
  }

  /**
   * The roles a Workspace binds its groups to, on the real API server with impersonation: editors
   * and admins work in their Workspace and see nothing of another's; only admins read Secrets, of
   * their own Workspace; viewers read; nobody of a tenant may touch Workspaces or RoleBindings.
   */
  @Test
  @Order(40)
  void aTenantCannotReadAnotherWorkspacesSecretsOrResources() {
    stack.applyQuickstartWorkspace();
    stack.applyAnalyticsWorkspace();
    // Groups as the examples' spec.access name them.
    String analyticsEditor = "--as-group=analytics-engineers";
    String analyticsAdmin = "--as-group=analytics-admins";
    String analyticsViewer = "--as-group=bi-readers";
    String quickstartEditor = "--as-group=data-engineers";
    String vaultAdmin = "--as-group=vault-admins";

    List<String[]> yes = new ArrayList<>();
    List<String[]> no = new ArrayList<>();
    for (String[] editor :
        List.of(
            new String[] {analyticsEditor, "analytics", "quickstart"},
            new String[] {quickstartEditor, "quickstart", "analytics"})) {
      String group = editor[0];
      String own = editor[1];
      String other = editor[2];
      yes.add(new String[] {group, "create", "clusters.lakehouse.dev", "-n", own});
      yes.add(new String[] {group, "patch", "jobs.lakehouse.dev", "-n", own});
      yes.add(new String[] {group, "create", "jobruns.lakehouse.dev", "-n", own});
      yes.add(
          new String[] {
            group, "update", "clusters.lakehouse.dev", "--subresource=scale", "-n", own
          });
      yes.add(new String[] {group, "get", "pods", "-n", own});
      no.add(new String[] {group, "get", "secrets", "-n", own});
      for (String verb : List.of("get", "list", "watch")) {
        no.add(new String[] {group, verb, "secrets", "-n", other});
        no.add(new String[] {group, verb, "clusters.lakehouse.dev", "-n", other});
        no.add(new String[] {group, verb, "jobruns.lakehouse.dev", "-n", other});
        no.add(new String[] {group, verb, "warehouses.lakehouse.dev", "-n", other});
        no.add(new String[] {group, verb, "pods", "-n", other});
        no.add(new String[] {group, verb, "configmaps", "-n", other});
      }
      no.add(new String[] {group, "create", "clusters.lakehouse.dev", "-n", other});
      no.add(new String[] {group, "list", "secrets", "--all-namespaces"});
      no.add(new String[] {group, "list", "clusters.lakehouse.dev", "--all-namespaces"});
      no.add(new String[] {group, "get", "workspaces.lakehouse.dev"});
      no.add(new String[] {group, "patch", "workspaces.lakehouse.dev/" + own});
      no.add(
          new String[] {
            group, "update", "clusters.lakehouse.dev", "--subresource=status", "-n", own
          });
      no.add(new String[] {group, "create", "rolebindings", "-n", own});
      no.add(new String[] {group, "delete", "namespace/" + own});
    }
    yes.add(new String[] {analyticsAdmin, "get", "secrets", "-n", "analytics"});
    yes.add(new String[] {analyticsAdmin, "create", "secrets", "-n", "analytics"});
    no.add(new String[] {analyticsAdmin, "get", "secrets", "-n", "quickstart"});
    no.add(new String[] {analyticsAdmin, "get", "secrets", "-n", NS});
    no.add(new String[] {analyticsAdmin, "create", "rolebindings", "-n", "analytics"});
    no.add(new String[] {analyticsAdmin, "bind", "clusterroles/cluster-admin"});
    no.add(new String[] {analyticsAdmin, "get", "secrets", "-n", OperatorStack.OPERATOR_NS});
    yes.add(new String[] {vaultAdmin, "get", "secrets", "-n", NS});
    no.add(new String[] {vaultAdmin, "get", "secrets", "-n", "analytics"});
    yes.add(new String[] {analyticsViewer, "get", "clusters.lakehouse.dev", "-n", "analytics"});
    no.add(new String[] {analyticsViewer, "create", "clusters.lakehouse.dev", "-n", "analytics"});
    no.add(new String[] {analyticsViewer, "get", "secrets", "-n", "analytics"});
    no.add(new String[] {analyticsViewer, "get", "pods", "--subresource=log", "-n", "analytics"});
    no.add(new String[] {"--as-group=nobody", "get", "clusters.lakehouse.dev", "-n", "analytics"});

    List<String> wrong = new ArrayList<>();
    for (String[] q : yes) {
      if (!canI(q).equals("yes")) {
        wrong.add("expected yes: " + String.join(" ", q));
      }
    }
    for (String[] q : no) {
      if (!canI(q).equals("no")) {
        wrong.add("expected no: " + String.join(" ", q));
      }
    }
    // Not asserted (a finding of this suite): a Workspace whose storage is on https's default
    // port lets its engines reach TCP 443 anywhere, the API server's Service included.
    try {
      figures.put("api_server_egress_policies_in_analytics", apiServerEgress("analytics"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    figures.put("tenant_access_checks", yes.size() + no.size());
    figures.put("tenant_access_checks_wrong", wrong.size());
    assertThat(wrong).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  private void secret(String name, String... keysAndValues) {
    List<String> args = new ArrayList<>(List.of("create", "secret", "generic", name, "-n", NS));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      args.add("--from-literal=" + keysAndValues[i] + "=" + keysAndValues[i + 1]);
    }
    kubectl.ok(args.toArray(String[]::new));
  }

  /** kubectl auth can-i as a user of a group: "yes" or "no". */
  private String canI(String[] query) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i", "--as=tenant-user"));
    args.addAll(List.of(query));
    return kubectl.run(args.toArray(String[]::new)).stdout().trim();
  }

  private static void count(Map<String, Integer> hits, String where, String text, String base64) {
    int n = occurrences(text, SENTINEL) + occurrences(text, base64);
    if (n > 0) {
      hits.merge(where, n, Integer::sum);
    }
  }

  private static int occurrences(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private List<JsonNode> pods(String namespace) {
    try {
      List<JsonNode> pods = new ArrayList<>();
      JSON.readTree(kubectl.ok("get", "pods", "-n", namespace, "-o", "json"))
          .path("items")
          .forEach(pods::add);
      return pods;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String component(JsonNode pod) {
    return pod.at("/metadata/labels/app.kubernetes.io~1component").asText("none");
  }

  private static List<JsonNode> containers(JsonNode pod) {
    List<JsonNode> all = new ArrayList<>();
    pod.at("/spec/initContainers").forEach(all::add);
    pod.at("/spec/containers").forEach(all::add);
    return all;
  }

  /** A projected ServiceAccount token among the pod's volumes (what automount adds). */
  private static boolean mountsToken(JsonNode pod) {
    for (JsonNode volume : pod.at("/spec/volumes")) {
      for (JsonNode source : volume.at("/projected/sources")) {
        if (source.has("serviceAccountToken")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The NetworkPolicies of a namespace that let pods reach TCP 443 or 6443 anywhere (an egress rule
   * without peers, or with an ipBlock), by policy, with the components of the pods they select.
   */
  private Map<String, List<String>> apiServerEgress(String namespace) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<JsonNode> pods = pods(namespace);
    for (JsonNode policy :
        JSON.readTree(kubectl.ok("get", "networkpolicies", "-n", namespace, "-o", "json"))
            .path("items")) {
      boolean opens = false;
      for (JsonNode rule : policy.at("/spec/egress")) {
        boolean anywhere =
            rule.path("to").isEmpty()
                || Stream.of(rule.path("to"))
                    .flatMap(to -> java.util.stream.StreamSupport.stream(to.spliterator(), false))
                    .anyMatch(peer -> peer.has("ipBlock"));
        boolean apiPorts =
            rule.path("ports").isEmpty()
                || java.util.stream.StreamSupport.stream(rule.path("ports").spliterator(), false)
                    .anyMatch(p -> Set.of(443, 6443).contains(p.path("port").asInt()));
        opens |= anywhere && apiPorts;
      }
      if (opens) {
        JsonNode selector = policy.at("/spec/podSelector/matchLabels");
        out.put(
            policy.at("/metadata/name").asText(),
            pods.stream()
                .filter(p -> selects(selector, p))
                .map(SecurityE2ETest::component)
                .distinct()
                .sorted()
                .toList());
      }
    }
    return out;
  }

  private static boolean selects(JsonNode matchLabels, JsonNode pod) {
    JsonNode labels = pod.at("/metadata/labels");
    for (var it = matchLabels.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }
}
