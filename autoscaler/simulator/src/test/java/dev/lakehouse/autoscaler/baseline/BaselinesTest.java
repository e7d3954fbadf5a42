package dev.lakehouse.autoscaler.baseline;

import static dev.lakehouse.autoscaler.Fixtures.all;
import static dev.lakehouse.autoscaler.Fixtures.cluster;
import static dev.lakehouse.autoscaler.Fixtures.ready;
import static dev.lakehouse.autoscaler.Fixtures.starting;
import static dev.lakehouse.autoscaler.Fixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.autoscaler.model.ScalingAction;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.cluster.ClusterKind;
import dev.lakehouse.autoscaler.state.ScalerState;
import org.junit.jupiter.api.Test;

class BaselinesTest {
  final ScalerState s = ScalerState.initial();

  @Test
  void sparkDynamicAllocationRampsExponentiallyAfterOneSecondOfBacklog() {
    SparkDynamicAllocation dra = new SparkDynamicAllocation(2, 40);
    // 200 pending tasks; the test plays the cluster manager: every request is visible at once as
    // starting.
    int size = 2;
    int[] expected = {2, 3, 5, 9, 17};
    for (int second = 0; second < expected.length; second++) {
      var workers = all(ready(2, 4), starting("s-", 0, size - 2, second * 1_000L));
      ScalingDecision d =
          dra.decide(cluster(second * 1_000L, workers, 8, 200, 5_000), s, second * 1_000L);
      size = d.desiredUnits();
      assertThat(size).as("target after %d s", second).isEqualTo(expected[second]);
    }
  }

  @Test
  void sparkDynamicAllocationRemovesExecutorsIdleForSixtySeconds() {
    SparkDynamicAllocation dra = new SparkDynamicAllocation(2, 40);
    var workers =
        all(ready("busy-", 0, 2, 1, -1), ready("old-", 0, 2, 0, 0), ready("new-", 0, 1, 0, 50_000));
    ScalingDecision d = dra.decide(cluster(70_000, workers, 2, 0, 5_000), s, 70_000);
    assertThat(d.action()).isEqualTo(ScalingAction.SCALE_DOWN);
    assertThat(d.decommission()).containsExactlyInAnyOrder("old-0", "old-1");
  }

  @Test
  void standardStartsWithEightWorkersAndWaitsForThemBeforeTheNextStep() {
    StandardAutoscaling std = new StandardAutoscaling(2, 40);
    ScalingDecision first = std.decide(cluster(0, ready(2, 4), 8, 500, 5_000), s, 0);
    assertThat(first.desiredUnits()).isEqualTo(10);
    var withStarting = all(ready(2, 4), starting("s-", 0, 8, 0));
    assertThat(std.decide(cluster(5_000, withStarting, 8, 500, 5_000), s, 5_000).action())
        .isEqualTo(ScalingAction.HOLD);
    ScalingDecision second = std.decide(cluster(60_000, ready(10, 4), 40, 500, 5_000), s, 60_000);
    assertThat(second.desiredUnits()).isEqualTo(26);
  }

  @Test
  void standardScalesDownOnlyAfterTenIdleMinutesStartingWithOneWorker() {
    StandardAutoscaling std = new StandardAutoscaling(2, 40);
    std.decide(cluster(0, ready(10, 0), 0, 0, 0), s, 0);
    assertThat(std.decide(cluster(590_000, ready(10, 0), 0, 0, 0), s, 590_000).action())
        .isEqualTo(ScalingAction.HOLD);
    assertThat(std.decide(cluster(600_000, ready(10, 0), 0, 0, 0), s, 600_000).decommission())
        .hasSize(1);
    assertThat(std.decide(cluster(605_000, ready(9, 0), 0, 0, 0), s, 605_000).decommission())
        .hasSize(2);
  }

  @Test
  void optimizedGoesFromMinToMaxInTwoSteps() {
    OptimizedAutoscaling opt = new OptimizedAutoscaling(2, 40, ClusterKind.INTERACTIVE);
    ScalingDecision first = opt.decide(cluster(0, ready(2, 4), 8, 1_000, 5_000), s, 0);
    assertThat(first.desiredUnits()).isEqualTo(21);
    var after = all(ready(2, 4), starting("s-", 0, 19, 0));
    assertThat(opt.decide(cluster(5_000, after, 8, 1_000, 5_000), s, 5_000).desiredUnits())
        .isEqualTo(40);
  }

  @Test
  void warehouseRulesUseTheDocumentedBands() {
    assertThat(WarehouseRules.clustersToAdd(1.9)).isZero();
    assertThat(WarehouseRules.clustersToAdd(2)).isEqualTo(1);
    assertThat(WarehouseRules.clustersToAdd(6)).isEqualTo(2);
    assertThat(WarehouseRules.clustersToAdd(12)).isEqualTo(3);
    assertThat(WarehouseRules.clustersToAdd(21.9)).isEqualTo(3);
    assertThat(WarehouseRules.clustersToAdd(37)).isEqualTo(4);
  }

  @Test
  void warehouseRulesAddAClusterAfterAFiveMinuteQueueWait() {
    WarehouseRules rules = new WarehouseRules(1, 10, 600_000);
    var m = warehouse(1_000_000, ready("c-", 0, 1, 10, -1), 10, 1, 300_000, 0, 1_000, 1_000_000);
    assertThat(rules.decide(m, s, 1_000_000).desiredUnits()).isEqualTo(2);
  }

  @Test
  void hpaScalesDownOnlyAfterItsStabilizationWindow() {
    HpaQueueLength<dev.lakehouse.autoscaler.model.WarehouseMetrics> hpa =
        HpaQueueLength.warehouse(1, 10, 10);
    var busy = warehouse(0, ready("c-", 0, 1, 10, -1), 10, 45, 1_000, 60, 5_000, 0);
    ScalingDecision up = hpa.decide(busy, s, 0);
    assertThat(up.desiredUnits()).isEqualTo(5);
    var drained = warehouse(0, ready("c-", 0, 5, 2, -1), 10, 0, 0, 60, 5_000, 0);
    assertThat(hpa.decide(drained, s, 150_000).action()).isEqualTo(ScalingAction.HOLD);
    ScalingDecision down = hpa.decide(drained, s, 301_000);
    assertThat(down.desiredUnits()).isEqualTo(1);
    assertThat(down.decommission()).containsExactly("c-4", "c-3", "c-2", "c-1");
  }
}
