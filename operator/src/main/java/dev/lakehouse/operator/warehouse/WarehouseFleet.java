package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.DriverSpec;
import dev.lakehouse.api.v1alpha1.SqlEndpoint;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseSpec;
import dev.lakehouse.api.v1alpha1.WorkerSpec;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Warehouse's fleet: its clusters, named {@code <warehouse>-<n>}, as pure functions. A new
 * cluster takes the smallest free number, so names stay short and a cluster created twice from a
 * stale cache is the same object (server-side apply makes the second create an update).
 */
public final class WarehouseFleet {
  private WarehouseFleet() {}

  /** The fleet as observed, ordered by number. */
  public static List<FleetMember> observe(Collection<Cluster> clusters) {
    return clusters.stream()
        .map(FleetMember::of)
        .sorted(Comparator.comparingInt(FleetMember::index))
        .toList();
  }

  public static String memberName(Warehouse warehouse, int index) {
    return warehouse.getMetadata().getName() + "-" + index;
  }

  /** The number of a member named {@code <warehouse>-<n>}; 0 when the name has none. */
  static int indexOf(String name) {
    int dash = name.lastIndexOf('-');
    try {
      return dash < 0 ? 0 : Integer.parseInt(name.substring(dash + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Names for {@code count} new clusters: the smallest numbers no observed cluster has. */
  public static List<String> newNames(Warehouse warehouse, List<FleetMember> members, int count) {
    Set<Integer> taken = new HashSet<>();
    members.forEach(m -> taken.add(m.index()));
    List<String> names = new ArrayList<>();
    for (int i = 1; names.size() < count; i++) {
      if (!taken.contains(i)) {
        names.add(memberName(warehouse, i));
      }
    }
    return names;
  }

  /**
   * One cluster of the fleet as the Warehouse wants it: its size's driver and workers, the SQL
   * endpoint with the Warehouse's concurrency, the Warehouse's runtime, Spark properties and pod
   * placement. It never stops by itself: the Warehouse's autoscaler stops the fleet.
   *
   * @param drainingSince when it was told to drain, or null while it takes connections
   */
  public static Cluster member(
      Warehouse warehouse, String workspace, String name, Instant drainingSince) {
    WarehouseSpec spec = warehouse.getSpec();
    WarehouseSizes.ClusterShape shape = WarehouseSizes.of(spec.size);
    ClusterSpec cluster = new ClusterSpec();
    cluster.runtimeVersion = spec.runtimeVersion;
    cluster.driver = new DriverSpec();
    cluster.driver.cores = shape.driverCores();
    cluster.driver.memory = shape.driverMemory();
    cluster.worker = new WorkerSpec();
    cluster.worker.cores = WarehouseSizes.WORKER_CORES;
    cluster.worker.memory = WarehouseSizes.WORKER_MEMORY;
    cluster.workers = shape.workers();
    cluster.autoTerminationMinutes = 0;
    cluster.state = State.Running;
    cluster.sparkConf = spec.sparkConf;
    cluster.pod = spec.pod;
    cluster.sqlEndpoint =
        new SqlEndpoint(
            Optional.ofNullable(spec.maxConcurrentQueriesPerCluster)
                .orElse(Integer.parseInt(SqlEndpoint.DEFAULT_MAX_CONCURRENT_QUERIES)));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (drainingSince != null) {
      annotations.put(FleetMember.DRAINING, drainingSince.toString());
    }
    Cluster member = new Cluster();
    member.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(warehouse.getMetadata().getNamespace())
            .withLabels(labels(workspace, warehouse))
            .withAnnotations(annotations.isEmpty() ? null : annotations)
            .withOwnerReferences(Owners.controlledBy(warehouse))
            .build());
    member.setSpec(cluster);
    return member;
  }

  static Map<String, String> labels(String workspace, Warehouse warehouse) {
    Map<String, String> labels = Labels.ofWorkspace(workspace);
    labels.put(Labels.WAREHOUSE, warehouse.getMetadata().getName());
    return labels;
  }

  /** The selector of the fleet's clusters, as the scale subresource reports it. */
  public static String selector(Warehouse warehouse) {
    return Labels.asSelectorString(Map.of(Labels.WAREHOUSE, warehouse.getMetadata().getName()));
  }
}
