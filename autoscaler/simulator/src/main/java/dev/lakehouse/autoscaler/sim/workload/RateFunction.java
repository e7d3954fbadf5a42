package dev.lakehouse.autoscaler.sim.workload;

/**
 * Arrivals per second as a function of time: the intensity of a non-homogeneous Poisson process.
 */
@FunctionalInterface
public interface RateFunction {
  double perSecond(long timeMs);
}
