package dev.lakehouse.autoscaler.sim.workload;

import dev.lakehouse.autoscaler.sim.Job;
import dev.lakehouse.autoscaler.sim.SeededRandom;
import dev.lakehouse.autoscaler.sim.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of generated Spark jobs: stages run one after another; tasks per stage and task
 * durations are log-normal (long-tailed, most small), task durations vary less within a stage than
 * between stages.
 *
 * @param stopAfterStageProbability chance that a job ends after each stage (geometric number of
 *     stages)
 * @param maxStages stages per job at most
 * @param medianTasks median tasks per stage
 * @param tasksSigma log-normal sigma of tasks per stage
 * @param maxTasks tasks per stage at most
 * @param medianTaskMs median of the stages' median task duration
 * @param stageSigma sigma of a stage's median duration across stages
 * @param taskSigma sigma of task durations within a stage
 * @param maxTaskMs task duration at most
 */
public record SparkJobShape(
    double stopAfterStageProbability,
    int maxStages,
    double medianTasks,
    double tasksSigma,
    int maxTasks,
    double medianTaskMs,
    double stageSigma,
    double taskSigma,
    int maxTaskMs) {

  /** Interactive and scheduled analytics: mostly small jobs of a few stages, seconds-long tasks. */
  public static SparkJobShape analytics() {
    return new SparkJobShape(0.5, 4, 24, 1.2, 1000, 4_000, 1.0, 0.5, 1_200_000);
  }

  /** A heavier job (a scheduled refresh or a notebook's "run all"): more tasks per stage. */
  public static SparkJobShape heavy() {
    return new SparkJobShape(0.4, 4, 96, 0.8, 2000, 6_000, 0.8, 0.5, 1_200_000);
  }

  public Job draw(SeededRandom rnd, long submitAtMs) {
    int stages = rnd.geometric(stopAfterStageProbability, maxStages);
    List<Stage> out = new ArrayList<>(stages);
    for (int s = 0; s < stages; s++) {
      int tasks =
          (int) Math.max(1, Math.min(maxTasks, Math.round(rnd.lognormal(medianTasks, tasksSigma))));
      double stageMedian = rnd.lognormal(medianTaskMs, stageSigma);
      int[] durations = new int[tasks];
      for (int t = 0; t < tasks; t++) {
        double d = rnd.lognormal(stageMedian, taskSigma);
        durations[t] = (int) Math.max(100, Math.min(maxTaskMs, Math.round(d)));
      }
      out.add(new Stage(durations));
    }
    return new Job(submitAtMs, out);
  }
}
