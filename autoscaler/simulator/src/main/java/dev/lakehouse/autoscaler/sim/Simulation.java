package dev.lakehouse.autoscaler.sim;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import dev.lakehouse.autoscaler.sim.EventQueue.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic discrete-event simulation of one Cluster or Warehouse on an integer-millisecond
 * virtual clock. Work arrives from a {@link Trace}; units take {@code startupDelayMs} from request
 * to ready and are billed from request until gone, starting and draining included. Decommissioned
 * units accept no new work, finish what they run, then stay billed for {@code decommissionMs};
 * starting units named for decommission are cancelled at once.
 *
 * <p>The simulation is the platform seen by the ports: {@link #clusterMetrics()} and {@link
 * #warehouseMetrics()} are metrics sources, {@link #apply(int, List)} is the realizer, {@link
 * #now()} the clock. Controllers registered with {@link #every(long, Runnable)} run on the virtual
 * clock.
 */
public final class Simulation {
  private final SimConfig config;
  private final Trace trace;
  private final EventQueue events = new EventQueue();
  private final List<SimUnit> live = new ArrayList<>();
  private final ArrayDeque<WorkItem> queue = new ArrayDeque<>();
  private final SeededRandom placementRandom;
  private final RunRecorder recorder = new RunRecorder();
  private final List<Runnable> controllers = new ArrayList<>();
  private final List<Long> intervals = new ArrayList<>();
  private final TimeWindow recentArrivals;
  private final TimeWindow recentCompletions;
  private final int[] jobStage;
  private final int[] stageRemaining;
  private final long[] stageDoneSum;
  private final int[] stageDoneCount;
  private long activeDoneSum;
  private long activeDoneCount;
  private int activeJobs;
  private int busySlots;
  private long lastActivityMs;
  private long now;
  private int unitsCreated;
  private long stepReachedAtMs = -1;
  private boolean finished;

  public Simulation(SimConfig config, Trace trace) {
    this.config = config;
    this.trace = trace;
    this.placementRandom = new SeededRandom(config.seed());
    this.recentArrivals = new TimeWindow(config.arrivalWindowMs());
    this.recentCompletions = new TimeWindow(config.completionWindowMs());
    int jobs = trace.jobs().size();
    this.jobStage = new int[jobs];
    this.stageRemaining = new int[jobs];
    this.stageDoneSum = new long[jobs];
    this.stageDoneCount = new int[jobs];
  }

  /** Runs {@code controller} at time 0 and then every {@code intervalMs} of virtual time. */
  public void every(long intervalMs, Runnable controller) {
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("interval must be > 0");
    }
    controllers.add(controller);
    intervals.add(intervalMs);
  }

  public long now() {
    return now;
  }

  public SimConfig config() {
    return config;
  }

  /** Runs to the trace's horizon and returns the measurements. A simulation runs once. */
  public RunResult run() {
    if (finished) {
      throw new IllegalStateException("a simulation runs once");
    }
    for (int i = 0; i < config.initialUnits(); i++) {
      SimUnit u = newUnit();
      u.readyAtMs = 0;
      u.idleSinceMs = 0;
    }
    for (int j = 0; j < trace.jobs().size(); j++) {
      long at = trace.jobs().get(j).submitAtMs();
      if (at < trace.horizonMs()) {
        events.schedule(at, EventQueue.Type.SUBMIT, j, null, null);
      }
    }
    for (int i = 0; i < controllers.size(); i++) {
      events.schedule(0, EventQueue.Type.TICK, i, null, null);
    }
    if (trace.stepAtMs() >= 0) {
      events.schedule(trace.stepAtMs(), EventQueue.Type.STEP, 0, null, null);
    }
    while (!events.isEmpty()) {
      Event e = events.poll();
      if (e.timeMs() > trace.horizonMs()) {
        break;
      }
      now = e.timeMs();
      handle(e);
    }
    now = trace.horizonMs();
    finished = true;
    return finish();
  }

  private void handle(Event e) {
    switch (e.type()) {
      case SUBMIT -> submit(e.index());
      case TASK_DONE -> taskDone(e.unit(), e.item());
      case UNIT_READY -> unitReady(e.unit());
      case UNIT_GONE -> unitGone(e.unit());
      case TICK -> {
        controllers.get(e.index()).run();
        long next = now + intervals.get(e.index());
        if (next <= trace.horizonMs()) {
          events.schedule(next, EventQueue.Type.TICK, e.index(), null, null);
        }
      }
      case STEP -> checkStepCapacity();
    }
  }

  private void submit(int job) {
    activeJobs++;
    recentArrivals.add(now, 1);
    lastActivityMs = now;
    release(job, 0);
    dispatch();
  }

  private void release(int job, int stageIndex) {
    Stage stage = trace.jobs().get(job).stages().get(stageIndex);
    jobStage[job] = stageIndex;
    stageRemaining[job] = stage.tasks();
    stageDoneSum[job] = 0;
    stageDoneCount[job] = 0;
    for (int d : stage.taskMillis()) {
      queue.add(new WorkItem(job, now, d));
    }
  }

  private void taskDone(SimUnit unit, WorkItem item) {
    unit.busy--;
    busySlots--;
    lastActivityMs = now;
    recentCompletions.add(now, item.durationMs());
    int job = item.job();
    stageDoneSum[job] += item.durationMs();
    stageDoneCount[job]++;
    activeDoneSum += item.durationMs();
    activeDoneCount++;
    if (--stageRemaining[job] == 0) {
      // The stage is over: its tasks no longer describe the active stages.
      activeDoneSum -= stageDoneSum[job];
      activeDoneCount -= stageDoneCount[job];
      int next = jobStage[job] + 1;
      if (next < trace.jobs().get(job).stages().size()) {
        release(job, next);
      } else {
        activeJobs--;
      }
    }
    if (unit.busy == 0) {
      unit.idleSinceMs = now;
      if (unit.isLeaving()) {
        events.schedule(now + config.decommissionMs(), EventQueue.Type.UNIT_GONE, 0, unit, null);
      }
    }
    dispatch();
  }

  private void unitReady(SimUnit unit) {
    if (unit.isGone()) {
      return;
    }
    unit.readyAtMs = now;
    unit.idleSinceMs = now;
    if (unit.isLeaving() && unit.busy == 0) {
      events.schedule(now + config.decommissionMs(), EventQueue.Type.UNIT_GONE, 0, unit, null);
    }
    dispatch();
    checkStepCapacity();
  }

  private void unitGone(SimUnit unit) {
    if (unit.isGone()) {
      return;
    }
    unit.goneAtMs = now;
    live.remove(unit);
    recorder.bill(unit, now);
  }

  private void dispatch() {
    while (!queue.isEmpty()) {
      SimUnit unit = pickUnit();
      if (unit == null) {
        return;
      }
      WorkItem item = queue.poll();
      unit.busy++;
      unit.idleSinceMs = -1;
      busySlots++;
      recorder.waited(now - item.arrivalMs());
      recorder.busy(Math.min(item.durationMs(), trace.horizonMs() - now));
      events.schedule(now + item.durationMs(), EventQueue.Type.TASK_DONE, 0, unit, item);
    }
  }

  private SimUnit pickUnit() {
    int slots = config.slotsPerUnit();
    if (config.placement() == Placement.LEAST_LOADED) {
      SimUnit best = null;
      for (SimUnit u : live) {
        if (u.acceptsWork(slots) && (best == null || u.busy < best.busy)) {
          best = u;
        }
      }
      return best;
    }
    int candidates = 0;
    for (SimUnit u : live) {
      if (u.acceptsWork(slots)) {
        candidates++;
      }
    }
    if (candidates == 0) {
      return null;
    }
    int pick = placementRandom.nextInt(candidates);
    for (SimUnit u : live) {
      if (u.acceptsWork(slots) && pick-- == 0) {
        return u;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private void checkStepCapacity() {
    if (stepReachedAtMs >= 0 || trace.stepAtMs() < 0 || now < trace.stepAtMs()) {
      return;
    }
    int ready = 0;
    for (SimUnit u : live) {
      if (u.isReady() && !u.isLeaving()) {
        ready++;
      }
    }
    if (ready >= trace.stepNeededUnits()) {
      stepReachedAtMs = now;
    }
  }

  private SimUnit newUnit() {
    SimUnit u = new SimUnit(String.format("u-%05d", ++unitsCreated), now);
    live.add(u);
    return u;
  }

  private int activeUnits() {
    int n = 0;
    for (SimUnit u : live) {
      if (!u.isLeaving()) {
        n++;
      }
    }
    return n;
  }

  private SimUnit findLive(String name) {
    for (SimUnit u : live) {
      if (u.name.equals(name)) {
        return u;
      }
    }
    return null;
  }

  // ---- the ports
  // -------------------------------------------------------------------------------------

  /**
   * The realizer: named units go (starting ones cancelled, ready ones decommissioned gracefully),
   * then units are added until {@code desiredUnits} are active. Names already leaving or gone are
   * ignored (idempotent).
   */
  public void apply(int desiredUnits, List<String> decommission) {
    int before = activeUnits();
    for (String name : decommission) {
      SimUnit u = findLive(name);
      if (u == null || u.isLeaving()) {
        continue;
      }
      u.leaveAtMs = now;
      if (!u.isReady()) {
        u.goneAtMs = now;
        live.remove(u);
        recorder.bill(u, now);
      } else if (u.busy == 0) {
        events.schedule(now + config.decommissionMs(), EventQueue.Type.UNIT_GONE, 0, u, null);
      }
    }
    int active = activeUnits();
    if (desiredUnits < active) {
      throw new IllegalStateException(
          "asked for "
              + desiredUnits
              + " units but only named "
              + (before - active)
              + " of "
              + before
              + " to go: the policy must name the units that go");
    }
    for (int i = active; i < desiredUnits; i++) {
      SimUnit u = newUnit();
      events.schedule(now + config.startupDelayMs(), EventQueue.Type.UNIT_READY, 0, u, null);
    }
    int after = activeUnits();
    if (after != before) {
      recorder.act(now, before, after);
    }
  }

  private List<CapacityUnit> unitViews() {
    List<CapacityUnit> views = new ArrayList<>(live.size());
    for (SimUnit u : live) {
      views.add(u.view());
    }
    return views;
  }

  /**
   * The metrics source of a Cluster: workers, running and pending tasks, mean task time of active
   * stages.
   */
  public ClusterMetrics clusterMetrics() {
    long mean = activeDoneCount > 0 ? activeDoneSum / activeDoneCount : 0;
    return new ClusterMetrics(
        now,
        config.slotsPerUnit(),
        activeUnits(),
        unitViews(),
        busySlots,
        queue.size(),
        mean,
        activeJobs,
        0,
        0,
        lastActivityMs);
  }

  /**
   * The metrics source of a Warehouse: member clusters, running and queued queries, recent
   * arrivals.
   */
  public WarehouseMetrics warehouseMetrics() {
    recentArrivals.prune(now);
    recentCompletions.prune(now);
    long oldestWait = queue.isEmpty() ? 0 : now - queue.peek().arrivalMs();
    long meanQuery =
        recentCompletions.count() == 0 ? 0 : recentCompletions.sum() / recentCompletions.count();
    return new WarehouseMetrics(
        now,
        config.slotsPerUnit(),
        activeUnits(),
        unitViews(),
        busySlots,
        queue.size(),
        oldestWait,
        recentArrivals.count(),
        config.arrivalWindowMs(),
        meanQuery,
        lastActivityMs);
  }

  // ---- results
  // --------------------------------------------------------------------------------------

  private RunResult finish() {
    long horizon = trace.horizonMs();
    for (SimUnit u : live) {
      recorder.bill(u, horizon);
    }
    for (WorkItem w : queue) {
      recorder.unfinished(horizon - w.arrivalMs());
    }
    // Work never released (later stages of unfinished jobs) is not counted: it never arrived.
    long ttc = -1;
    if (trace.stepAtMs() >= 0) {
      ttc = stepReachedAtMs >= 0 ? stepReachedAtMs - trace.stepAtMs() : horizon - trace.stepAtMs();
    }
    return recorder.finish(horizon, config.slotsPerUnit(), trace.stationarySegments(), ttc);
  }

  /** Scaling actions of the finished run, in order. */
  public List<ScalingAct> acts() {
    return recorder.acts();
  }
}
