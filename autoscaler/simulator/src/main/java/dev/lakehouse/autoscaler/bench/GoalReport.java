package dev.lakehouse.autoscaler.bench;

import dev.lakehouse.autoscaler.sim.TraceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Checks the goals of the issue against one run's rows and says, for every miss, by how much. Every
 * check compares "ours" with another row of the same workload and delay.
 */
public final class GoalReport {

  /** One goal, how many cases met it, and a line per miss. */
  public record Goal(String name, int met, int cases, List<String> misses) {
    public boolean allMet() {
      return met == cases;
    }
  }

  private GoalReport() {}

  public static List<Goal> evaluate(List<ResultRow> rows) {
    List<Goal> goals = new ArrayList<>();
    goals.add(
        check(
            rows,
            TraceKind.CLUSTER,
            "cluster: worker-seconds <= 1.25 x oracle",
            PolicyKind.ORACLE,
            (o, b) -> o.workerSeconds() <= 1.25 * b.workerSeconds(),
            (o, b) ->
                String.format(
                    Locale.ROOT, "%.3f x oracle", o.workerSeconds() / b.workerSeconds())));
    goals.add(
        check(
            rows,
            TraceKind.CLUSTER,
            "cluster: >= 30% cheaper than static-max",
            PolicyKind.STATIC_MAX,
            (o, b) -> o.workerSeconds() <= 0.70 * b.workerSeconds(),
            (o, b) ->
                String.format(
                    Locale.ROOT,
                    "%.1f%% cheaper",
                    100 * (1 - o.workerSeconds() / b.workerSeconds()))));
    goals.add(
        check(
            rows,
            TraceKind.CLUSTER,
            "cluster: p95 wait <= spark-dra",
            PolicyKind.SPARK_DRA,
            (o, b) -> o.p95WaitMs() <= b.p95WaitMs(),
            (o, b) ->
                String.format(Locale.ROOT, "p95 %d ms vs %d ms", o.p95WaitMs(), b.p95WaitMs())));
    goals.add(
        check(
            rows,
            TraceKind.CLUSTER,
            "cluster: >= 20% cheaper than standard at <= p95",
            PolicyKind.STANDARD,
            (o, b) ->
                o.workerSeconds() <= 0.80 * b.workerSeconds() && o.p95WaitMs() <= b.p95WaitMs(),
            (o, b) ->
                String.format(
                    Locale.ROOT,
                    "%.1f%% cheaper, p95 %d vs %d ms",
                    100 * (1 - o.workerSeconds() / b.workerSeconds()),
                    o.p95WaitMs(),
                    b.p95WaitMs())));
    goals.add(
        check(
            rows,
            TraceKind.WAREHOUSE,
            "warehouse: worker-seconds <= 1.25 x oracle",
            PolicyKind.ORACLE,
            (o, b) -> o.workerSeconds() <= 1.25 * b.workerSeconds(),
            (o, b) ->
                String.format(
                    Locale.ROOT, "%.3f x oracle", o.workerSeconds() / b.workerSeconds())));
    goals.add(
        check(
            rows,
            TraceKind.WAREHOUSE,
            "warehouse: >= 20% cheaper than warehouse-rules at <= p95",
            PolicyKind.WAREHOUSE_RULES,
            (o, b) ->
                o.workerSeconds() <= 0.80 * b.workerSeconds() && o.p95WaitMs() <= b.p95WaitMs(),
            (o, b) ->
                String.format(
                    Locale.ROOT,
                    "%.1f%% cheaper, p95 %d vs %d ms",
                    100 * (1 - o.workerSeconds() / b.workerSeconds()),
                    o.p95WaitMs(),
                    b.p95WaitMs())));
    goals.add(
        check(
            rows,
            TraceKind.WAREHOUSE,
            "warehouse: >= 70% fewer SLO(10 s) violations than hpa-queue",
            PolicyKind.HPA_QUEUE,
            (o, b) -> o.sloViolations10s() <= 0.30 * b.sloViolations10s(),
            (o, b) ->
                String.format(
                    Locale.ROOT,
                    "%d vs %d violations",
                    o.sloViolations10s(),
                    b.sloViolations10s())));
    goals.add(stationaryFlaps(rows));
    return goals;
  }

  public static String render(List<Goal> goals) {
    StringBuilder sb = new StringBuilder("Goals\n");
    for (Goal g : goals) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  [%s] %s: met in %d of %d cases%n",
              g.allMet() ? "MET " : "MISS",
              g.name(),
              g.met(),
              g.cases()));
      for (String miss : g.misses()) {
        sb.append("         miss: ").append(miss).append('\n');
      }
    }
    return sb.toString();
  }

  interface Comparison {
    boolean ok(ResultRow ours, ResultRow other);
  }

  interface Describer {
    String describe(ResultRow ours, ResultRow other);
  }

  private static Goal check(
      List<ResultRow> rows,
      TraceKind kind,
      String name,
      PolicyKind other,
      Comparison comparison,
      Describer describer) {
    int met = 0;
    int cases = 0;
    List<String> misses = new ArrayList<>();
    for (ResultRow ours : select(rows, r -> r.kind() == kind && r.policy() == PolicyKind.OURS)) {
      Optional<ResultRow> match =
          rows.stream()
              .filter(
                  r ->
                      r.policy() == other
                          && r.workload().equals(ours.workload())
                          && r.delaySeconds() == ours.delaySeconds())
              .findFirst();
      if (match.isEmpty()) {
        continue;
      }
      cases++;
      if (comparison.ok(ours, match.get())) {
        met++;
      } else {
        misses.add(
            ours.workload()
                + " @"
                + ours.delaySeconds()
                + "s: "
                + describer.describe(ours, match.get()));
      }
    }
    return new Goal(name, met, cases, misses);
  }

  private static Goal stationaryFlaps(List<ResultRow> rows) {
    int met = 0;
    int cases = 0;
    List<String> misses = new ArrayList<>();
    for (ResultRow ours : select(rows, r -> r.policy() == PolicyKind.OURS)) {
      cases++;
      if (ours.stationaryFlaps() == 0) {
        met++;
      } else {
        misses.add(
            ours.workload()
                + " @"
                + ours.delaySeconds()
                + "s: "
                + ours.stationaryFlaps()
                + " flaps");
      }
    }
    return new Goal("ours: zero flaps on stationary segments", met, cases, misses);
  }

  private static List<ResultRow> select(List<ResultRow> rows, Predicate<ResultRow> p) {
    return rows.stream().filter(p).toList();
  }
}
