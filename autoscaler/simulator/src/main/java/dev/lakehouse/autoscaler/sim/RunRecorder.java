package dev.lakehouse.autoscaler.sim;

import java.util.ArrayList;
import java.util.List;

/** Accumulates billing, waits and actions during a run and turns them into a {@link RunResult}. */
final class RunRecorder {
  static final long SLO_10S_MS = 10_000L;
  static final long SLO_60S_MS = 60_000L;

  private final LongList waits = new LongList();
  private final List<ScalingAct> acts = new ArrayList<>();
  private long unitMs;
  private long startingMs;
  private long drainingMs;
  private long busySlotMs;
  private long unfinished;

  void waited(long waitMs) {
    waits.add(waitMs);
  }

  void unfinished(long waitMs) {
    waits.add(waitMs);
    unfinished++;
  }

  void busy(long slotMs) {
    busySlotMs += slotMs;
  }

  void act(long atMs, int from, int to) {
    acts.add(new ScalingAct(atMs, from, to));
  }

  /** Bills a unit from its request until {@code endMs}. */
  void bill(SimUnit u, long endMs) {
    if (endMs <= u.requestedAtMs) {
      return;
    }
    unitMs += endMs - u.requestedAtMs;
    long readyOrEnd = u.isReady() ? Math.min(u.readyAtMs, endMs) : endMs;
    startingMs += readyOrEnd - u.requestedAtMs;
    if (u.isLeaving() && u.isReady()) {
      drainingMs += Math.max(0, endMs - u.leaveAtMs);
    }
  }

  List<ScalingAct> acts() {
    return List.copyOf(acts);
  }

  RunResult finish(
      long horizonMs, int slotsPerUnit, List<Segment> stationary, long timeToCapacityMs) {
    long[] sorted = waits.sortedCopy();
    long slo10 = 0;
    long slo60 = 0;
    for (long w : sorted) {
      if (w > SLO_10S_MS) {
        slo10++;
      }
      if (w > SLO_60S_MS) {
        slo60++;
      }
    }
    int actions = 0;
    for (ScalingAct a : acts) {
      if (a.direction() != 0) {
        actions++;
      }
    }
    return new RunResult(
        horizonMs,
        slotsPerUnit,
        unitMs,
        startingMs,
        drainingMs,
        busySlotMs,
        sorted.length,
        unfinished,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        slo10,
        slo60,
        actions,
        FlapCounter.flaps(acts),
        FlapCounter.flapsWithin(acts, stationary),
        timeToCapacityMs);
  }

  /** Nearest-rank percentile of a sorted array; 0 for no samples. */
  static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
