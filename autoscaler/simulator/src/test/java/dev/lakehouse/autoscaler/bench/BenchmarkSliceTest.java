package dev.lakehouse.autoscaler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.autoscaler.sim.workload.ClusterWorkloads;
import dev.lakehouse.autoscaler.sim.workload.WarehouseWorkloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny slice of the benchmark (two short workloads, one delay): checks the outputs, not the
 * numbers.
 */
class BenchmarkSliceTest {
  static final Set<String> POLICIES =
      Set.of(
          "ours",
          "static-min",
          "static-max",
          "spark-dra",
          "standard",
          "optimized",
          "warehouse-rules",
          "hpa-queue",
          "oracle");

  static BenchmarkPlan slice(long seed) {
    return new BenchmarkPlan(
        seed,
        List.of(30L),
        List.of(ClusterWorkloads.step(seed, 0.1), WarehouseWorkloads.step(seed, 0.1)));
  }

  @Test
  void theSameSeedGivesBitIdenticalResults() {
    String first = ResultWriters.csv(BenchmarkRunner.run(slice(7)));
    String second = ResultWriters.csv(BenchmarkRunner.run(slice(7)));
    assertThat(second).isEqualTo(first);
    assertThat(ResultWriters.csv(BenchmarkRunner.run(slice(8)))).isNotEqualTo(first);
  }

  @Test
  void writesTheCsvWithTheAgreedHeaderAndOneRowPerPolicyAndWorkload(@TempDir Path dir)
      throws Exception {
    List<ResultRow> rows = BenchmarkRunner.run(slice(7));
    Benchmark.write(dir, rows);
    List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
    assertThat(lines.get(0))
        .isEqualTo(
            "policy,workload,delay_s,worker_seconds,p95_wait_ms,slo_violations_10s,actions_per_hour,flaps,cost_vs_oracle");
    // Clusters: 7 policies + oracle; warehouses: 5 policies + oracle.
    assertThat(lines).hasSize(1 + 8 + 6);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertThat(f).hasSize(9);
      assertThat(POLICIES).contains(f[0]);
      assertThat(f[2]).isEqualTo("30");
      assertThat(Double.parseDouble(f[3])).isPositive();
      assertThat(Double.parseDouble(f[8])).isPositive();
    }
    assertThat(lines.stream().filter(l -> l.startsWith("oracle,")).map(l -> l.split(",")[8]))
        .containsOnly("1.000");
    Set<String> clusterPolicies =
        lines.stream()
            .filter(l -> l.contains(",step,"))
            .map(l -> l.split(",")[0])
            .collect(Collectors.toSet());
    assertThat(clusterPolicies)
        .containsExactlyInAnyOrder(
            "ours",
            "static-min",
            "static-max",
            "spark-dra",
            "standard",
            "optimized",
            "hpa-queue",
            "oracle");
    String json = Files.readString(dir.resolve("results.json"));
    assertThat(json)
        .startsWith("[")
        .contains("\"policy\": \"warehouse-rules\"")
        .contains("\"stationary_flaps\"");
  }

  @Test
  void staticMaxIsNeverCheaperThanStaticMinAndTheOracleNeverLetsWorkWaitLongerThanStaticMax() {
    List<ResultRow> rows = BenchmarkRunner.run(slice(7));
    for (String workload : List.of("step", "wh-step")) {
      ResultRow min = find(rows, workload, PolicyKind.STATIC_MIN);
      ResultRow max = find(rows, workload, PolicyKind.STATIC_MAX);
      ResultRow oracle = find(rows, workload, PolicyKind.ORACLE);
      assertThat(max.workerSeconds()).isGreaterThan(min.workerSeconds());
      assertThat(max.p95WaitMs()).isLessThanOrEqualTo(min.p95WaitMs());
      assertThat(oracle.workerSeconds()).isLessThan(max.workerSeconds());
      assertThat(oracle.p95WaitMs()).isEqualTo(max.p95WaitMs());
    }
  }

  @Test
  void theGoalReportCoversEveryGoal() {
    List<GoalReport.Goal> goals = GoalReport.evaluate(BenchmarkRunner.run(slice(7)));
    assertThat(goals).hasSize(8);
    assertThat(goals).allSatisfy(g -> assertThat(g.cases()).isPositive());
    assertThat(GoalReport.render(goals)).contains("cluster: worker-seconds <= 1.25 x oracle");
  }

  static ResultRow find(List<ResultRow> rows, String workload, PolicyKind p) {
    return rows.stream()
        .filter(r -> r.workload().equals(workload) && r.policy() == p)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everyPolicyLabelIsOneOfTheAgreedNames() {
    assertThat(
            Arrays.stream(PolicyKind.values()).map(PolicyKind::label).collect(Collectors.toSet()))
        .isEqualTo(POLICIES);
  }
}
