package dev.lakehouse.autoscaler.model;

import java.util.List;

/** Counting helpers shared by the metrics records. */
final class UnitCounts {
  private UnitCounts() {}

  static int count(List<CapacityUnit> units, UnitPhase phase) {
    int n = 0;
    for (CapacityUnit u : units) {
      if (u.phase() == phase) {
        n++;
      }
    }
    return n;
  }
}
