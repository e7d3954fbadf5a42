package dev.lakehouse.autoscaler.port;

/** Time in epoch milliseconds; injected so tests and the simulator control it. */
@FunctionalInterface
public interface Clock {
  long nowMillis();

  static Clock system() {
    return System::currentTimeMillis;
  }
}
