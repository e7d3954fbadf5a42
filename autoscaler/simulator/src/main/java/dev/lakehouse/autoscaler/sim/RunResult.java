package dev.lakehouse.autoscaler.sim;

/**
 * The measurements of one run.
 *
 * @param horizonMs simulated time
 * @param slotsPerUnit slots per unit
 * @param unitMs billed unit time, starting and draining included
 * @param startingMs of which units were starting
 * @param drainingMs of which units were decommissioning
 * @param busySlotMs slot time spent running work
 * @param items tasks or queries submitted
 * @param unfinished of which never started before the horizon (their wait counts up to the horizon)
 * @param p50WaitMs median wait before running
 * @param p95WaitMs 95th percentile wait
 * @param p99WaitMs 99th percentile wait
 * @param sloViolations10s items that waited more than 10 s
 * @param sloViolations60s items that waited more than 60 s
 * @param actions scaling actions carried out
 * @param flaps actions reversing the previous one within 10 minutes
 * @param stationaryFlaps of which inside a segment with a constant arrival rate
 * @param timeToCapacityMs from the load step until ready capacity met the step's need; -1 without a
 *     step, or the rest of the run if never met
 */
public record RunResult(
    long horizonMs,
    int slotsPerUnit,
    long unitMs,
    long startingMs,
    long drainingMs,
    long busySlotMs,
    long items,
    long unfinished,
    long p50WaitMs,
    long p95WaitMs,
    long p99WaitMs,
    long sloViolations10s,
    long sloViolations60s,
    int actions,
    int flaps,
    int stationaryFlaps,
    long timeToCapacityMs) {

  public double workerSeconds() {
    return unitMs / 1000.0;
  }

  /** Share of billed slot time that ran nothing. */
  public double idleFraction() {
    double billedSlotMs = (double) unitMs * slotsPerUnit;
    return billedSlotMs == 0 ? 0 : Math.max(0, 1.0 - busySlotMs / billedSlotMs);
  }

  public double actionsPerHour() {
    return horizonMs == 0 ? 0 : actions * 3_600_000.0 / horizonMs;
  }
}
