package dev.lakehouse.autoscaler.bench;

import dev.lakehouse.autoscaler.baseline.HpaQueueLength;
import dev.lakehouse.autoscaler.baseline.OptimizedAutoscaling;
import dev.lakehouse.autoscaler.baseline.SparkDynamicAllocation;
import dev.lakehouse.autoscaler.baseline.StandardAutoscaling;
import dev.lakehouse.autoscaler.baseline.StaticSize;
import dev.lakehouse.autoscaler.baseline.WarehouseRules;
import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.policy.cluster.ClusterKind;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicy;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicyConfig;
import dev.lakehouse.autoscaler.policy.warehouse.WarehousePolicy;
import dev.lakehouse.autoscaler.policy.warehouse.WarehousePolicyConfig;
import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.service.Autoscaler;
import dev.lakehouse.autoscaler.service.InMemoryStateStore;
import dev.lakehouse.autoscaler.sim.Placement;
import dev.lakehouse.autoscaler.sim.RunResult;
import dev.lakehouse.autoscaler.sim.SimConfig;
import dev.lakehouse.autoscaler.sim.Simulation;
import dev.lakehouse.autoscaler.sim.Trace;
import dev.lakehouse.autoscaler.sim.workload.ClusterWorkloads;
import dev.lakehouse.autoscaler.sim.workload.WarehouseWorkloads;
import java.util.List;
import java.util.Optional;

/**
 * Runs one policy on one trace through the same service and ports the operator uses: the simulation
 * is the metrics source, the realizer and the clock; state lives in an in-memory store.
 */
public final class ScenarioRunner {
  /** How long a removed unit stays billed (block migration, pod termination). */
  public static final long DECOMMISSION_MS = 15_000L;

  /**
   * Evaluation interval of our policies and of the managed-platform baselines (the operator's
   * requeue).
   */
  public static final long CLUSTER_INTERVAL_MS = 5_000L;

  public static final long WAREHOUSE_INTERVAL_MS = 10_000L;

  /**
   * Evaluation interval of our Cluster policy: the operator requeues a Cluster with autoscaling on
   * every 2 s (one metrics scrape per evaluation; status is written only when something changed).
   * The managed-platform baselines keep {@link #CLUSTER_INTERVAL_MS}.
   */
  public static final long OURS_CLUSTER_INTERVAL_MS = 2_000L;

  /** Spark's allocation manager polls every 100 ms; the HPA controller syncs every 15 s. */
  public static final long DRA_INTERVAL_MS = 100L;

  public static final long HPA_INTERVAL_MS = 15_000L;
  public static final long AUTO_STOP_MS = 600_000L;

  private ScenarioRunner() {}

  public static List<PolicyKind> clusterPolicies() {
    return List.of(
        PolicyKind.OURS,
        PolicyKind.STATIC_MIN,
        PolicyKind.STATIC_MAX,
        PolicyKind.SPARK_DRA,
        PolicyKind.STANDARD,
        PolicyKind.OPTIMIZED,
        PolicyKind.HPA_QUEUE);
  }

  public static List<PolicyKind> warehousePolicies() {
    return List.of(
        PolicyKind.OURS,
        PolicyKind.STATIC_MIN,
        PolicyKind.STATIC_MAX,
        PolicyKind.WAREHOUSE_RULES,
        PolicyKind.HPA_QUEUE);
  }

  public static SimConfig clusterConfig(long startupMs, long seed) {
    return new SimConfig(
        ClusterWorkloads.SLOTS_PER_WORKER,
        startupMs,
        DECOMMISSION_MS,
        ClusterWorkloads.MIN_WORKERS,
        Placement.SPREAD_RANDOM,
        seed,
        120_000L,
        300_000L);
  }

