package dev.lakehouse.autoscaler.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.autoscaler.sim.Job;
import dev.lakehouse.autoscaler.sim.ScalingAct;
import dev.lakehouse.autoscaler.sim.Stage;
import dev.lakehouse.autoscaler.sim.Trace;
import dev.lakehouse.autoscaler.sim.TraceKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkiRentalOracleTest {
  /** One-slot units; a 50 s task at 100 s and a 20 s task at 180 s (a 30 s gap); 400 s horizon. */
  static final Trace TWO_TASKS =
      new Trace(
          "two",
          TraceKind.WAREHOUSE,
          400_000,
          List.of(Job.query(100_000, 50_000), Job.query(180_000, 20_000)),
          List.of(),
          -1,
          0);

  @Test
  void aGapLongerThanStartupPlusDecommissionIsReleased() {
    // startup 20 + decommission 5 = 25 < 30: 20 + 50 + (5 + 20) + 20 + 5 = 120 s.
    OracleResult r = SkiRentalOracle.solve(TWO_TASKS, 1, 0, 5, 20_000, 5_000);
    assertThat(r.unitMs()).isEqualTo(120_000);
    assertThat(r.busySlotMs()).isEqualTo(70_000);
    assertThat(r.acts())
        .containsExactly(
            new ScalingAct(80_000, 0, 1),
            new ScalingAct(150_000, 1, 0),
            new ScalingAct(160_000, 0, 1),
            new ScalingAct(200_000, 1, 0));
  }

  @Test
  void aGapShorterThanStartupPlusDecommissionIsBridged() {
    // startup 40 + decommission 5 = 45 > 30: 40 + 50 + 30 + 20 + 5 = 145 s.
    OracleResult r = SkiRentalOracle.solve(TWO_TASKS, 1, 0, 5, 40_000, 5_000);
    assertThat(r.unitMs()).isEqualTo(145_000);
    assertThat(r.acts()).hasSize(2);
  }

  @Test
  void levelsUpToMinAreAlwaysOnAndLevelsStack() {
    // Two 10 s tasks at once on 1-slot units with min 1: level 1 always on, level 2 for 10 s.
    Trace t =
        new Trace(
            "pair",
            TraceKind.CLUSTER,
            100_000,
            List.of(new Job(50_000, List.of(new Stage(new int[] {10_000, 10_000})))),
            List.of(),
            -1,
            0);
    OracleResult r = SkiRentalOracle.solve(t, 1, 1, 4, 5_000, 2_000);
    assertThat(r.unitMs()).isEqualTo(100_000 + 5_000 + 10_000 + 2_000);
  }

  @Test
  void demandAboveMaxIsCappedAndStagesFollowEachOther() {
    // Stage 2 (three 10 s tasks) starts when stage 1 (one 5 s task) ends at 5 s; max 2 one-slot
    // units.
    Trace t =
        new Trace(
            "dag",
            TraceKind.CLUSTER,
            60_000,
            List.of(
                new Job(
                    0,
                    List.of(
                        new Stage(new int[] {5_000}),
                        new Stage(new int[] {10_000, 10_000, 10_000})))),
            List.of(),
            -1,
            0);
    OracleResult r = SkiRentalOracle.solve(t, 1, 0, 2, 0, 0);
    // Level 1: 0..15 s; level 2: 5..15 s.
    assertThat(r.unitMs()).isEqualTo(15_000 + 10_000);
    assertThat(r.busySlotMs()).isEqualTo(35_000);
  }
}
