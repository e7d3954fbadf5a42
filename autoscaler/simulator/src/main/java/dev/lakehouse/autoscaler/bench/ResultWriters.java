package dev.lakehouse.autoscaler.bench;

import java.util.List;
import java.util.Locale;

/**
 * The CSV and JSON forms of the results; formatting is fixed (Locale.ROOT) so output is
 * byte-stable.
 */
public final class ResultWriters {
  public static final String CSV_HEADER =
      "policy,workload,delay_s,worker_seconds,p95_wait_ms,slo_violations_10s,actions_per_hour,flaps,cost_vs_oracle";

  private ResultWriters() {}

  public static String csv(List<ResultRow> rows) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (ResultRow r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%.1f,%d,%d,%.2f,%d,%.3f%n",
              r.policy().label(),
              r.workload(),
              r.delaySeconds(),
              r.workerSeconds(),
              r.p95WaitMs(),
              r.sloViolations10s(),
              r.actionsPerHour(),
              r.flaps(),
              r.costVsOracle()));
    }
    return sb.toString().replace("\r\n", "\n");
  }

  public static String json(List<ResultRow> rows) {
    StringBuilder sb = new StringBuilder("[\n");
    for (int i = 0; i < rows.size(); i++) {
      ResultRow r = rows.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "  {\"policy\": \"%s\", \"workload\": \"%s\", \"kind\": \"%s\", \"delay_s\": %d, "
                  + "\"worker_seconds\": %.1f, \"idle_fraction\": %.4f, \"p50_wait_ms\": %d, "
                  + "\"p95_wait_ms\": %d, \"p99_wait_ms\": %d, \"slo_violations_10s\": %d, "
                  + "\"slo_violations_60s\": %d, \"actions_per_hour\": %.2f, \"flaps\": %d, "
                  + "\"stationary_flaps\": %d, \"time_to_capacity_ms\": %d, \"cost_vs_oracle\": %.3f}",
              r.policy().label(),
              r.workload(),
              r.kind().name().toLowerCase(Locale.ROOT),
              r.delaySeconds(),
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
              r.costVsOracle()));
      sb.append(i + 1 < rows.size() ? ",\n" : "\n");
    }
    return sb.append("]\n").toString();
  }

  /** The table printed to stdout: one block per workload and delay. */
  public static String table(List<ResultRow> rows) {
    StringBuilder sb = new StringBuilder();
    String header =
        String.format(
            Locale.ROOT,
            "%-11s %5s %-16s %12s %8s %6s %8s %8s %9s %8s %8s %7s %5s %6s %7s%n",
            "workload",
            "delay",
            "policy",
            "worker_s",
            "vs_orcl",
            "idle%",
            "p50_ms",
            "p95_ms",
            "p99_ms",
            "slo>10s",
            "slo>60s",
            "act/h",
            "flaps",
            "stflap",
            "ttc_s");
    sb.append(header);
    String previous = null;
    for (ResultRow r : rows) {
      String block = r.workload() + "/" + r.delaySeconds();
      if (previous != null && !previous.equals(block)) {
        sb.append('\n');
      }
      previous = block;
      sb.append(
          String.format(
              Locale.ROOT,
              "%-11s %4ds %-16s %12.0f %8.3f %6.1f %8d %8d %9d %8d %8d %7.2f %5d %6d %7s%n",
              r.workload(),
              r.delaySeconds(),
              r.policy().label(),
              r.workerSeconds(),
              r.costVsOracle(),
              100 * r.idleFraction(),
              r.p50WaitMs(),
              r.p95WaitMs(),
              r.p99WaitMs(),
              r.sloViolations10s(),
              r.sloViolations60s(),
              r.actionsPerHour(),
              r.flaps(),
              r.stationaryFlaps(),
              r.timeToCapacityMs() < 0 ? "-" : String.valueOf(r.timeToCapacityMs() / 1000)));
    }
    return sb.toString();
  }
}
