package dev.lakehouse.autoscaler.model;

/** What a decision does to the size. */
public enum ScalingAction {
  HOLD,
  SCALE_UP,
  SCALE_DOWN;

  /** +1, -1 or 0: used to count reversals (flaps). */
  public int direction() {
    return switch (this) {
      case SCALE_UP -> 1;
      case SCALE_DOWN -> -1;
      case HOLD -> 0;
    };
  }
}
