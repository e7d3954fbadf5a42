package dev.lakehouse.autoscaler.policy;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.UnitPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The units that count as capacity: ready or starting, and not already named to leave. Units asked
 * of the platform but not visible yet (pods not created) count as starting, so that a slow API
 * never makes the policy ask twice.
 */
public final class CapacityView {
  private final List<CapacityUnit> active;
  private final int ready;
  private final int starting;
  private final int invisibleStarting;
  private final int leaving;

  private CapacityView(
      List<CapacityUnit> active, int ready, int starting, int invisibleStarting, int leaving) {
    this.active = List.copyOf(active);
    this.ready = ready;
    this.starting = starting;
    this.invisibleStarting = invisibleStarting;
    this.leaving = leaving;
  }

  /**
   * @param units every unit the metrics source sees
   * @param desiredUnits the size currently asked of the platform
   * @param leavingNames units already named for decommission (counted as leaving whatever their
   *     phase)
   */
  public static CapacityView of(
      List<CapacityUnit> units, int desiredUnits, Set<String> leavingNames) {
    List<CapacityUnit> active = new ArrayList<>();
    int ready = 0;
    int starting = 0;
    int leaving = 0;
    int namedNotYetLeaving = 0;
    for (CapacityUnit u : units) {
      if (u.phase() == UnitPhase.DECOMMISSIONING || leavingNames.contains(u.name())) {
        leaving++;
        if (u.phase() != UnitPhase.DECOMMISSIONING) {
          // The platform still counts it in its desired size until it is told to leave.
          namedNotYetLeaving++;
        }
      } else if (u.phase() == UnitPhase.READY) {
        ready++;
        active.add(u);
      } else {
        starting++;
        active.add(u);
      }
    }
    int invisible = Math.max(0, desiredUnits - ready - starting - namedNotYetLeaving);
    return new CapacityView(active, ready, starting, invisible, leaving);
  }

  /** Ready and starting units that are not leaving, including the ones not visible yet. */
  public int activeUnits() {
    return ready + starting + invisibleStarting;
  }

  public int ready() {
    return ready;
  }

  /** Starting units, visible or not. */
  public int starting() {
    return starting + invisibleStarting;
  }

  public int invisibleStarting() {
    return invisibleStarting;
  }

  public int leaving() {
    return leaving;
  }

  /** The visible active units: candidates to decommission. */
  public List<CapacityUnit> activeUnitsList() {
    return active;
  }

  /** Free slots on ready units that are not leaving. */
  public int freeReadySlots(int slotsPerUnit) {
    int free = 0;
    for (CapacityUnit u : active) {
      if (u.phase() == UnitPhase.READY) {
        free += Math.max(0, slotsPerUnit - u.busySlots());
      }
    }
    return free;
  }
}
