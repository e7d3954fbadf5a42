package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.CredentialKeys;
import dev.lakehouse.api.v1alpha1.EnvVar;
import dev.lakehouse.api.v1alpha1.Lakehouse;
import dev.lakehouse.api.v1alpha1.Policy;
import dev.lakehouse.api.v1alpha1.SecretKeyRef;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Problem;
import dev.lakehouse.operator.workspace.SecretLookup;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What admission cannot check about a Cluster: whether its runtime exists, whether it follows its
 * Workspace's policy, and whether the Secrets its environment names exist. Each problem says what
 * is wrong and what to do.
 */
public final class ClusterChecks {
  private ClusterChecks() {}

  /**
   * Whether the Secrets and keys the engines' environment takes values from ({@code spec.env}
   * secretKeyRef) exist in the Cluster's namespace: without them a node refuses to start the pods.
   */
  public static Optional<Problem> secrets(Cluster cluster, SecretLookup secrets) {
    String namespace = cluster.getMetadata().getNamespace();
    for (EnvVar env : envFromSecrets(cluster)) {
      SecretKeyRef ref = env.secretKeyRef;
      Optional<Set<String>> keys = secrets.keys(namespace, ref.name);
      String what = "spec.env " + env.name + " takes its value from Secret " + ref.name;
      if (keys.isEmpty()) {
        return Optional.of(
            new Problem(
                Reason.SecretNotFound,
                what
                    + ", which is not in namespace "
                    + namespace
                    + ": create it with key "
                    + ref.key
                    + ", or change the reference"));
      }
      if (!keys.get().contains(ref.key)) {
        return Optional.of(
            new Problem(
                Reason.SecretKeyNotFound,
                what
                    + " in namespace "
                    + namespace
                    + ", which has no key "
                    + ref.key
                    + ": add it, or change the key"));
      }
    }
    return Optional.empty();
  }

  /** The names of the Secrets {@link #secrets} looks up. */
  public static Set<String> secretNames(Cluster cluster) {
    Set<String> names = new TreeSet<>();
    envFromSecrets(cluster).forEach(e -> names.add(e.secretKeyRef.name));
    return names;
  }

  private static List<EnvVar> envFromSecrets(Cluster cluster) {
    List<EnvVar> env = cluster.getSpec() == null ? null : cluster.getSpec().env;
    return env == null
        ? List.of()
        : env.stream().filter(e -> e.secretKeyRef != null && e.secretKeyRef.name != null).toList();
  }

