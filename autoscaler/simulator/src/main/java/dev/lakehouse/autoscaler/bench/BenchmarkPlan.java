package dev.lakehouse.autoscaler.bench;

import dev.lakehouse.autoscaler.sim.Trace;
import dev.lakehouse.autoscaler.sim.workload.ClusterWorkloads;
import dev.lakehouse.autoscaler.sim.workload.WarehouseWorkloads;
import java.util.ArrayList;
import java.util.List;

/**
 * What to run: traces, provisioning delays and a seed.
 *
 * @param seed seed of the workload generators and of task placement
 * @param delaysSeconds provisioning delays to sweep
 * @param traces cluster and warehouse traces
 */
public record BenchmarkPlan(long seed, List<Long> delaysSeconds, List<Trace> traces) {
  public static final long DEFAULT_SEED = 20_240_601L;

  public BenchmarkPlan {
    delaysSeconds = List.copyOf(delaysSeconds);
    traces = List.copyOf(traces);
  }

  /** The full benchmark: every workload at 30, 90 and 300 s of provisioning delay. */
  public static BenchmarkPlan full(long seed) {
    return scaled(seed, 1.0, List.of(30L, 90L, 300L));
  }

  /** Every workload with its timeline scaled by {@code timeScale}, for quick checks. */
  public static BenchmarkPlan scaled(long seed, double timeScale, List<Long> delaysSeconds) {
    List<Trace> traces = new ArrayList<>(ClusterWorkloads.all(seed, timeScale));
    traces.addAll(WarehouseWorkloads.all(seed, timeScale));
    return new BenchmarkPlan(seed, delaysSeconds, traces);
  }
}
