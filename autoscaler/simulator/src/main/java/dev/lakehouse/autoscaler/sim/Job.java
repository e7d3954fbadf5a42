package dev.lakehouse.autoscaler.sim;

import java.util.List;

/**
 * Work submitted at one instant: stages that run one after another (a stage is released when the
 * previous one has finished every task), like a Spark job's stages or a single query.
 */
public record Job(long submitAtMs, List<Stage> stages) {
  public Job {
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a job has at least one stage");
    }
    if (submitAtMs < 0) {
      throw new IllegalArgumentException("submit time must be >= 0");
    }
  }

  public static Job query(long arriveAtMs, int durationMs) {
    return new Job(arriveAtMs, List.of(new Stage(new int[] {durationMs})));
  }
}
