package dev.lakehouse.autoscaler.bench;

import dev.lakehouse.autoscaler.sim.TraceKind;

/**
 * One line of the results: a policy on a workload at one provisioning delay.
 *
 * @param costVsOracle worker-seconds divided by the oracle's on the same workload and delay
 */
public record ResultRow(
    PolicyKind policy,
    String workload,
    TraceKind kind,
    long delaySeconds,
    double workerSeconds,
    double idleFraction,
    long p50WaitMs,
    long p95WaitMs,
    long p99WaitMs,
    long sloViolations10s,
    long sloViolations60s,
    double actionsPerHour,
    int flaps,
    int stationaryFlaps,
    long timeToCapacityMs,
    double costVsOracle) {}
