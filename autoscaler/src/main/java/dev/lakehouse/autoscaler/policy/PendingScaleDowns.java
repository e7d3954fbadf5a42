package dev.lakehouse.autoscaler.policy;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.UnitPhase;
import dev.lakehouse.autoscaler.state.PendingScaleDown;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Matches the remembered scale-downs against what the platform shows: gone units are forgotten,
 * units still ready or starting were never told to leave (the operator stopped in between) and are
 * named again.
 *
 * @param stillPending remembered scale-downs whose unit still exists
 * @param notYetLeaving units named earlier that are not decommissioning yet
 */
public record PendingScaleDowns(List<PendingScaleDown> stillPending, List<String> notYetLeaving) {

  public static PendingScaleDowns reconcile(
      List<PendingScaleDown> remembered, List<CapacityUnit> units) {
    Map<String, CapacityUnit> byName =
        units.stream()
            .collect(Collectors.toMap(CapacityUnit::name, Function.identity(), (a, b) -> a));
    List<PendingScaleDown> still = new ArrayList<>();
    List<String> again = new ArrayList<>();
    for (PendingScaleDown p : remembered) {
      CapacityUnit u = byName.get(p.unit());
      if (u == null) {
        continue;
      }
      still.add(p);
      if (u.phase() != UnitPhase.DECOMMISSIONING) {
        again.add(p.unit());
      }
    }
    return new PendingScaleDowns(List.copyOf(still), List.copyOf(again));
  }

  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    stillPending.forEach(p -> names.add(p.unit()));
    return names;
  }
}
