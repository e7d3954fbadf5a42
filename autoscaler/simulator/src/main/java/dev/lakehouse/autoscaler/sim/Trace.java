package dev.lakehouse.autoscaler.sim;

import java.util.Comparator;
import java.util.List;

/**
 * A generated workload: jobs sorted by submit time, how long to simulate, which segments have a
 * constant arrival rate (flaps are counted there), and where a step in load is, if any.
 *
 * @param name workload name as printed in the table
 * @param kind cluster or warehouse
 * @param horizonMs simulated time; billing stops here
 * @param jobs the work
 * @param stationarySegments intervals with a constant arrival rate
 * @param stepAtMs when load steps up, or -1
 * @param stepNeededUnits units the load after the step needs on average, or 0
 */
public record Trace(
    String name,
    TraceKind kind,
    long horizonMs,
    List<Job> jobs,
    List<Segment> stationarySegments,
    long stepAtMs,
    int stepNeededUnits) {
  public Trace {
    jobs = jobs.stream().sorted(Comparator.comparingLong(Job::submitAtMs)).toList();
    stationarySegments = List.copyOf(stationarySegments);
  }
}
