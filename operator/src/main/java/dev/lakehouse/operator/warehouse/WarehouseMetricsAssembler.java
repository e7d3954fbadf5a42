package dev.lakehouse.operator.warehouse;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.UnitPhase;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Joins what Kubernetes says of the fleet (which clusters start, are ready, drain) with what their
 * SQL endpoints report into the numbers the Warehouse policy decides on: a pure function.
 *
 * <p>A connection the gateway holds while no cluster runs is a query waiting: {@code demandSince}
 * adds it to the queue, so the policy's start-on-demand rule wakes the Warehouse.
 */
public final class WarehouseMetricsAssembler {
  private WarehouseMetricsAssembler() {}

  /**
   * @param loads the load of each member whose endpoint could be read, by name
   * @param desired the clusters asked for (the last decision), starting ones included
   * @param demandSince when a query began waiting with no cluster to take it, if one does
   * @param activityFloor the latest activity known besides the endpoints' (a wake, the last query
   *     time recorded), so a restart does not forget it
   * @return empty when a ready cluster's load cannot be read: the policy then holds the size
   */
  public static Optional<WarehouseMetrics> assemble(
      int queriesPerCluster,
      List<FleetMember> members,
      Map<String, SqlLoad> loads,
      int desired,
      Optional<Instant> demandSince,
      Instant activityFloor,
      Instant now) {
    List<CapacityUnit> units = new ArrayList<>();
    int running = 0;
    int queued = 0;
    long oldestWait = 0;
    int arrivals = 0;
    long window = SqlLoad.DEFAULT_ARRIVAL_WINDOW_MS;
    long weightedMillis = 0;
    int weights = 0;
    long lastActivity = activityFloor.toEpochMilli();
    for (FleetMember member : members) {
      long requested = member.createdAt().toEpochMilli();
      SqlLoad load = loads.get(member.name());
      // Only a member that takes connections must report: one that drains or is being deleted
      // may have closed its endpoint already, and it is capacity leaving whatever it says.
      if (member.routable() && load == null) {
        return Optional.empty();
      }
      if (load != null) {
        running += load.running();
        queued += load.queued();
        oldestWait = Math.max(oldestWait, load.oldestQueuedWaitMs());
        arrivals += load.recentArrivals();
        window = Math.max(window, load.arrivalWindowMs());
        if (load.meanQueryMillis() > 0) {
          int weight = Math.max(1, load.recentArrivals());
          weightedMillis += load.meanQueryMillis() * weight;
          weights += weight;
        }
        lastActivity = Math.max(lastActivity, load.lastActivityMs());
      }
      int busy = load == null ? 0 : load.running();
      if (member.draining() || member.deleting()) {
        units.add(
            new CapacityUnit(member.name(), UnitPhase.DECOMMISSIONING, busy, requested, -1, -1));
      } else if (!member.ready()) {
        units.add(CapacityUnit.starting(member.name(), requested));
      } else {
        long readyAt = member.readySince().orElse(member.createdAt()).toEpochMilli();
        long idleSince =
            busy > 0 ? -1 : Math.max(readyAt, load == null ? 0 : load.lastActivityMs());
        units.add(CapacityUnit.ready(member.name(), busy, requested, readyAt, idleSince));
      }
    }
    if (demandSince.isPresent()) {
      queued += 1;
      arrivals += 1;
      oldestWait = Math.max(oldestWait, now.toEpochMilli() - demandSince.get().toEpochMilli());
      lastActivity = Math.max(lastActivity, demandSince.get().toEpochMilli());
    }
    return Optional.of(
        new WarehouseMetrics(
            now.toEpochMilli(),
            queriesPerCluster,
            desired,
            units,
            running,
            queued,
            Math.max(0, oldestWait),
            arrivals,
            window,
            weights == 0 ? 0 : weightedMillis / weights,
            lastActivity));
  }
}
