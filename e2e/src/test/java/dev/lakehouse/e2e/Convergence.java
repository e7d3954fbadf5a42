package dev.lakehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.e2e.ChurnDriver.Kind;
import dev.lakehouse.e2e.ChurnDriver.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the operator made of what the churn driver asked, read from the API server: whether every
 * resource reached the state its spec asks for, with its children, and nothing else is left.
 *
 * <ul>
 *   <li>Workspaces Ready; Clusters Running and Ready, or Terminated when stopped; Warehouses
 *       Running with their fleet, or Stopped; Jobs Idle; every JobRun ended; {@code
 *       status.observedGeneration == metadata.generation} everywhere (no status stuck);
 *   <li>every run-now value a live Job was given has its run, named as the operator names it
 *       ({@code <job>-manual-<first 10 hex digits of the value's SHA-256>}), exactly once, and no
 *       Job has a run nobody asked for;
 *   <li>no child orphaned: every object labelled {@code app.kubernetes.io/managed-by:
 *       lakehouse-operator} has a controller owner reference to an object that exists (same uid);
 *   <li>no child missing: a Workspace's namespace; a Cluster's ConfigMap, driver StatefulSet and
 *       Service, workers Deployment and Service, scaled as the Cluster's state asks; a Warehouse's
 *       gateway Deployment and Service;
 *   <li>what the driver deleted is gone, and nothing stays half-deleted.
 * </ul>
 */
final class Convergence {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ENDED =
      Set.of("Succeeded", "SucceededWithFailures", "Failed", "TimedOut", "Canceled", "Skipped");

  /** Kinds of the operator's children (and their pods and ReplicaSets), by apiVersion and kind. */
  private static final List<String[]> CHILD_KINDS =
      List.of(
          new String[] {"v1", "Namespace"},
          new String[] {"v1", "ConfigMap"},
          new String[] {"v1", "Service"},
          new String[] {"v1", "ServiceAccount"},
          new String[] {"v1", "Pod"},
          new String[] {"v1", "ResourceQuota"},
          new String[] {"v1", "LimitRange"},
          new String[] {"apps/v1", "StatefulSet"},
          new String[] {"apps/v1", "Deployment"},
          new String[] {"apps/v1", "ReplicaSet"},
          new String[] {"batch/v1", "Job"},
          new String[] {"rbac.authorization.k8s.io/v1", "RoleBinding"},
          new String[] {"networking.k8s.io/v1", "NetworkPolicy"},
          new String[] {ChurnDriver.API, "Cluster"},
          new String[] {ChurnDriver.API, "JobRun"});

  /**
   * One observation.
   *
   * @param problems what is not (yet) as it should be, one line each; empty when converged
   * @param orphans managed objects whose controller owner is missing
   * @param missingChildren children a live resource should have and has not
   * @param runsRequested run-now values given to Jobs that still exist
   * @param runsFound of those, the runs that exist
   * @param runsDuplicated runs of those Jobs that no value asked for (a second run for one value
   *     cannot have the same name, so it would show up here)
   * @param runsLost values without their run
   * @param runsNotEnded runs that exist and have not ended
   */
  record Report(
      List<String> problems,
      int orphans,
      int missingChildren,
      int runsRequested,
      int runsFound,
      int runsDuplicated,
      int runsLost,
      int runsNotEnded) {
    boolean converged() {
      return problems.isEmpty();
    }

    String summary() {
      return problems.size()
          + " problem(s)"
          + (problems.isEmpty()
              ? ""
              : ": " + String.join("; ", problems.subList(0, Math.min(15, problems.size()))));
    }
  }

  private Convergence() {}

  /** Observes the control plane against what the driver asked. */
  static Report observe(KubernetesClient client, List<Resource> asked) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> workspaces = byKey(list(client, ChurnDriver.API, "Workspace"));
    Map<String, JsonNode> clusters = byKey(list(client, ChurnDriver.API, "Cluster"));
    Map<String, JsonNode> jobs = byKey(list(client, ChurnDriver.API, "Job"));
    Map<String, JsonNode> runs = byKey(list(client, ChurnDriver.API, "JobRun"));
    Map<String, JsonNode> warehouses = byKey(list(client, ChurnDriver.API, "Warehouse"));

    // Everything the operator manages, and the uids that exist.
    Map<String, JsonNode> managed = new HashMap<>();
    for (String[] kind : CHILD_KINDS) {
      for (JsonNode item : listManaged(client, kind[0], kind[1])) {
        managed.put(kind[1] + "/" + key(item), item);
      }
    }
    Set<String> uids = new HashSet<>();
    for (Map<String, JsonNode> map :
        List.of(workspaces, clusters, jobs, runs, warehouses, managed)) {
      map.values().forEach(item -> uids.add(item.at("/metadata/uid").asText()));
    }

    // What the driver asked for.
    for (Resource r : asked) {
      Map<String, JsonNode> live =
          switch (r.kind) {
            case WORKSPACE -> workspaces;
            case CLUSTER -> clusters;
            case JOB -> jobs;
            case WAREHOUSE -> warehouses;
          };
      String key = r.kind == Kind.WORKSPACE ? r.name : r.namespace + "/" + r.name;
      JsonNode item = live.get(key);
      if (r.deleted) {
        if (item != null) {
          problems.add(r + " was deleted and is still there" + deletionNote(item));
        }
        continue;
      }
      if (item == null) {
        problems.add(r + " is missing");
        continue;
      }
      if (item.at("/metadata/deletionTimestamp").isTextual()) {
        problems.add(r + " is being deleted though nobody deleted it");
      }
    }

    // Every live resource, whoever made it, against its spec.
    for (JsonNode ws : workspaces.values()) {
      if (deleting(ws)) {
        problems.add("Workspace " + key(ws) + " is still being deleted" + deletionNote(ws));
        continue;
      }
      generation("Workspace", ws, problems);
      if (!conditionTrue(ws, "Ready")) {
        problems.add("Workspace " + key(ws) + " is not Ready: " + condition(ws, "Ready"));
      }
    }
    int missing = 0;
    for (JsonNode cluster : clusters.values()) {
      String name = "Cluster " + key(cluster);
      if (deleting(cluster)) {
        problems.add(name + " is still being deleted" + deletionNote(cluster));
        continue;
      }
      generation("Cluster", cluster, problems);
      boolean stopped = "Stopped".equals(cluster.at("/spec/state").asText("Running"));
      String phase = cluster.at("/status/phase").asText("");
      if (stopped && !"Terminated".equals(phase)) {
        problems.add(name + " is stopped but " + phase);
      } else if (!stopped && (!"Running".equals(phase) || !conditionTrue(cluster, "Ready"))) {
        problems.add(name + " is " + phase + ", Ready " + condition(cluster, "Ready"));
      }
      String ns = cluster.at("/metadata/namespace").asText();
      String n = cluster.at("/metadata/name").asText();
      String uid = cluster.at("/metadata/uid").asText();
      int workers = cluster.at("/spec/workers").asInt(-1);
      missing +=
          child(managed, "ConfigMap", ns, n + "-config", uid, -1, problems)
              + child(managed, "StatefulSet", ns, n + "-driver", uid, stopped ? 0 : 1, problems)
              + child(managed, "Service", ns, n + "-driver", uid, -1, problems)
              + child(
                  managed, "Deployment", ns, n + "-workers", uid, stopped ? 0 : workers, problems)
              + child(managed, "Service", ns, n + "-workers", uid, -1, problems);
    }
    for (JsonNode warehouse : warehouses.values()) {
      String name = "Warehouse " + key(warehouse);
      if (deleting(warehouse)) {
        problems.add(name + " is still being deleted" + deletionNote(warehouse));
        continue;
      }
      generation("Warehouse", warehouse, problems);
      boolean stopped = "Stopped".equals(warehouse.at("/spec/state").asText("Running"));
      String phase = warehouse.at("/status/phase").asText("");
      String ns = warehouse.at("/metadata/namespace").asText();
      String n = warehouse.at("/metadata/name").asText();
      long fleet =
          clusters.values().stream()
              .filter(c -> c.at("/metadata/namespace").asText().equals(ns))
              .filter(c -> n.equals(c.at("/metadata/labels/lakehouse.dev~1warehouse").asText()))
              .count();
      int wanted = warehouse.at("/spec/clusters").asInt(-1);
      if (stopped && (!"Stopped".equals(phase) || fleet != 0)) {
        problems.add(name + " is stopped but " + phase + " with " + fleet + " cluster(s)");
      } else if (!stopped
          && (!"Running".equals(phase)
              || fleet != wanted
              || warehouse.at("/status/clusters").asInt(-1) != wanted)) {
        problems.add(
            name
                + " is "
                + phase
                + " with "
                + fleet
                + " cluster(s), "
                + warehouse.at("/status/clusters").asInt(-1)
                + " ready, spec.clusters "
                + wanted);
      }
      String uid = warehouse.at("/metadata/uid").asText();
      missing +=
          child(managed, "Deployment", ns, n + "-gateway", uid, -1, problems)
              + child(managed, "Service", ns, n, uid, -1, problems);
    }
    for (JsonNode ws : workspaces.values()) {
      if (deleting(ws)) {
        continue;
      }
      String namespace = ws.at("/spec/namespace").asText(ws.at("/metadata/name").asText());
      JsonNode ns = managed.get("Namespace/" + namespace);
      if (ns == null) {
        missing++;
        problems.add("Workspace " + key(ws) + " has no namespace " + namespace);
      } else if (!controlledBy(ns, ws.at("/metadata/uid").asText())) {
        problems.add("namespace " + namespace + " is not controlled by Workspace " + key(ws));
      }
    }
    for (JsonNode job : jobs.values()) {
      if (deleting(job)) {
        problems.add("Job " + key(job) + " is still being deleted" + deletionNote(job));
        continue;
      }
      generation("Job", job, problems);
      String phase = job.at("/status/phase").asText("");
      if (!"Idle".equals(phase)
          || job.at("/status/activeRuns").asInt(0) != 0
          || job.at("/status/queuedRuns").asInt(0) != 0) {
        problems.add(
            "Job "
                + key(job)
                + " is "
                + phase
                + " with "
                + job.at("/status/activeRuns").asInt(0)
                + " active and "
                + job.at("/status/queuedRuns").asInt(0)
                + " queued run(s)");
      }
    }

    // Runs: each value once, each run ended, its job cluster gone.
    int requested = 0;
    int found = 0;
    int lost = 0;
    int notEnded = 0;
    Set<String> expectedRuns = new HashSet<>();
    for (Resource r : asked) {
      if (r.kind != Kind.JOB || r.deleted || !jobs.containsKey(r.namespace + "/" + r.name)) {
        continue;
      }
      for (String value : r.requestedRuns) {
        requested++;
        String run = r.namespace + "/" + manualRunName(r.name, value);
        expectedRuns.add(run);
        if (runs.containsKey(run)) {
          found++;
        } else {
          lost++;
          problems.add(
              "no run for run-now value " + value + " of Job " + r.namespace + "/" + r.name);
        }
      }
    }
    int duplicated = 0;
    for (JsonNode run : runs.values()) {
      String key = key(run);
      if (deleting(run)) {
        problems.add("JobRun " + key + " is still being deleted" + deletionNote(run));
        continue;
      }
      String job = run.at("/spec/job").asText();
      String jobKey = run.at("/metadata/namespace").asText() + "/" + job;
      if (jobs.containsKey(jobKey) && !expectedRuns.contains(key)) {
        duplicated++;
        problems.add("JobRun " + key + " of Job " + jobKey + " was not asked for");
      }
      generation("JobRun", run, problems);
      String phase = run.at("/status/phase").asText("");
      if (!ENDED.contains(phase)) {
        notEnded++;
        problems.add("JobRun " + key + " has not ended: " + phase);
      } else if (clusters.containsKey(key)) {
        problems.add("JobRun " + key + " ended " + phase + " and its job cluster is still there");
      }
    }

    // Orphans: a managed object whose controller is gone.
    int orphans = 0;
    for (Map.Entry<String, JsonNode> entry : managed.entrySet()) {
      JsonNode item = entry.getValue();
      if (deleting(item)) {
        problems.add(entry.getKey() + " is still being deleted" + deletionNote(item));
        continue;
      }
      JsonNode controller = null;
      for (JsonNode ref : item.at("/metadata/ownerReferences")) {
        if (ref.path("controller").asBoolean(false)) {
          controller = ref;
        }
      }
      if (controller == null) {
        orphans++;
        problems.add(entry.getKey() + " has no controller owner reference");
      } else if (!uids.contains(controller.path("uid").asText())) {
        orphans++;
        problems.add(
            entry.getKey()
                + " is orphaned: its controller "
                + controller.path("kind").asText()
                + " "
                + controller.path("name").asText()
                + " ("
                + controller.path("uid").asText()
                + ") does not exist");
      }
    }
    return new Report(problems, orphans, missing, requested, found, duplicated, lost, notEnded);
  }

  /** The run the operator makes for a run-now value: see the operator's job/schedule/RunNames. */
  static String manualRunName(String job, String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return job + "-manual-" + HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int child(
      Map<String, JsonNode> managed,
      String kind,
      String namespace,
      String name,
      String ownerUid,
      int replicas,
      List<String> problems) {
    JsonNode item = managed.get(kind + "/" + namespace + "/" + name);
    if (item == null) {
      problems.add(kind + " " + namespace + "/" + name + " is missing");
      return 1;
    }
    if (!controlledBy(item, ownerUid)) {
      problems.add(kind + " " + namespace + "/" + name + " is not controlled by its owner");
    }
    if (replicas >= 0 && item.at("/spec/replicas").asInt(-1) != replicas) {
      problems.add(
          kind
              + " "
              + namespace
              + "/"
              + name
              + " has "
              + item.at("/spec/replicas").asInt(-1)
              + " replicas, not "
              + replicas);
    }
    return 0;
  }

  private static boolean controlledBy(JsonNode item, String uid) {
    for (JsonNode ref : item.at("/metadata/ownerReferences")) {
      if (ref.path("controller").asBoolean(false) && uid.equals(ref.path("uid").asText())) {
        return true;
      }
    }
    return false;
  }

  private static void generation(String kind, JsonNode item, List<String> problems) {
    long generation = item.at("/metadata/generation").asLong();
    long observed = item.at("/status/observedGeneration").asLong(-1);
    if (observed != generation) {
      problems.add(
          kind
              + " "
              + key(item)
              + " observedGeneration "
              + observed
              + " != generation "
              + generation);
    }
  }

  private static boolean conditionTrue(JsonNode item, String type) {
    for (JsonNode c : item.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  private static String condition(JsonNode item, String type) {
    for (JsonNode c : item.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c.path("status").asText() + " (" + c.path("reason").asText() + ")";
      }
    }
    return "none";
  }

  private static boolean deleting(JsonNode item) {
    return item.at("/metadata/deletionTimestamp").isTextual();
  }

  private static String deletionNote(JsonNode item) {
    return deleting(item)
        ? " (deleting since "
            + item.at("/metadata/deletionTimestamp").asText()
            + ", finalizers "
            + item.at("/metadata/finalizers")
            + ")"
        : "";
  }

  private static String key(JsonNode item) {
    String ns = item.at("/metadata/namespace").asText("");
    return (ns.isEmpty() ? "" : ns + "/") + item.at("/metadata/name").asText();
  }

  private static Map<String, JsonNode> byKey(List<JsonNode> items) {
    Map<String, JsonNode> map = new HashMap<>();
    items.forEach(item -> map.put(key(item), item));
    return map;
  }

  private static List<JsonNode> list(KubernetesClient client, String apiVersion, String kind) {
    return client
        .genericKubernetesResources(apiVersion, kind)
        .inAnyNamespace()
        .list()
        .getItems()
        .stream()
        .map(Convergence::json)
        .toList();
  }

  private static List<JsonNode> listManaged(
      KubernetesClient client, String apiVersion, String kind) {
    return client
        .genericKubernetesResources(apiVersion, kind)
        .inAnyNamespace()
        .withLabel("app.kubernetes.io/managed-by", "lakehouse-operator")
        .list()
        .getItems()
        .stream()
        .map(Convergence::json)
        .toList();
  }

  private static JsonNode json(GenericKubernetesResource resource) {
    return JSON.valueToTree(resource);
  }
}
