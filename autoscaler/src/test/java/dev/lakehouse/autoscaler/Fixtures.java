package dev.lakehouse.autoscaler;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.UnitPhase;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import java.util.ArrayList;
import java.util.List;

/** Builders of metrics snapshots for tests. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * {@code count} ready workers named w-0, w-1... each running {@code busy} tasks, ready since time
   * 0.
   */
  public static List<CapacityUnit> ready(int count, int busy) {
    return ready("w-", 0, count, busy, 0);
  }

  public static List<CapacityUnit> ready(
      String prefix, int from, int count, int busy, long idleSinceMs) {
    List<CapacityUnit> units = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      units.add(CapacityUnit.ready(prefix + i, busy, 0, 0, busy == 0 ? idleSinceMs : -1));
    }
    return units;
  }

  public static List<CapacityUnit> starting(
      String prefix, int from, int count, long requestedAtMs) {
    List<CapacityUnit> units = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      units.add(CapacityUnit.starting(prefix + i, requestedAtMs));
    }
    return units;
  }

  public static CapacityUnit decommissioning(String name, int busy) {
    return new CapacityUnit(name, UnitPhase.DECOMMISSIONING, busy, 0, 0, -1);
  }

  @SafeVarargs
  public static List<CapacityUnit> all(List<CapacityUnit>... lists) {
    List<CapacityUnit> out = new ArrayList<>();
    for (List<CapacityUnit> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  /**
   * A cluster snapshot taken at {@code nowMs} with 4 slots per worker; desired = visible active
   * workers.
   */
  public static ClusterMetrics cluster(
      long nowMs, List<CapacityUnit> workers, int running, int pending, long meanTaskMs) {
    int active = (int) workers.stream().filter(w -> w.phase() != UnitPhase.DECOMMISSIONING).count();
    return new ClusterMetrics(
        nowMs, 4, active, workers, running, pending, meanTaskMs, 1, 0, 0, nowMs);
  }

  public static ClusterMetrics clusterWithDesired(
      long nowMs,
      List<CapacityUnit> workers,
      int desired,
      int running,
      int pending,
      long meanTaskMs) {
    return new ClusterMetrics(
        nowMs, 4, desired, workers, running, pending, meanTaskMs, 1, 0, 0, nowMs);
  }

  /** A warehouse snapshot with 10 queries per cluster and a 120 s arrival window. */
  public static WarehouseMetrics warehouse(
      long nowMs,
      List<CapacityUnit> clusters,
      int running,
      int queued,
      long oldestWaitMs,
      int recentArrivals,
      long meanQueryMs,
      long lastActivityMs) {
    int active =
        (int) clusters.stream().filter(w -> w.phase() != UnitPhase.DECOMMISSIONING).count();
    return new WarehouseMetrics(
        nowMs,
        10,
        active,
        clusters,
        running,
        queued,
        oldestWaitMs,
        recentArrivals,
        120_000L,
        meanQueryMs,
        lastActivityMs);
  }
}
