package dev.lakehouse.autoscaler.policy;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.UnitPhase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which units go, cheapest loss first: starting units (cancelled before they cost more),
 * then idle units (longest idle first), then busy units with the least running work (they drain
 * gracefully). Ties go to the newest unit, then by name, so the choice is deterministic.
 */
public final class DecommissionOrder {
  private static final Comparator<CapacityUnit> ORDER =
      Comparator.comparingInt(DecommissionOrder::rank)
          .thenComparingLong(
              u -> u.phase() == UnitPhase.READY && u.busySlots() == 0 ? u.idleSinceMs() : 0L)
          .thenComparingInt(CapacityUnit::busySlots)
          .thenComparing(Comparator.comparingLong(CapacityUnit::requestedAtMs).reversed())
          .thenComparing(CapacityUnit::name);

  private DecommissionOrder() {}

  /** The first {@code count} units to decommission among {@code candidates}. */
  public static List<String> pick(List<CapacityUnit> candidates, int count) {
    List<CapacityUnit> sorted = new ArrayList<>(candidates);
    sorted.sort(ORDER);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < Math.min(count, sorted.size()); i++) {
      names.add(sorted.get(i).name());
    }
    return names;
  }

  private static int rank(CapacityUnit u) {
    if (u.phase() == UnitPhase.STARTING) {
      return 0;
    }
    return u.busySlots() == 0 ? 1 : 2;
  }
}