  public static SimConfig warehouseConfig(long startupMs, long seed) {
    return new SimConfig(
        WarehouseWorkloads.QUERIES_PER_CLUSTER,
        startupMs,
        DECOMMISSION_MS,
        WarehouseWorkloads.MIN_CLUSTERS,
        Placement.LEAST_LOADED,
        seed,
        120_000L,
        300_000L);
  }

  public static RunResult runCluster(PolicyKind kind, Trace trace, SimConfig base) {
    int min = ClusterWorkloads.MIN_WORKERS;
    int max = ClusterWorkloads.MAX_WORKERS;
    SimConfig config =
        kind == PolicyKind.STATIC_MAX ? base.withInitialUnits(max) : base.withInitialUnits(min);
    ScalingPolicy<ClusterMetrics> policy =
        switch (kind) {
          case OURS ->
              new ClusterPolicy(ClusterPolicyConfig.defaults(ClusterKind.INTERACTIVE, min, max));
          case STATIC_MIN -> StaticSize.cluster(min);
          case STATIC_MAX -> StaticSize.cluster(max);
          case SPARK_DRA -> new SparkDynamicAllocation(min, max);
          case STANDARD -> new StandardAutoscaling(min, max);
          case OPTIMIZED -> new OptimizedAutoscaling(min, max, ClusterKind.INTERACTIVE);
          case HPA_QUEUE -> HpaQueueLength.cluster(min, max, base.slotsPerUnit());
          default -> throw new IllegalArgumentException(kind + " is not a cluster policy");
        };
    long interval =
        switch (kind) {
          case SPARK_DRA -> DRA_INTERVAL_MS;
          case HPA_QUEUE -> HPA_INTERVAL_MS;
          case OURS -> OURS_CLUSTER_INTERVAL_MS;
          default -> CLUSTER_INTERVAL_MS;
        };
    Simulation sim = new Simulation(config, trace);
    Autoscaler<ClusterMetrics> autoscaler =
        new Autoscaler<>(
            t -> Optional.of(sim.clusterMetrics()),
            (t, desired, names) -> sim.apply(desired, names),
            new InMemoryStateStore(),
            (t, d) -> {},
            sim::now);
    ScalingTarget target = new ScalingTarget("bench", trace.name());
    sim.every(interval, () -> autoscaler.reconcile(target, policy));
    return sim.run();
  }

  public static RunResult runWarehouse(PolicyKind kind, Trace trace, SimConfig base) {
    int min = WarehouseWorkloads.MIN_CLUSTERS;
    int max = WarehouseWorkloads.MAX_CLUSTERS;
    SimConfig config =
        kind == PolicyKind.STATIC_MAX ? base.withInitialUnits(max) : base.withInitialUnits(min);
    ScalingPolicy<WarehouseMetrics> policy =
        switch (kind) {
          case OURS ->
              new WarehousePolicy(
                  WarehousePolicyConfig.defaults(min, max).withAutoStopMs(AUTO_STOP_MS));
          case STATIC_MIN -> StaticSize.warehouse(min);
          case STATIC_MAX -> StaticSize.warehouse(max);
          case WAREHOUSE_RULES -> new WarehouseRules(min, max, AUTO_STOP_MS);
          case HPA_QUEUE -> HpaQueueLength.warehouse(min, max, base.slotsPerUnit());
          default -> throw new IllegalArgumentException(kind + " is not a warehouse policy");
        };
    long interval = kind == PolicyKind.HPA_QUEUE ? HPA_INTERVAL_MS : WAREHOUSE_INTERVAL_MS;
    Simulation sim = new Simulation(config, trace);
    Autoscaler<WarehouseMetrics> autoscaler =
        new Autoscaler<>(
            t -> Optional.of(sim.warehouseMetrics()),
            (t, desired, names) -> sim.apply(desired, names),
            new InMemoryStateStore(),
            (t, d) -> {},
            sim::now);
    ScalingTarget target = new ScalingTarget("bench", trace.name());
    sim.every(interval, () -> autoscaler.reconcile(target, policy));
    return sim.run();
  }
}
