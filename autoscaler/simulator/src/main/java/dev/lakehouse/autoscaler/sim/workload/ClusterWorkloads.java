package dev.lakehouse.autoscaler.sim.workload;

import static dev.lakehouse.autoscaler.sim.workload.Minutes.min;

import dev.lakehouse.autoscaler.sim.Job;
import dev.lakehouse.autoscaler.sim.SeededRandom;
import dev.lakehouse.autoscaler.sim.Segment;
import dev.lakehouse.autoscaler.sim.Trace;
import dev.lakehouse.autoscaler.sim.TraceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster workloads: Spark jobs (stages of tasks) arriving as Poisson processes whose rate follows
 * a pattern. Loads are given in busy task slots (offered load); a job of {@link
 * SparkJobShape#analytics()} carries about 690 slot-seconds of work. Every generator takes a seed
 * (same seed, same trace) and a time scale (1.0 for the benchmark; smaller for fast tests).
 */
public final class ClusterWorkloads {
  /** Task slots per worker (4-core workers). */
  public static final int SLOTS_PER_WORKER = 4;

  public static final int MIN_WORKERS = 2;
  public static final int MAX_WORKERS = 40;

  /** Mean slot-seconds of work of one analytics job, for converting a load into an arrival rate. */
  static final double ANALYTICS_JOB_SLOT_SECONDS = 686;

  private ClusterWorkloads() {}

  public static List<Trace> all(long seed, double timeScale) {
    return List.of(
        step(seed, timeScale),
        spike(seed + 1, timeScale),
        diurnal(seed + 2, timeScale),
        idleThenBurst(seed + 3, timeScale));
  }

  /** Low load (3 workers' worth) for 20 min, an 8x step for 40 min, back to low for 40 min. */
  public static Trace step(long seed, double timeScale) {
    long t1 = min(20, timeScale);
    long t2 = min(60, timeScale);
    long end = min(100, timeScale);
    double low = rateForSlots(12);
    double high = rateForSlots(96);
    RateFunction rate = t -> t >= t1 && t < t2 ? high : low;
    List<Job> jobs =
        poissonJobs(new SeededRandom(seed), rate, high, 0, end, SparkJobShape.analytics());
    int needed = neededWorkers(jobs, t1, t2);
    return new Trace(
        "step",
        TraceKind.CLUSTER,
        end,
        jobs,
        List.of(new Segment(0, t1), new Segment(t1, t2), new Segment(t2, end)),
        t1,
        needed);
  }

  /**
   * Low load with a 5-minute spike at 10x (peak-to-median of at least 9:1 as in production traces).
   */
  public static Trace spike(long seed, double timeScale) {
    long t1 = min(30, timeScale);
    long t2 = min(35, timeScale);
    long end = min(90, timeScale);
    double low = rateForSlots(12);
    double high = rateForSlots(120);
    RateFunction rate = t -> t >= t1 && t < t2 ? high : low;
    List<Job> jobs =
        poissonJobs(new SeededRandom(seed), rate, high, 0, end, SparkJobShape.analytics());
    return new Trace(
        "spike",
        TraceKind.CLUSTER,
        end,
        jobs,
        List.of(new Segment(0, t1), new Segment(t2, end)),
        -1,
        0);
  }

  /**
   * A working day: 2 workers' worth at night, a smooth hump to 24 workers' worth between 07:00 and
   * 21:00 (peak to night 12:1).
   */
  public static Trace diurnal(long seed, double timeScale) {
    long dayStart = min(7 * 60, timeScale);
    long dayEnd = min(21 * 60, timeScale);
    long end = min(24 * 60, timeScale);
    double night = rateForSlots(8);
    double peak = rateForSlots(96);
    RateFunction rate =
        t -> {
          if (t < dayStart || t >= dayEnd) {
            return night;
          }
          double x = StrictMath.sin(StrictMath.PI * (t - dayStart) / (dayEnd - dayStart));
          return night + (peak - night) * x * x;
        };
    List<Job> jobs =
        poissonJobs(new SeededRandom(seed), rate, peak, 0, end, SparkJobShape.analytics());
    return new Trace(
        "diurnal",
        TraceKind.CLUSTER,
        end,
        jobs,
        List.of(new Segment(0, dayStart), new Segment(dayEnd, end)),
        -1,
        0);
  }

  /**
   * An hour with nothing to do, then 12 heavy jobs within one minute (a scheduled refresh), then
   * idle.
   */
  public static Trace idleThenBurst(long seed, double timeScale) {
    long burst = min(60, timeScale);
    long quietAgain = min(80, timeScale);
    long end = min(100, timeScale);
    SeededRandom rnd = new SeededRandom(seed);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      jobs.add(SparkJobShape.heavy().draw(rnd, burst + rnd.uniform(0, 60_000)));
    }
    return new Trace(
        "idle-burst",
        TraceKind.CLUSTER,
        end,
        jobs,
        List.of(new Segment(0, burst), new Segment(quietAgain, end)),
        -1,
        0);
  }

  static double rateForSlots(double busySlots) {
    return busySlots / ANALYTICS_JOB_SLOT_SECONDS;
  }

  static List<Job> poissonJobs(
      SeededRandom rnd,
      RateFunction rate,
      double maxRate,
      long from,
      long to,
      SparkJobShape shape) {
    List<Long> times = Arrivals.poisson(rnd, rate, maxRate, from, to);
    List<Job> jobs = new ArrayList<>(times.size());
    for (long t : times) {
      jobs.add(shape.draw(rnd, t));
    }
    return jobs;
  }

  /** Workers the work submitted in [from, to) needs on average. */
  static int neededWorkers(List<Job> jobs, long from, long to) {
    long work = 0;
    for (Job j : jobs) {
      if (j.submitAtMs() >= from && j.submitAtMs() < to) {
        work += j.stages().stream().mapToLong(s -> s.workMillis()).sum();
      }
    }
    double busySlots = (double) work / (to - from);
    return (int) Math.ceil(busySlots / SLOTS_PER_WORKER);
  }
}
