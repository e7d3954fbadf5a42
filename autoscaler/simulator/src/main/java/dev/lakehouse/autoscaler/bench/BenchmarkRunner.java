package dev.lakehouse.autoscaler.bench;

import dev.lakehouse.autoscaler.oracle.OracleResult;
import dev.lakehouse.autoscaler.oracle.SkiRentalOracle;
import dev.lakehouse.autoscaler.sim.FlapCounter;
import dev.lakehouse.autoscaler.sim.RunResult;
import dev.lakehouse.autoscaler.sim.SimConfig;
import dev.lakehouse.autoscaler.sim.Trace;
import dev.lakehouse.autoscaler.sim.TraceKind;
import dev.lakehouse.autoscaler.sim.workload.ClusterWorkloads;
import dev.lakehouse.autoscaler.sim.workload.WarehouseWorkloads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs every policy of a plan on every trace and delay, and the oracle next to them. */
public final class BenchmarkRunner {
  private BenchmarkRunner() {}

  public static List<ResultRow> run(BenchmarkPlan plan) {
    List<ResultRow> rows = new ArrayList<>();
    for (Trace trace : plan.traces()) {
      for (long delayS : plan.delaysSeconds()) {
        rows.addAll(runOne(trace, delayS * 1000, plan.seed()));
      }
    }
    return rows;
  }

  static List<ResultRow> runOne(Trace trace, long delayMs, long seed) {
    boolean cluster = trace.kind() == TraceKind.CLUSTER;
    SimConfig config =
        cluster
            ? ScenarioRunner.clusterConfig(delayMs, seed)
            : ScenarioRunner.warehouseConfig(delayMs, seed);
    List<PolicyKind> policies =
        cluster ? ScenarioRunner.clusterPolicies() : ScenarioRunner.warehousePolicies();
    Map<PolicyKind, RunResult> results = new LinkedHashMap<>();
    for (PolicyKind p : policies) {
      results.put(
          p,
          cluster
              ? ScenarioRunner.runCluster(p, trace, config)
              : ScenarioRunner.runWarehouse(p, trace, config));
    }
    // Warehouses may stop entirely, so the oracle may too; clusters keep their minimum.
    int min = cluster ? ClusterWorkloads.MIN_WORKERS : 0;
    int max = cluster ? ClusterWorkloads.MAX_WORKERS : WarehouseWorkloads.MAX_CLUSTERS;
    OracleResult oracle =
        SkiRentalOracle.solve(
            trace, config.slotsPerUnit(), min, max, delayMs, config.decommissionMs());
    double oracleSeconds = oracle.unitMs() / 1000.0;

    List<ResultRow> rows = new ArrayList<>();
    long delayS = delayMs / 1000;
    for (Map.Entry<PolicyKind, RunResult> e : results.entrySet()) {
      RunResult r = e.getValue();
      rows.add(
          new ResultRow(
              e.getKey(),
              trace.name(),
              trace.kind(),
              delayS,
              r.workerSeconds(),
              r.idleFraction(),
              r.p50WaitMs(),
              r.p95WaitMs(),
              r.p99WaitMs(),
              r.sloViolations10s(),
              r.sloViolations60s(),
              r.actionsPerHour(),
              r.flaps(),
              r.stationaryFlaps(),
              r.timeToCapacityMs(),
              r.workerSeconds() / oracleSeconds));
    }
    // The oracle never lets work wait beyond what max capacity allows: its waits are static-max's.
    RunResult atMax = results.get(PolicyKind.STATIC_MAX);
    double billedSlotMs = (double) oracle.unitMs() * config.slotsPerUnit();
    double oracleIdle = billedSlotMs == 0 ? 0 : Math.max(0, 1 - oracle.busySlotMs() / billedSlotMs);
    double oracleActionsPerHour = oracle.acts().size() * 3_600_000.0 / trace.horizonMs();
    rows.add(
        new ResultRow(
            PolicyKind.ORACLE,
            trace.name(),
            trace.kind(),
            delayS,
            oracleSeconds,
            oracleIdle,
            atMax.p50WaitMs(),
            atMax.p95WaitMs(),
            atMax.p99WaitMs(),
            atMax.sloViolations10s(),
            atMax.sloViolations60s(),
            oracleActionsPerHour,
            oracle.flaps(),
            FlapCounter.flapsWithin(oracle.acts(), trace.stationarySegments()),
            trace.stepAtMs() >= 0 ? 0 : -1,
            1.0));
    return rows;
  }
}
