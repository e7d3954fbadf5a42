package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Policy;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseSize;
import dev.lakehouse.api.v1alpha1.WarehouseSpec;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What admission cannot check about a Warehouse: whether its runtime serves SQL, and whether its
 * size, auto-stop and runtime follow its Workspace's policy. Each problem says what to do.
 */
public final class WarehouseChecks {
  private WarehouseChecks() {}

  public static Optional<Problem> check(
      Warehouse warehouse, Workspace workspace, RuntimeVersions runtimes) {
    WarehouseSpec spec = warehouse.getSpec();
    String runtime =
        spec.runtimeVersion == null ? runtimes.defaultRuntime().name() : spec.runtimeVersion;
    List<String> withSql =
        runtimes.names().stream()
            .filter(n -> runtimes.find(n).orElseThrow().hasSqlEndpoint())
            .toList();
    if (runtimes.find(runtime).isEmpty()) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "runtimeVersion "
                  + runtime
                  + " is not a known runtime; use one of "
                  + String.join(", ", withSql)));
    }
    if (!runtimes.find(runtime).orElseThrow().hasSqlEndpoint()) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "runtime "
                  + runtime
                  + " has no JDBC/Thrift server (Spark publishes none for it), so it cannot "
                  + "serve a Warehouse; use "
                  + String.join(", ", withSql)));
    }
    Policy policy = workspace.getSpec() == null ? null : workspace.getSpec().policy;
    if (policy == null) {
      return Optional.empty();
    }
    List<String> violations = new ArrayList<>();
    WarehouseSize size = spec.size == null ? WarehouseSize.SMALL : spec.size;
    String sizeName = WarehouseSizes.label(size);
    if (policy.allowedWarehouseSizes != null
        && !policy.allowedWarehouseSizes.isEmpty()
        && !policy.allowedWarehouseSizes.contains(size)) {
      violations.add(
          "size "
              + sizeName
              + " is not allowed in this Workspace; allowed: "
              + String.join(
                  ", ", policy.allowedWarehouseSizes.stream().map(WarehouseSizes::label).toList()));
    }
    WarehouseSizes.ClusterShape shape = WarehouseSizes.of(size);
    if (policy.maxWorkersPerCluster != null && shape.workers() > policy.maxWorkersPerCluster) {
      violations.add(
          "size "
              + sizeName
              + " has "
              + shape.workers()
              + " workers per cluster, more than the Workspace's maxWorkersPerCluster "
              + policy.maxWorkersPerCluster);
    }
    int cores = Math.max(shape.driverCores(), WarehouseSizes.WORKER_CORES);
    if (policy.maxCoresPerNode != null && cores > policy.maxCoresPerNode) {
      violations.add(
          "size "
              + sizeName
              + " needs "
              + cores
              + " cores per node, more than the Workspace's maxCoresPerNode "
              + policy.maxCoresPerNode);
    }
    if (policy.maxMemoryPerNode != null
        && Quantity.getAmountInBytes(new Quantity(shape.driverMemory()))
                .compareTo(Quantity.getAmountInBytes(new Quantity(policy.maxMemoryPerNode)))
            > 0) {
      violations.add(
          "size "
              + sizeName
              + " needs "
              + shape.driverMemory()
              + " per node, more than the Workspace's maxMemoryPerNode "
              + policy.maxMemoryPerNode);
    }
    if (policy.maxAutoTerminationMinutes != null) {
      int minutes = spec.autoStopMinutes == null ? 10 : spec.autoStopMinutes;
      if (minutes == 0 || minutes > policy.maxAutoTerminationMinutes) {
        violations.add(
            "autoStopMinutes "
                + (minutes == 0 ? "0 (never)" : minutes)
                + " is not allowed: the Workspace requires stopping within "
                + policy.maxAutoTerminationMinutes
                + " idle minutes");
      }
    }
    if (policy.allowedRuntimeVersions != null
        && !policy.allowedRuntimeVersions.isEmpty()
        && !policy.allowedRuntimeVersions.contains(runtime)) {
      violations.add(
          "runtimeVersion "
              + runtime
              + " is not allowed in this Workspace; allowed: "
              + String.join(", ", policy.allowedRuntimeVersions));
    }
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            Reason.PolicyViolation,
            String.join("; ", violations)
                + " (change the Warehouse, or ask the Workspace's admins to change spec.policy)"));
  }
}
