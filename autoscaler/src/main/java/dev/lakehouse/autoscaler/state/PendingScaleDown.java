package dev.lakehouse.autoscaler.state;

/**
 * A unit the policy named for decommission and that has not gone yet. Kept so that an operator
 * restart neither forgets it nor counts it as capacity.
 *
 * @param unit the unit's name
 * @param requestedAtMs when the policy named it, epoch ms
 */
public record PendingScaleDown(String unit, long requestedAtMs) {}
