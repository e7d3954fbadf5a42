package dev.lakehouse.e2e;

import static dev.lakehouse.e2e.OperatorStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testing.AuditLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two shards of the operator on one control plane (docs/operator.md#sharding), each started as a
 * release of the chart with its shard.name runs it: its own ServiceAccount and RBAC, its selector
 * (lakehouse.dev/shard=a or b), its own Lease. A Workspace with a Cluster, a Job run and a
 * Warehouse in each shard become Ready, each reconciled by its own shard; the API server's audit
 * log shows that neither shard's ServiceAccount wrote an object of the other shard, nor their
 * children; resources that no shard selects (an unlabelled Workspace, an unlabelled Cluster) are
 * left alone; and a Cluster labelled for shard b in shard a's Workspace is told it has no Workspace
 * in its shard, and nothing is started for it, as documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardingE2ETest {
  static final List<String> SHARDS = List.of("a", "b");
  static final String SHARD_LABEL = "lakehouse.dev/shard";
  static final List<String> LAKEHOUSE_KINDS =
      List.of("workspaces", "clusters", "jobs", "jobruns", "warehouses");
  static final ObjectMapper JSON = new ObjectMapper();

  OperatorStack stack;
  Kubectl kubectl;
  AuditLog audit;
  long mark;

  @BeforeAll
  void start() throws IOException {
    stack = OperatorStack.prepare("lakehouse-e2e-shards", OperatorStack.ANNOTATION_SOURCES);
    kubectl = stack.kubectl();
    audit = new AuditLog(stack.controlPlane().auditLog());
    mark = audit.mark();
    List<OperatorProcess> shards = new ArrayList<>();
    for (String shard : SHARDS) {
      shards.add(stack.launchShard(shard, Map.of()));
    }
    for (OperatorProcess shard : shards) {
      shard.awaitReady(Duration.ofSeconds(90));
    }
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void twoShardsReconcileTheirOwnResourcesAndNeverWriteTheOthers() throws IOException {
    // What no shard selects: an unlabelled Workspace, applied first so both shards had every
    // chance to touch it by the time their own resources are Ready.
    kubectl.apply(workspace("loose", null));
    for (String shard : SHARDS) {
      kubectl.apply(workspace(namespaceOf(shard), shard));
    }
    // Engines once their Workspace is Ready: the quota controller has counted the Workspace's
    // quota by then, and until it has the API server refuses to create a Cluster.
    for (String shard : SHARDS) {
      String ns = namespaceOf(shard);
      kubectl.ok(
          "wait", "--for=condition=Ready", "--timeout=120s", "workspaces.lakehouse.dev/" + ns);
      kubectl.apply(engines(ns, shard));
      // An unlabelled Cluster in a shard's Workspace: in no shard.
      kubectl.apply(cluster(ns, "loose", null));
    }
    // A Cluster of shard b in shard a's Workspace: b reconciles it, but finds no Workspace of its
    // own there and says so; it starts nothing in a's namespace.
    kubectl.apply(cluster(namespaceOf("a"), "stray", "b"));
    for (String shard : SHARDS) {
      String ns = namespaceOf(shard);
      kubectl.ok(
          "wait",
          "--for=condition=Ready",
          "--timeout=120s",
          "-n",
          ns,
          "clusters.lakehouse.dev/etl",
          "warehouses.lakehouse.dev/bi");
      kubectl.ok("annotate", "jobs.lakehouse.dev/nightly", "-n", ns, "lakehouse.dev/run-now=1");
    }
    for (String shard : SHARDS) {
      String ns = namespaceOf(shard);
      await(
          "the run of nightly in " + ns + " Succeeded",
          () ->
              kubectl
                  .ok(
                      "get",
                      "jobruns.lakehouse.dev",
                      "-n",
                      ns,
                      "-l",
                      "lakehouse.dev/job=nightly",
                      "-o",
                      "jsonpath={.items[*].status.phase}")
                  .trim()
                  .equals("Succeeded"));
    }

    String stray = "clusters.lakehouse.dev/stray";
    await(
        "the stray Cluster's Ready condition",
        () ->
            !kubectl
                .jsonpath(
                    stray, namespaceOf("a"), ".status.conditions[?(@.type==\"Ready\")].reason")
                .isEmpty());
    assertThat(
            kubectl.jsonpath(
                stray, namespaceOf("a"), ".status.conditions[?(@.type==\"Ready\")].reason"))
        .isEqualTo("WorkspaceNotFound");
    assertThat(
            kubectl.jsonpath(
                stray, namespaceOf("a"), ".status.conditions[?(@.type==\"Ready\")].message"))
        .contains("no Workspace of this operator's shard (lakehouse.dev/shard=b)");
    assertThat(kubectl.run("get", "statefulset/stray-driver", "-n", namespaceOf("a")).succeeded())
        .isFalse();

    // The audit log: every write by a shard's ServiceAccount was to an object of that shard.
    Map<String, String> shardOfObject = lakehouseObjectShards();
    List<JsonNode> writes = audit.operatorWrites(mark, e -> true);
    Map<String, Integer> writesByShard = new TreeMap<>();
    java.util.Set<String> written = new java.util.HashSet<>();
    List<String> foreign = new ArrayList<>();
    for (JsonNode write : writes) {
      if (write.path("objectRef").path("resource").asText().endsWith("reviews")) {
        continue; // access reviews: questions asked with a create, nothing stored
      }
      String writer = writerShard(write);
      String owner = ownerShard(write.path("objectRef"), shardOfObject);
      writesByShard.merge(writer, 1, Integer::sum);
      written.add(writer + " " + describe(write.path("objectRef")));
      if (!writer.equals(owner)) {
        foreign.add(
            "shard "
                + writer
                + " "
                + write.path("verb").asText()
                + " "
                + describe(write.path("objectRef"))
                + " (of shard "
                + (owner.isEmpty() ? "none" : owner)
                + ")");
      }
    }
    System.out.println("[shards] operator writes by shard: " + writesByShard);
    assertThat(foreign).as("writes to objects of another shard or of none").isEmpty();
    assertThat(writesByShard.keySet()).containsExactlyInAnyOrderElementsOf(SHARDS);
    for (String shard : SHARDS) {
      String ns = namespaceOf(shard);
      assertThat(written)
          .as("each resource's status written by its own shard")
          .contains(
              shard + " workspaces/status -/" + ns,
              shard + " clusters/status " + ns + "/etl",
              shard + " jobs/status " + ns + "/nightly",
              shard + " warehouses/status " + ns + "/bi");
    }

    // What the operator created carries its owner's shard: the fleet's Cluster, the run, children.
    for (String shard : SHARDS) {
      String ns = namespaceOf(shard);
      assertThat(labelsOf("namespace/" + ns, "default")).containsEntry(SHARD_LABEL, shard);
      assertThat(
              kubectl
                  .ok(
                      "get",
                      "clusters.lakehouse.dev,jobruns.lakehouse.dev,statefulsets,deployments,services,"
                          + "configmaps,jobs.batch,rolebindings,serviceaccounts,resourcequotas,"
                          + "limitranges,networkpolicies",
                      "-n",
                      ns,
                      "-l",
                      "app.kubernetes.io/managed-by=lakehouse-operator,!" + SHARD_LABEL,
                      "-o",
                      "name")
                  .trim())
          .as("objects the operator made in " + ns + " without the shard label")
          .isEmpty();
      assertThat(
              kubectl
                  .ok(
                      "get",
                      "clusters.lakehouse.dev",
                      "-n",
                      ns,
                      "-l",
                      "lakehouse.dev/warehouse=bi," + SHARD_LABEL + "=" + shard,
                      "-o",
                      "name")
                  .trim())
          .as("the Warehouse's fleet in its shard")
          .isNotEmpty();
    }

    // Unlabelled: reconciled by no shard, so untouched (no status, no namespace made for it).
    assertThat(kubectl.jsonpath("workspaces.lakehouse.dev/loose", "default", ".status")).isEmpty();
    assertThat(kubectl.run("get", "namespace", "loose").succeeded()).isFalse();
    for (String shard : SHARDS) {
      assertThat(kubectl.jsonpath("clusters.lakehouse.dev/loose", namespaceOf(shard), ".status"))
          .isEmpty();
    }
  }

  /** The shard whose ServiceAccount made a write: lakehouse-operator-&lt;shard&gt;. */
  private static String writerShard(JsonNode write) {
    String user = write.path("user").path("username").asText();
    String prefix = "system:serviceaccount:" + OperatorStack.OPERATOR_NS + ":lakehouse-operator-";
    assertThat(user).as("the operators run under their shard's ServiceAccount").startsWith(prefix);
    return user.substring(prefix.length());
  }

  /**
   * The shard an object written belongs to: a lakehouse resource's label; an Event's, the object it
   * is about (named before its last dot); a Lease's, its name; a namespace's or any other child's,
   * its Workspace namespace's. Empty: no shard.
   */
  private static String ownerShard(JsonNode ref, Map<String, String> shardOfObject) {
    String resource = ref.path("resource").asText();
    String namespace = ref.path("namespace").asText("");
    String name = ref.path("name").asText("");
    if ("lakehouse.dev".equals(ref.path("apiGroup").asText())) {
      return shardOfObject.getOrDefault(resource + "/" + namespace + "/" + name, "");
    }
    if ("events".equals(resource)) {
      String about = name.substring(0, Math.max(0, name.lastIndexOf('.')));
      for (String kind : LAKEHOUSE_KINDS) {
        String key = kind + "/" + ("default".equals(namespace) ? "" : namespace) + "/" + about;
        if (shardOfObject.containsKey(key)) {
          return shardOfObject.get(key);
        }
      }
      return "";
    }
    if ("leases".equals(resource)) {
      return name.startsWith("lakehouse-operator-")
          ? name.substring("lakehouse-operator-".length())
          : "";
    }
    String workspaceNamespace = "namespaces".equals(resource) ? name : namespace;
    for (String shard : SHARDS) {
      if (namespaceOf(shard).equals(workspaceNamespace)) {
        return shard;
      }
    }
    return "";
  }

  /** Every lakehouse resource now, as kind/namespace/name, with its shard label ("" if none). */
  private Map<String, String> lakehouseObjectShards() {
    Map<String, String> shards = new HashMap<>();
    for (String kind : LAKEHOUSE_KINDS) {
      JsonNode items =
          json(kubectl.ok("get", kind + ".lakehouse.dev", "-A", "-o", "json")).path("items");
      for (JsonNode item : items) {
        JsonNode metadata = item.path("metadata");
        shards.put(
            kind
                + "/"
                + metadata.path("namespace").asText("")
                + "/"
                + metadata.path("name").asText(),
            metadata.path("labels").path(SHARD_LABEL).asText(""));
      }
    }
    return shards;
  }

  private Map<String, String> labelsOf(String resource, String namespace) {
    Map<String, String> labels = new HashMap<>();
    json(kubectl.ok("get", resource, "-n", namespace, "-o", "json"))
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static String describe(JsonNode ref) {
    String sub = ref.path("subresource").asText("");
    return ref.path("resource").asText()
        + (sub.isEmpty() ? "" : "/" + sub)
        + " "
        + (ref.path("namespace").asText("").isEmpty() ? "-" : ref.path("namespace").asText())
        + "/"
        + ref.path("name").asText();
  }

  private static String namespaceOf(String shard) {
    return "shard-" + shard;
  }

  private static String labels(String shard) {
    return shard == null ? "" : "\n  labels: {" + SHARD_LABEL + ": " + shard + "}";
  }

  /** A Workspace owning the namespace of its name. */
  private static String workspace(String name, String shard) {
    return """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata:
          name: %s%s
        spec:
          namespace: %s
          quota: {cpu: "64", memory: 256Gi, clusters: 10}
        """
        .formatted(name, labels(shard), name);
  }

  private static String cluster(String namespace, String name, String shard) {
    return """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata:
          name: %s
          namespace: %s%s
        spec:
          runtimeVersion: spark-3.5
          workers: 1
          driver: {cores: 1, memory: 2Gi}
          worker: {cores: 1, memory: 2Gi}
          autoTerminationMinutes: 30
        """
        .formatted(name, namespace, labels(shard));
  }

  /** A shard's engines: a Cluster, a Job on it, and a Warehouse of one cluster. */
  private static String engines(String namespace, String shard) {
    return cluster(namespace, "etl", shard)
        + """
        ---
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata:
          name: nightly
          namespace: %s%s
        spec:
          existingCluster: etl
          tasks:
            - key: count
              sql: {query: SELECT 1}
        ---
        apiVersion: lakehouse.dev/v1alpha1
        kind: Warehouse
        metadata:
          name: bi
          namespace: %s%s
        spec:
          size: Small
          minClusters: 1
          maxClusters: 1
          autoStopMinutes: 15
        """
            .formatted(namespace, labels(shard), namespace, labels(shard));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
