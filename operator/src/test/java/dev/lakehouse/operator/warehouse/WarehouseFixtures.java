package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.api.v1alpha1.Condition;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.kube.Conditions;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test objects for the Warehouse's pure parts, written as the YAML a user would apply. */
final class WarehouseFixtures {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final String NAMESPACE = "analytics-ns";
  static final String WORKSPACE = "analytics";
  static final String UID = "5a7e0c11-wh00-4000-8000-000000000003";
  static final Instant CREATED = Instant.parse("2025-03-01T08:00:00Z");

  private WarehouseFixtures() {}

  /** A Warehouse sales in the Workspace's namespace with the given spec (YAML, not indented). */
  static Warehouse warehouse(String spec) {
    String yaml =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Warehouse
        metadata:
          name: sales
          namespace: analytics-ns
          uid: %s
          generation: 3
          creationTimestamp: "%s"
        spec:
        """
                .formatted(UID, CREATED)
            + indent(spec.isBlank() ? "{}" : spec);
    return SERIALIZATION.unmarshal(yaml, Warehouse.class);
  }

  /** A Workspace analytics with the given policy, or none when the policy is null. */
  static Workspace workspace(String policy) {
    String yaml =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: analytics}
        spec:
        """
            + (policy == null ? "  {}\n" : "  policy:\n" + indent(indent(policy)));
    return SERIALIZATION.unmarshal(yaml, Workspace.class);
  }

  /** A member of the Warehouse's fleet as built by the fleet, with no status yet. */
  static Cluster member(Warehouse warehouse, int index) {
    Cluster cluster =
        WarehouseFleet.member(
            warehouse, WORKSPACE, WarehouseFleet.memberName(warehouse, index), null);
    cluster.getMetadata().setCreationTimestamp(CREATED.plusSeconds(index).toString());
    return cluster;
  }

  /** A member whose Ready condition is True since {@code readySince}. */
  static Cluster ready(Warehouse warehouse, int index, Instant readySince) {
    Cluster cluster = member(warehouse, index);
    ClusterStatus status = new ClusterStatus();
    status.phase = "Running";
    status.conditions =
        List.of(
            new Condition("Ready", Conditions.TRUE, "Running", "ready", 1L, readySince.toString()));
    cluster.setStatus(status);
    return cluster;
  }

  static Cluster annotate(Cluster cluster, String key, String value) {
    Map<String, String> annotations =
        new HashMap<>(
            cluster.getMetadata().getAnnotations() == null
                ? Map.of()
                : cluster.getMetadata().getAnnotations());
    annotations.put(key, value);
    cluster.getMetadata().setAnnotations(annotations);
    return cluster;
  }

  static Cluster draining(Cluster cluster, Instant since) {
    return annotate(cluster, FleetMember.DRAINING, since.toString());
  }

  static Cluster deleting(Cluster cluster) {
    cluster.getMetadata().setDeletionTimestamp(CREATED.plusSeconds(3600).toString());
    return cluster;
  }

  /** A load report with only sessions, running and queued queries. */
  static SqlLoad load(int sessions, int running, int queued) {
    return new SqlLoad(sessions, running, queued, 0, 0, SqlLoad.DEFAULT_ARRIVAL_WINDOW_MS, 0, 0);
  }

  static <T> T copy(T object, Class<T> type) {
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(object), type);
  }

  private static String indent(String text) {
    return text.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }
}
