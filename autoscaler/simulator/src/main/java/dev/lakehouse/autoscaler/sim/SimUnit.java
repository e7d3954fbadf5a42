package dev.lakehouse.autoscaler.sim;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.UnitPhase;

/** A simulated worker or member cluster, with what billing needs. */
final class SimUnit {
  final String name;
  final long requestedAtMs;
  long readyAtMs = -1;
  long idleSinceMs = -1;
  long leaveAtMs = -1;
  long goneAtMs = -1;
  int busy;

  SimUnit(String name, long requestedAtMs) {
    this.name = name;
    this.requestedAtMs = requestedAtMs;
  }

  boolean isReady() {
    return readyAtMs >= 0;
  }

  boolean isLeaving() {
    return leaveAtMs >= 0;
  }

  boolean isGone() {
    return goneAtMs >= 0;
  }

  boolean acceptsWork(int slots) {
    return isReady() && !isLeaving() && busy < slots;
  }

  CapacityUnit view() {
    UnitPhase phase =
        isLeaving() ? UnitPhase.DECOMMISSIONING : isReady() ? UnitPhase.READY : UnitPhase.STARTING;
    return new CapacityUnit(
        name, phase, busy, requestedAtMs, readyAtMs, busy == 0 ? idleSinceMs : -1);
  }
}
