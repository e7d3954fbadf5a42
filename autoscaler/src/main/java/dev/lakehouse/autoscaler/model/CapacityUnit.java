package dev.lakehouse.autoscaler.model;

import java.util.Objects;

/**
 * One unit of capacity as the metrics source sees it: a worker of a Cluster (slots are task slots)
 * or a member cluster of a Warehouse (slots are concurrent queries).
 *
 * @param name stable name; scale-down decisions name the units that go
 * @param phase starting, ready or decommissioning
 * @param busySlots tasks or queries running on it now
 * @param requestedAtMs when it was requested (pod creation time), epoch ms
 * @param readyAtMs when it became ready, or -1 while starting
 * @param idleSinceMs since when it runs nothing, or -1 while busy or starting
 */
public record CapacityUnit(
    String name,
    UnitPhase phase,
    int busySlots,
    long requestedAtMs,
    long readyAtMs,
    long idleSinceMs) {

  public CapacityUnit {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phase, "phase");
    if (busySlots < 0) {
      throw new IllegalArgumentException("busySlots must be >= 0, was " + busySlots);
    }
  }

  public static CapacityUnit ready(
      String name, int busySlots, long requestedAtMs, long readyAtMs, long idleSinceMs) {
    return new CapacityUnit(
        name, UnitPhase.READY, busySlots, requestedAtMs, readyAtMs, idleSinceMs);
  }

  public static CapacityUnit starting(String name, long requestedAtMs) {
    return new CapacityUnit(name, UnitPhase.STARTING, 0, requestedAtMs, -1, -1);
  }

  public boolean isIdle() {
    return phase == UnitPhase.READY && busySlots == 0;
  }
}
