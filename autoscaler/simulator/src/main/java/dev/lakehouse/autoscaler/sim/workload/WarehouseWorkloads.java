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
 * Warehouse workloads: SQL queries with log-normal run times ({@link QueryShape#analytics()}, mean
 * about 4.7 s) arriving as Poisson processes or in dashboard bursts.
 */
public final class WarehouseWorkloads {
  public static final int QUERIES_PER_CLUSTER = 10;
  public static final int MIN_CLUSTERS = 1;
  public static final int MAX_CLUSTERS = 10;

  private WarehouseWorkloads() {}

  public static List<Trace> all(long seed, double timeScale) {
    return List.of(
        step(seed + 10, timeScale),
        diurnal(seed + 11, timeScale),
        bursty(seed + 12, timeScale),
        sparse(seed + 13, timeScale));
  }

  /**
   * 0.6 queries/s for 30 min, 6 queries/s for an hour (about 28 in flight), back to 0.6 for 30 min.
   */
  public static Trace step(long seed, double timeScale) {
    long t1 = min(30, timeScale);
    long t2 = min(90, timeScale);
    long end = min(120, timeScale);
    RateFunction rate = t -> t >= t1 && t < t2 ? 6.0 : 0.6;
    List<Job> jobs = poissonQueries(new SeededRandom(seed), rate, 6.0, 0, end);
    int needed =
        (int) Math.ceil(6.0 * QueryShape.analytics().meanMs() / 1000.0 / QUERIES_PER_CLUSTER);
    return new Trace(
        "wh-step",
        TraceKind.WAREHOUSE,
        end,
        jobs,
        List.of(new Segment(0, t1), new Segment(t1, t2), new Segment(t2, end)),
        t1,
        needed);
  }

  /** A working day of BI: nothing at night, a hump to 6 queries/s between 06:00 and 22:00. */
  public static Trace diurnal(long seed, double timeScale) {
    long dayStart = min(6 * 60, timeScale);
    long dayEnd = min(22 * 60, timeScale);
    long end = min(24 * 60, timeScale);
    RateFunction rate =
        t -> {
          if (t < dayStart || t >= dayEnd) {
            return 0;
          }
          double x = StrictMath.sin(StrictMath.PI * (t - dayStart) / (dayEnd - dayStart));
          return 6.0 * x * x;
        };
    List<Job> jobs = poissonQueries(new SeededRandom(seed), rate, 6.0, 0, end);
    return new Trace(
        "wh-diurnal",
        TraceKind.WAREHOUSE,
        end,
        jobs,
        List.of(new Segment(0, dayStart), new Segment(dayEnd, end)),
        -1,
        0);
  }

  /**
   * Dashboards: every few minutes (exponential, mean 4 min) a refresh fires 20 to 60 queries within
   * 3 s, on top of 0.2 ad-hoc queries/s; three hours.
   */
  public static Trace bursty(long seed, double timeScale) {
    long end = min(180, timeScale);
    SeededRandom rnd = new SeededRandom(seed);
    List<Job> jobs = new ArrayList<>(poissonQueries(rnd, t -> 0.2, 0.2, 0, end));
    double t = 0;
    while (true) {
      t += rnd.exponential(min(4, 1.0));
      if (t >= end) {
        break;
      }
      long n = rnd.uniform(20, 60);
      for (int i = 0; i < n; i++) {
        jobs.add(QueryShape.analytics().draw(rnd, (long) t + rnd.uniform(0, 3_000)));
      }
    }
    jobs.removeIf(j -> j.submitAtMs() >= end);
    return new Trace("wh-bursty", TraceKind.WAREHOUSE, end, jobs, List.of(), -1, 0);
  }

  /**
   * One analyst: sessions of 5 to 20 minutes at 0.1 queries/s, separated by exponential gaps (mean
   * 45 min), over eight hours; exercises auto-stop and start on demand.
   */
  public static Trace sparse(long seed, double timeScale) {
    long end = min(8 * 60, timeScale);
    SeededRandom rnd = new SeededRandom(seed);
    List<Job> jobs = new ArrayList<>();
    double t = rnd.exponential(min(20, 1.0));
    while (t < end) {
      long start = (long) t;
      long stop = start + rnd.uniform(min(5, 1.0), min(20, 1.0));
      jobs.addAll(poissonQueries(rnd, x -> 0.1, 0.1, start, Math.min(stop, end)));
      t = stop + rnd.exponential(min(45, 1.0));
    }
    return new Trace("wh-sparse", TraceKind.WAREHOUSE, end, jobs, List.of(), -1, 0);
  }

  static List<Job> poissonQueries(
      SeededRandom rnd, RateFunction rate, double maxRate, long from, long to) {
    List<Long> times = Arrivals.poisson(rnd, rate, maxRate, from, to);
    List<Job> jobs = new ArrayList<>(times.size());
    for (long at : times) {
      jobs.add(QueryShape.analytics().draw(rnd, at));
    }
    return jobs;
  }
}
