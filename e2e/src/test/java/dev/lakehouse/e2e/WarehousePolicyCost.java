package dev.lakehouse.e2e;

import dev.lakehouse.autoscaler.bench.BenchmarkPlan;
import dev.lakehouse.autoscaler.bench.BenchmarkRunner;
import dev.lakehouse.autoscaler.bench.PolicyKind;
import dev.lakehouse.autoscaler.bench.ResultRow;
import dev.lakehouse.autoscaler.sim.workload.WarehouseWorkloads;
import java.util.List;

/**
 * The Warehouse policy's cost beside the warehouse-rules baseline on one trace of the simulator
 * (the load step, 90 s cluster start), for the Warehouse benchmark's figures: the same policy the
 * operator runs, on a trace no test control plane could afford in real time.
 */
final class WarehousePolicyCost {
  static final long SEED = 42;
  static final long START_SECONDS = 90;

  private WarehousePolicyCost() {}

  static void addTo(BenchmarkFigures figures) {
    List<ResultRow> rows =
        BenchmarkRunner.run(
            new BenchmarkPlan(
                SEED, List.of(START_SECONDS), List.of(WarehouseWorkloads.step(SEED, 1.0))));
    ResultRow ours = row(rows, PolicyKind.OURS);
    ResultRow rules = row(rows, PolicyKind.WAREHOUSE_RULES);
    figures.put("sim_trace", "wh-step, cluster start " + START_SECONDS + " s, seed " + SEED);
    figures.put("sim_policy_cluster_seconds", Math.round(ours.workerSeconds()));
    figures.put("sim_warehouse_rules_cluster_seconds", Math.round(rules.workerSeconds()));
    figures.put(
        "sim_policy_cost_vs_warehouse_rules",
        Math.round(ours.workerSeconds() / rules.workerSeconds() * 1000) / 1000.0);
    figures.put("sim_policy_p95_wait_ms", ours.p95WaitMs());
    figures.put("sim_warehouse_rules_p95_wait_ms", rules.p95WaitMs());
  }

  private static ResultRow row(List<ResultRow> rows, PolicyKind policy) {
    return rows.stream()
        .filter(r -> r.policy() == policy)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + policy + " row in the benchmark"));
  }
}
