package dev.lakehouse.autoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Small runs whose billing, waits and actions are computed by hand. */
class SimulationAccountingTest {
  static final long HORIZON = 20_000;

  static SimConfig config(int slots, int initial) {
    return new SimConfig(
        slots, 10_000, 5_000, initial, Placement.LEAST_LOADED, 1, 120_000, 300_000);
  }

  static Trace trace(List<Job> jobs) {
    return new Trace("hand", TraceKind.CLUSTER, HORIZON, jobs, List.of(), -1, 0);
  }

  /** Runs the given realizer calls at the given virtual times (checked every 1 s). */
  static Simulation withActions(Simulation sim, Map<Long, Runnable> actions) {
    TreeMap<Long, Runnable> todo = new TreeMap<>(actions);
    sim.every(
        1_000,
        () -> {
          Runnable r = todo.remove(sim.now());
          if (r != null) {
            r.run();
          }
        });
    return sim;
  }

  @Test
  void oneUnitThreeTasksTwoSlots() {
    // Tasks of 5 s at t=0 on one 2-slot unit: two start at once, the third waits 5 s.
    Job job = new Job(0, List.of(new Stage(new int[] {5_000, 5_000, 5_000})));
    RunResult r = new Simulation(config(2, 1), trace(List.of(job))).run();
    assertThat(r.unitMs()).isEqualTo(20_000);
    assertThat(r.startingMs()).isZero();
    assertThat(r.busySlotMs()).isEqualTo(15_000);
    assertThat(r.idleFraction()).isEqualTo(1 - 15_000.0 / 40_000.0);
    assertThat(r.items()).isEqualTo(3);
    assertThat(r.p50WaitMs()).isZero();
    assertThat(r.p95WaitMs()).isEqualTo(5_000);
    assertThat(r.sloViolations10s()).isZero();
    assertThat(r.actions()).isZero();
  }

  @Test
  void startingAndDrainingAreBilled() {
    Simulation sim = new Simulation(config(2, 1), trace(List.of()));
    withActions(
        sim,
        Map.of(0L, () -> sim.apply(2, List.of()), 12_000L, () -> sim.apply(1, List.of("u-00002"))));
    RunResult r = sim.run();
    // u-00001: 0..20 s. u-00002: requested 0, ready 10 s, told to leave at 12 s while idle, gone at
    // 17 s.
    assertThat(r.unitMs()).isEqualTo(20_000 + 17_000);
    assertThat(r.startingMs()).isEqualTo(10_000);
    assertThat(r.drainingMs()).isEqualTo(5_000);
    assertThat(r.actions()).isEqualTo(2);
    assertThat(r.flaps()).isEqualTo(1);
    assertThat(sim.acts()).containsExactly(new ScalingAct(0, 1, 2), new ScalingAct(12_000, 2, 1));
  }

  @Test
  void aStartingUnitNamedToGoIsCancelledAndBilledOnlyUntilThen() {
    Simulation sim = new Simulation(config(2, 1), trace(List.of()));
    withActions(
        sim,
        Map.of(0L, () -> sim.apply(2, List.of()), 4_000L, () -> sim.apply(1, List.of("u-00002"))));
    RunResult r = sim.run();
    assertThat(r.unitMs()).isEqualTo(20_000 + 4_000);
    assertThat(r.startingMs()).isEqualTo(4_000);
  }

  @Test
  void aBusyUnitDrainsItsTaskBeforeItGoes() {
    // Two units; the 8 s task lands on the first; at 2 s it is told to leave: gone at 8 + 5 = 13 s.
    Job job = new Job(0, List.of(new Stage(new int[] {8_000})));
    Simulation sim = new Simulation(config(1, 2), trace(List.of(job)));
    withActions(sim, Map.of(2_000L, () -> sim.apply(1, List.of("u-00001"))));
    RunResult r = sim.run();
    assertThat(r.unitMs()).isEqualTo(13_000 + 20_000);
    assertThat(r.drainingMs()).isEqualTo(11_000);
    assertThat(r.busySlotMs()).isEqualTo(8_000);
  }

  @Test
  void aStageIsReleasedWhenThePreviousOneEnds() {
    Job job =
        new Job(1_000, List.of(new Stage(new int[] {3_000}), new Stage(new int[] {2_000, 2_000})));
    Simulation sim = new Simulation(config(2, 1), trace(List.of(job)));
    long[] pendingAt4s = new long[1];
    sim.every(
        1_000,
        () -> {
          if (sim.now() == 4_000) {
            pendingAt4s[0] = sim.clusterMetrics().runningTasks();
          }
        });
    RunResult r = sim.run();
    assertThat(pendingAt4s[0]).isEqualTo(2);
    assertThat(r.items()).isEqualTo(3);
    assertThat(r.p95WaitMs()).isZero();
    assertThat(r.busySlotMs()).isEqualTo(7_000);
  }

  @Test
  void workStillWaitingAtTheHorizonCountsItsWaitSoFar() {
    Job job = new Job(0, List.of(new Stage(new int[] {30_000, 30_000})));
    RunResult r = new Simulation(config(1, 1), trace(List.of(job))).run();
    assertThat(r.unfinished()).isEqualTo(1);
    assertThat(r.p95WaitMs()).isEqualTo(20_000);
    assertThat(r.sloViolations10s()).isEqualTo(1);
    assertThat(r.busySlotMs()).isEqualTo(20_000);
  }

  @Test
  void theRealizerRefusesToShrinkWithoutNames() {
    Simulation sim = new Simulation(config(1, 3), trace(List.of()));
    withActions(sim, Map.of(0L, () -> sim.apply(1, List.of())));
    assertThatThrownBy(sim::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must name");
  }

  @Test
  void metricsReportPhasesBacklogAndRecentArrivals() {
    Job q1 = Job.query(0, 15_000);
    Job q2 = Job.query(500, 15_000);
    Trace t = new Trace("q", TraceKind.WAREHOUSE, HORIZON, List.of(q1, q2), List.of(), -1, 0);
    Simulation sim = new Simulation(config(1, 1), t);
    var seen = new java.util.ArrayList<dev.lakehouse.autoscaler.model.WarehouseMetrics>();
    sim.every(
        1_000,
        () -> {
          if (sim.now() == 0) {
            sim.apply(2, List.of());
          }
          if (sim.now() == 3_000) {
            seen.add(sim.warehouseMetrics());
          }
        });
    sim.run();
    var m = seen.get(0);
    assertThat(m.runningQueries()).isEqualTo(1);
    assertThat(m.queuedQueries()).isEqualTo(1);
    assertThat(m.oldestQueuedWaitMs()).isEqualTo(2_500);
    assertThat(m.recentArrivals()).isEqualTo(2);
    assertThat(m.readyClusters()).isEqualTo(1);
    assertThat(m.startingClusters()).isEqualTo(1);
  }
}
