package dev.lakehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an operator upgrade must leave as it was in a namespace of engines: every child object (the
 * same uid: nothing recreated), every workload's pod template (the same generation and hashes:
 * nothing rolled) and every Cluster's status (phase, workers, Ready and when it became so).
 *
 * @param children "kind/name" of every object labelled with its Cluster, to its uid
 * @param templates "kind/name" of every StatefulSet and Deployment, to its generation and its pod
 *     template's configuration and template hashes
 * @param statuses every Cluster's name to its phase, workers and Ready condition
 */
record EngineSnapshot(
    Map<String, String> children, Map<String, String> templates, Map<String, String> statuses) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Kinds of the operator's engine children (pods included: a restarted pod is a new uid). */
  private static final String CHILD_KINDS =
      "pods,services,configmaps,statefulsets.apps,deployments.apps,replicasets.apps,"
          + "poddisruptionbudgets.policy,networkpolicies.networking.k8s.io";

  static EngineSnapshot read(Kubectl kubectl, String namespace) {
    Map<String, String> children = new TreeMap<>();
    Map<String, String> templates = new TreeMap<>();
    for (JsonNode item :
        items(kubectl, "get", CHILD_KINDS, "-n", namespace, "-l", "lakehouse.dev/cluster")) {
      String key = item.path("kind").asText() + "/" + item.path("metadata").path("name").asText();
      children.put(key, item.path("metadata").path("uid").asText());
      String kind = item.path("kind").asText();
      if (kind.equals("StatefulSet") || kind.equals("Deployment")) {
        JsonNode annotations =
            item.path("spec").path("template").path("metadata").path("annotations");
        templates.put(
            key,
            "generation "
                + item.path("metadata").path("generation").asText()
                + ", config "
                + annotations.path("lakehouse.dev/config-hash").asText()
                + ", template "
                + annotations.path("lakehouse.dev/template-hash").asText());
      }
    }
    Map<String, String> statuses = new TreeMap<>();
    for (JsonNode cluster : items(kubectl, "get", "clusters.lakehouse.dev", "-n", namespace)) {
      JsonNode status = cluster.path("status");
      String ready = "no Ready condition";
      for (JsonNode condition : status.path("conditions")) {
        if (condition.path("type").asText().equals("Ready")) {
          ready =
              "Ready "
                  + condition.path("status").asText()
                  + " since "
                  + condition.path("lastTransitionTime").asText();
        }
      }
      statuses.put(
          cluster.path("metadata").path("name").asText(),
          status.path("phase").asText()
              + ", workers "
              + status.path("workers").asText()
              + ", "
              + ready
              + ", observed generation "
              + status.path("observedGeneration").asText());
    }
    return new EngineSnapshot(children, templates, statuses);
  }

  /** Pods in the snapshot. */
  long pods() {
    return children.keySet().stream().filter(k -> k.startsWith("Pod/")).count();
  }

  /** Each difference from {@code before} to this snapshot, one line each; empty when none. */
  List<String> changesSince(EngineSnapshot before) {
    List<String> changes = new ArrayList<>();
    compare("child", before.children, children, changes);
    compare("pod template", before.templates, templates, changes);
    compare("Cluster status", before.statuses, statuses, changes);
    return changes;
  }

  private static void compare(
      String what, Map<String, String> before, Map<String, String> after, List<String> changes) {
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      String was = before.get(key);
      String is = after.get(key);
      if (!Objects.equals(was, is)) {
        changes.add(
            what
                + " "
                + key
                + ": "
                + (was == null ? "(none)" : was)
                + " -> "
                + (is == null ? "(gone)" : is));
      }
    }
  }

  private static List<JsonNode> items(Kubectl kubectl, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "-o";
    all[args.length + 1] = "json";
    try {
      List<JsonNode> items = new ArrayList<>();
      JSON.readTree(kubectl.ok(all)).path("items").forEach(items::add);
      return items;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
