package dev.lakehouse.autoscaler.oracle;

import dev.lakehouse.autoscaler.sim.Job;
import dev.lakehouse.autoscaler.sim.ScalingAct;
import dev.lakehouse.autoscaler.sim.Stage;
import dev.lakehouse.autoscaler.sim.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The offline optimum, knowing the whole trace, under the same provisioning delay and decommission
 * time as the policies: the fewest unit-milliseconds of any schedule that starts every task (or
 * query) the moment it arrives (no avoidable wait).
 *
 * <p>Method. With no wait, the busy slots over time are fixed by the trace (each stage starts when
 * the previous one ends). At every instant at least {@code need(t) = ceil(busy(t) / slots)} units
 * must be ready, clamped to [min, max]. A capacity profile is a stack of levels; level k is "on"
 * wherever at least k units are up, and its cost is its on-time plus, for each time it is switched
 * on, the startup delay (the unit is billed while it boots, requested that long ahead) and, each
 * time it is switched off, the decommission time. Costs separate by level, so each level is
 * optimised alone: between two intervals where it is needed, a gap shorter than startup +
 * decommission is bridged (keeping the unit is cheaper than letting it go and asking again), a
 * longer one is not: the ski-rental break-even, exact offline. Levels up to min are always on, as
 * for every policy.
 *
 * <p>This is exact for the slot-profile model (work may use any free slot), which is also a lower
 * bound for any schedule in the simulator that lets nothing wait. Policies that let work wait can
 * cost less.
 */
public final class SkiRentalOracle {
  private SkiRentalOracle() {}

  /**
   * @param minUnits units always kept (0 lets the oracle stop entirely, as a warehouse can)
   */
  public static OracleResult solve(
      Trace trace,
      int slotsPerUnit,
      int minUnits,
      int maxUnits,
      long startupMs,
      long decommissionMs) {
    long horizon = trace.horizonMs();
    long[] profile = busyChanges(trace, horizon);
    long busySlotMs = busySlotMs(trace, horizon);
    // Change points of need(t): times and values.
    List<long[]> needs = needProfile(profile, slotsPerUnit, minUnits, maxUnits, horizon);
    int top = 0;
    for (long[] p : needs) {
      top = (int) Math.max(top, p[1]);
    }
    long unitMs = (long) minUnits * horizon;
    List<long[]> toggles = new ArrayList<>();
    for (int level = minUnits + 1; level <= top; level++) {
      unitMs += solveLevel(needs, level, horizon, startupMs, decommissionMs, toggles);
    }
    return new OracleResult(unitMs, busySlotMs, acts(toggles, minUnits));
  }

  /**
   * Cost of one level, and its switch-on (+1) and switch-off (-1) times appended to {@code
   * toggles}.
   */
  private static long solveLevel(
      List<long[]> needs,
      int level,
      long horizon,
      long startupMs,
      long decommissionMs,
      List<long[]> toggles) {
    List<long[]> intervals = new ArrayList<>();
    long openAt = -1;
    for (long[] p : needs) {
      boolean on = p[1] >= level;
      if (on && openAt < 0) {
        openAt = p[0];
      } else if (!on && openAt >= 0) {
        intervals.add(new long[] {openAt, p[0]});
        openAt = -1;
      }
    }
    if (openAt >= 0) {
      intervals.add(new long[] {openAt, horizon});
    }
    if (intervals.isEmpty()) {
      return 0;
    }
    long relaunch = startupMs + decommissionMs;
    long cost = 0;
    long first = intervals.get(0)[0];
    // Requested ahead so that it is ready on time; nothing can be requested before time 0.
    cost += Math.min(startupMs, first);
    toggles.add(new long[] {Math.max(0, first - startupMs), +1});
    for (int i = 0; i < intervals.size(); i++) {
      long[] iv = intervals.get(i);
      cost += iv[1] - iv[0];
      if (i + 1 < intervals.size()) {
        long gap = intervals.get(i + 1)[0] - iv[1];
        if (gap < relaunch) {
          cost += gap;
        } else {
          cost += relaunch;
          toggles.add(new long[] {iv[1], -1});
          toggles.add(new long[] {intervals.get(i + 1)[0] - startupMs, +1});
        }
      } else if (iv[1] < horizon) {
        cost += Math.min(decommissionMs, horizon - iv[1]);
        toggles.add(new long[] {iv[1], -1});
      }
    }
    return cost;
  }

  private static List<ScalingAct> acts(List<long[]> toggles, int minUnits) {
    toggles.sort((a, b) -> Long.compare(a[0], b[0]));
    List<ScalingAct> acts = new ArrayList<>();
    int size = minUnits;
    int i = 0;
    while (i < toggles.size()) {
      long at = toggles.get(i)[0];
      int from = size;
      while (i < toggles.size() && toggles.get(i)[0] == at) {
        size += (int) toggles.get(i)[1];
        i++;
      }
      if (size != from) {
        acts.add(new ScalingAct(at, from, size));
      }
    }
    return acts;
  }

  /** need(t) as [time, units] change points from 0 to the horizon. */
  private static List<long[]> needProfile(
      long[] changes, int slots, int min, int max, long horizon) {
    List<long[]> out = new ArrayList<>();
    out.add(new long[] {0, min});
    int busy = 0;
    int i = 0;
    while (i < changes.length) {
      long t = time(changes[i]);
      while (i < changes.length && time(changes[i]) == t) {
        busy += delta(changes[i]);
        i++;
      }
      if (t >= horizon) {
        break;
      }
      int need = Math.max(min, Math.min(max, (busy + slots - 1) / slots));
      long[] last = out.get(out.size() - 1);
      if (need != last[1]) {
        if (last[0] == t) {
          last[1] = need;
        } else {
          out.add(new long[] {t, need});
        }
      }
    }
    return out;
  }

  /**
   * Every task's start (+1) and end (-1) when nothing waits, packed as (time << 1 | isStart) and
   * sorted, so that at equal times ends come before starts.
   */
  static long[] busyChanges(Trace trace, long horizon) {
    int n = 0;
    for (Job j : trace.jobs()) {
      for (Stage s : j.stages()) {
        n += 2 * s.tasks();
      }
    }
    long[] changes = new long[n];
    int k = 0;
    for (Job j : trace.jobs()) {
      long start = j.submitAtMs();
      for (Stage s : j.stages()) {
        long stageEnd = start;
        for (int d : s.taskMillis()) {
          changes[k++] = (start << 1) | 1L;
          changes[k++] = (start + d) << 1;
          stageEnd = Math.max(stageEnd, start + d);
        }
        start = stageEnd;
      }
    }
    Arrays.sort(changes);
    return changes;
  }

  static long busySlotMs(Trace trace, long horizon) {
    long sum = 0;
    for (Job j : trace.jobs()) {
      long start = j.submitAtMs();
      for (Stage s : j.stages()) {
        long stageEnd = start;
        for (int d : s.taskMillis()) {
          if (start < horizon) {
            sum += Math.min(d, horizon - start);
          }
          stageEnd = Math.max(stageEnd, start + d);
        }
        start = stageEnd;
      }
    }
    return sum;
  }

  private static long time(long packed) {
    return packed >> 1;
  }

  private static int delta(long packed) {
    return (packed & 1L) == 1L ? 1 : -1;
  }
}
