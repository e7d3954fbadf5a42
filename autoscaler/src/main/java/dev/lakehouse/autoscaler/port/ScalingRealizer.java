package dev.lakehouse.autoscaler.port;

import java.util.List;

/**
 * Makes a decision happen on the platform. Called only for decisions that change something.
 *
 * <p>Growth: {@code decommission} is empty and {@code desiredUnits} is larger than today. Shrink:
 * the named units go (starting ones are cancelled, idle ones removed, busy ones gracefully
 * decommissioned first) and {@code desiredUnits} is what remains. The realizer never chooses
 * victims itself. It must be idempotent: after an operator restart the same names may be handed
 * over again.
 */
@FunctionalInterface
public interface ScalingRealizer {
  void apply(ScalingTarget target, int desiredUnits, List<String> decommission);
}