  public static Optional<Problem> check(
      Cluster cluster, Workspace workspace, RuntimeVersions runtimes) {
    ClusterSpec spec = cluster.getSpec();
    String runtime =
        spec.runtimeVersion == null ? runtimes.defaultRuntime().name() : spec.runtimeVersion;
    if (runtimes.find(runtime).isEmpty()) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "runtimeVersion "
                  + runtime
                  + " is not a known runtime; use "
                  + "one of "
                  + String.join(", ", runtimes.names())));
    }
    if (spec.sqlEndpoint != null && !runtimes.find(runtime).orElseThrow().hasSqlEndpoint()) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "runtime "
                  + runtime
                  + " has no JDBC/Thrift server (Spark publishes none for it): remove "
                  + "sqlEndpoint, or use a runtime with a SQL endpoint ("
                  + String.join(
                      ", ",
                      runtimes.names().stream()
                          .filter(n -> runtimes.find(n).orElseThrow().hasSqlEndpoint())
                          .toList())
                  + ")"));
    }
    // Admission refuses these since the rule exists; a Cluster stored before is not run with them
    // dropped behind its back.
    List<String> credentials =
        spec.sparkConf == null
            ? List.of()
            : spec.sparkConf.keySet().stream()
                .filter(CredentialKeys::isCredential)
                .sorted()
                .toList();
    if (!credentials.isEmpty()) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "sparkConf "
                  + String.join(", ", credentials)
                  + (credentials.size() == 1 ? " looks" : " look")
                  + " like a credential: remove it and take the value from a Secret (spec.env with "
                  + "secretKeyRef, or the Workspace's credentials)"));
    }
    Policy policy = workspace.getSpec() == null ? null : workspace.getSpec().policy;
    if (policy == null) {
      return Optional.empty();
    }
    List<String> violations = new ArrayList<>();
    int maxWorkers =
        spec.autoscale != null
            ? spec.autoscale.maxWorkers
            : spec.workers == null ? 0 : spec.workers;
    if (policy.maxWorkersPerCluster != null && maxWorkers > policy.maxWorkersPerCluster) {
      violations.add(
          (spec.autoscale != null ? "autoscale.maxWorkers " : "workers ")
              + maxWorkers
              + " exceeds the Workspace's maxWorkersPerCluster "
              + policy.maxWorkersPerCluster);
    }
    if (policy.maxCoresPerNode != null) {
      checkCores(
          "driver",
          spec.driver == null ? null : spec.driver.cores,
          policy.maxCoresPerNode,
          violations);
      checkCores(
          "worker",
          spec.worker == null ? null : spec.worker.cores,
          policy.maxCoresPerNode,
          violations);
    }
    if (policy.maxMemoryPerNode != null) {
      checkMemory(
          "driver",
          spec.driver == null ? null : spec.driver.memory,
          policy.maxMemoryPerNode,
          violations);
      checkMemory(
          "worker",
          spec.worker == null ? null : spec.worker.memory,
          policy.maxMemoryPerNode,
          violations);
    }
    // A Warehouse's clusters stop with their Warehouse, whose autoStopMinutes the policy bounds.
    if (policy.maxAutoTerminationMinutes != null && !inWarehouseFleet(cluster)) {
      int minutes =
          spec.autoTerminationMinutes == null
              ? Integer.parseInt(ClusterSpec.DEFAULT_AUTO_TERMINATION_MINUTES)
              : spec.autoTerminationMinutes;
      if (minutes == 0 || minutes > policy.maxAutoTerminationMinutes) {
        violations.add(
            "autoTerminationMinutes "
                + (minutes == 0 ? "0 (never)" : minutes)
                + " is not allowed: the "
                + "Workspace requires auto-termination within "
                + policy.maxAutoTerminationMinutes
                + " minutes");
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
                + " (change the Cluster, or ask the Workspace's admins to change spec.policy)"));
  }

  private static void checkCores(String node, Integer cores, int max, List<String> violations) {
    if (cores != null && cores > max) {
      violations.add(node + ".cores " + cores + " exceeds the Workspace's maxCoresPerNode " + max);
    }
  }

  private static void checkMemory(String node, String memory, String max, List<String> violations) {
    if (memory != null
        && Quantity.getAmountInBytes(new Quantity(memory))
                .compareTo(Quantity.getAmountInBytes(new Quantity(max)))
            > 0) {
      violations.add(
          node + ".memory " + memory + " exceeds the Workspace's maxMemoryPerNode " + max);
    }
  }

  /**
   * A cluster of a Warehouse's fleet: controlled by a lakehouse.dev Warehouse and labelled with it.
   * A hand-made Cluster cannot claim the exemption with a label alone.
   */
  static boolean inWarehouseFleet(Cluster cluster) {
    var labels = cluster.getMetadata().getLabels();
    String warehouse = labels == null ? null : labels.get(Labels.WAREHOUSE);
    return warehouse != null
        && cluster.getMetadata().getOwnerReferences() != null
        && cluster.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                r ->
                    Boolean.TRUE.equals(r.getController())
                        && "Warehouse".equals(r.getKind())
                        && warehouse.equals(r.getName())
                        && r.getApiVersion() != null
                        && r.getApiVersion().startsWith(Lakehouse.GROUP + "/"));
  }
}
