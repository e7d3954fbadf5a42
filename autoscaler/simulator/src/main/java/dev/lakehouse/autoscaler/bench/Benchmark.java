package dev.lakehouse.autoscaler.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark command: every policy on every workload at every provisioning delay, printed as one
 * table and written to {@code results.csv} and {@code results.json}.
 *
 * <pre>
 *   java dev.lakehouse.autoscaler.bench.Benchmark [--out DIR] [--seed N] [--scale F]
 * </pre>
 *
 * {@code --scale} shortens every workload's timeline (1.0 is the benchmark; smaller values are for
 * quick looks).
 */
public final class Benchmark {
  private Benchmark() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of("target", "benchmark");
    long seed = BenchmarkPlan.DEFAULT_SEED;
    double scale = 1.0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--scale" -> scale = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    BenchmarkPlan plan =
        scale == 1.0
            ? BenchmarkPlan.full(seed)
            : BenchmarkPlan.scaled(seed, scale, List.of(30L, 90L, 300L));
    long started = System.nanoTime();
    List<ResultRow> rows = BenchmarkRunner.run(plan);
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    write(out, rows);
    System.out.print(ResultWriters.table(rows));
    System.out.println();
    System.out.print(GoalReport.render(GoalReport.evaluate(rows)));
    System.out.printf(
        Locale.ROOT,
        "%n%d rows in %.1f s; wrote %s and %s%n",
        rows.size(),
        elapsedMs / 1000.0,
        out.resolve("results.csv"),
        out.resolve("results.json"));
  }

  public static void write(Path dir, List<ResultRow> rows) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.csv"), ResultWriters.csv(rows), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("results.json"), ResultWriters.json(rows), StandardCharsets.UTF_8);
  }
}
