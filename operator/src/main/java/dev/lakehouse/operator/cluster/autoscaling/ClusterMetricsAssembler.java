package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.UnitPhase;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineSizes;
import dev.lakehouse.operator.engine.load.spark.SparkLoad;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Joins what Kubernetes says of the worker pods (starting, ready, leaving) with what Spark says of
 * the load (tasks, cores in use per worker) into the autoscaler's {@link ClusterMetrics}: a pure
 * function.
 */
public final class ClusterMetricsAssembler {
  /**
   * A worker that took longer than this to become ready did not just start: its Ready time says
   * nothing.
   */
  static final long MAX_PLAUSIBLE_STARTUP_MS = 15 * 60_000L;

  private ClusterMetricsAssembler() {}

  /**
   * @param desiredWorkers the workers currently asked of the Deployment
   * @param named workers the autoscaler named to go: leaving, even before the informer shows their
   *     mark
   */
  public static ClusterMetrics assemble(
      Cluster cluster,
      List<Pod> workerPods,
      SparkLoad load,
      int desiredWorkers,
      Set<String> named) {
    // The master keeps dead and decommissioned workers: when a pod IP is reused, the live entry is
    // the one.
    Map<String, SparkLoad.SparkWorkerLoad> byHost =
        load.workers().stream()
            .collect(
                Collectors.toMap(
                    SparkLoad.SparkWorkerLoad::host,
                    Function.identity(),
                    (a, b) -> alive(b) && !alive(a) ? b : a));
    List<CapacityUnit> units =
        workerPods.stream()
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .map(p -> unit(p, byHost, named.contains(p.getMetadata().getName())))
            .toList();
    long lastActivity = load.lastActivity() == null ? -1 : load.lastActivity().toEpochMilli();
    return new ClusterMetrics(
        load.observedAt().toEpochMilli(),
        EngineSizes.workerCores(EngineDescription.of(cluster)),
        desiredWorkers,
        units,
        load.runningTasks(),
        load.pendingTasks(),
        load.meanTaskMillis(),
        0,
        0,
        0,
        lastActivity);
  }

  /**
   * A pod being deleted, or marked to go, is leaving; a Ready pod is capacity; anything else is
   * still starting.
   */
  static CapacityUnit unit(Pod pod, Map<String, SparkLoad.SparkWorkerLoad> byHost, boolean named) {
    String name = pod.getMetadata().getName();
    long requested = millis(pod.getMetadata().getCreationTimestamp());
    Optional<PodCondition> ready = readyCondition(pod);
    // Spark knows workers by the address they registered with: the pod IP (the annotation source
    // uses the name).
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    SparkLoad.SparkWorkerLoad spark = byHost.getOrDefault(name, ip == null ? null : byHost.get(ip));
    // The master keeps counting cores of a decommissioned worker whose executor has left: only
    // ALIVE ones run tasks.
    int busy = spark == null || !alive(spark) ? 0 : Math.max(0, spark.coresUsed());
    if (named || PodDeletionCost.alreadyLeaving(pod)) {
      return new CapacityUnit(name, UnitPhase.DECOMMISSIONING, busy, requested, -1, -1);
    }
    if (ready.isEmpty()) {
      return CapacityUnit.starting(name, requested);
    }
    long readyAt = Math.max(requested, millis(ready.get().getLastTransitionTime()));
    // Spark does not say since when a worker is idle; the time it became ready is the earliest it
    // can be.
    long idleSince = busy == 0 ? readyAt : -1;
    // The autoscaler learns the startup delay from ready - requested: a worker that became ready
    // again after a
    // restart or a failed probe would teach it hours.
    return CapacityUnit.ready(
        name, busy, requested, firstStart(pod, requested, readyAt) ? readyAt : -1, idleSince);
  }

  /**
   * Whether the Ready time is the pod's first start: no container restarted, and not implausibly
   * late.
   */
  static boolean firstStart(Pod pod, long requested, long readyAt) {
    boolean restarted =
        pod.getStatus().getContainerStatuses() != null
            && pod.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> c.getRestartCount() != null && c.getRestartCount() > 0);
    return !restarted && readyAt - requested <= MAX_PLAUSIBLE_STARTUP_MS;
  }

  private static boolean alive(SparkLoad.SparkWorkerLoad worker) {
    return "ALIVE".equals(worker.state());
  }

  private static Optional<PodCondition> readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static long millis(String time) {
    return time == null ? 0 : Instant.parse(time).toEpochMilli();
  }
}
