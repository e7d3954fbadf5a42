package dev.lakehouse.autoscaler.sim;

/**
 * The platform being simulated.
 *
 * @param slotsPerUnit task slots per worker, or concurrent queries per member cluster
 * @param startupDelayMs request to ready (billed)
 * @param decommissionMs from last task (or the order, if idle) to gone (billed)
 * @param initialUnits ready units at time 0
 * @param placement how work is placed
 * @param seed seed of the placement randomness
 * @param arrivalWindowMs window of the "recent arrivals" metric
 * @param completionWindowMs window of the "mean recent query time" metric
 */
public record SimConfig(
    int slotsPerUnit,
    long startupDelayMs,
    long decommissionMs,
    int initialUnits,
    Placement placement,
    long seed,
    long arrivalWindowMs,
    long completionWindowMs) {
  public SimConfig {
    if (slotsPerUnit <= 0 || startupDelayMs < 0 || decommissionMs < 0 || initialUnits < 0) {
      throw new IllegalArgumentException("invalid simulation config");
    }
  }

  public SimConfig withInitialUnits(int units) {
    return new SimConfig(
        slotsPerUnit,
        startupDelayMs,
        decommissionMs,
        units,
        placement,
        seed,
        arrivalWindowMs,
        completionWindowMs);
  }
}
