package dev.lakehouse.autoscaler.policy;

import static dev.lakehouse.autoscaler.Fixtures.all;
import static dev.lakehouse.autoscaler.Fixtures.ready;
import static dev.lakehouse.autoscaler.Fixtures.starting;
import static dev.lakehouse.autoscaler.Fixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingAction;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import dev.lakehouse.autoscaler.policy.warehouse.WarehousePolicy;
import dev.lakehouse.autoscaler.policy.warehouse.WarehousePolicyConfig;
import dev.lakehouse.autoscaler.state.PeakSample;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarehousePolicyTest {
  static final long T = 10_000_000L;
  final WarehousePolicy policy = new WarehousePolicy(WarehousePolicyConfig.defaults(1, 6));

  @Test
  void expectedWorkScalesOutToTheClustersTheOfferedLoadNeeds() {
    // 120 arrivals in 2 min = 1 query/s, 30 s each: 30 in flight; +sqrt(30) margin = 35.5 -> 4
    // clusters.
    WarehouseMetrics m = warehouse(T, ready("c-", 0, 2, 10, -1), 20, 0, 0, 120, 30_000, T);
    ScalingDecision d = policy.decide(m, ScalerState.initial(), T);
    assertThat(d.action()).isEqualTo(ScalingAction.SCALE_UP);
    assertThat(d.reason()).isEqualTo(Reason.EXPECTED_WORK);
    assertThat(d.desiredUnits()).isEqualTo(4);
    assertThat(d.numbers()).containsEntry("offeredLoadMilli", 30_000L);
  }

  @Test
  void aShortQueueThatDrainsOnSpareSlotsAddsNothing() {
    // 15 queued 1-second queries on 2 clusters with little load: they start long before a cluster
    // could.
    WarehouseMetrics m = warehouse(T, ready("c-", 0, 2, 10, -1), 20, 15, 2_000, 24, 1_000, T);
    assertThat(policy.decide(m, ScalerState.initial(), T).action()).isEqualTo(ScalingAction.HOLD);
  }

  @Test
  void aQueryWaitingLongerThanTheBoundOnReadyCapacityAddsOneCluster() {
    WarehouseMetrics m = warehouse(T, ready("c-", 0, 2, 10, -1), 20, 1, 45_000, 0, 1_000, T);
    ScalingDecision d = policy.decide(m, ScalerState.initial(), T);
    assertThat(d.action()).isEqualTo(ScalingAction.SCALE_UP);
    assertThat(d.reason()).isEqualTo(Reason.QUEUE_WAIT_BOUND);
    assertThat(d.desiredUnits()).isEqualTo(3);
  }

  @Test
  void theWaitBoundIgnoresWaitsWhileAClusterStartsAndWaitsThroughAColdStart() {
    WarehouseMetrics whileStarting =
        warehouse(
            T,
            all(ready("c-", 0, 2, 10, -1), starting("s-", 0, 1, T - 5_000)),
            20,
            1,
            45_000,
            0,
            1_000,
            T);
    assertThat(policy.decide(whileStarting, ScalerState.initial(), T).action())
        .isEqualTo(ScalingAction.HOLD);
    // The only cluster became ready 10 s ago after a cold start the query waited through.
    WarehouseMetrics afterColdStart =
        warehouse(
            T,
            List.of(CapacityUnit.ready("c-0", 10, T - 100_000, T - 10_000, -1)),
            10,
            1,
            95_000,
            0,
            1_000,
            T);
    assertThat(policy.decide(afterColdStart, ScalerState.initial(), T).action())
        .isEqualTo(ScalingAction.HOLD);
  }

  @Test
  void scaleInWaitsForTheLowLoadWindowAndKeepsTheRecentPeak() {
    List<CapacityUnit> four = ready("c-", 0, 4, 0, T - 400_000);
    WarehouseMetrics quiet = warehouse(T, four, 0, 0, 0, 12, 1_000, T - 1_000);
    ScalingDecision early = policy.decide(quiet, ScalerState.initial().withLowLoad(T - 60_000), T);
    assertThat(early.action()).isEqualTo(ScalingAction.HOLD);
    // Five minutes of low load, but 3 clusters were needed 7 minutes ago: keep 3.
    ScalerState withPeak =
        ScalerState.initial()
            .withLowLoad(T - 310_000)
            .withRecentPeaks(List.of(new PeakSample(T - 420_000, 3)));
    ScalingDecision d = policy.decide(quiet, withPeak, T);
    assertThat(d.action()).isEqualTo(ScalingAction.SCALE_DOWN);
    assertThat(d.desiredUnits()).isEqualTo(3);
    // Once the peak is older than the peak window, down to the minimum.
    ScalerState oldPeak =
        ScalerState.initial()
            .withLowLoad(T - 310_000)
            .withRecentPeaks(List.of(new PeakSample(T - 900_000, 3)));
    assertThat(policy.decide(quiet, oldPeak, T).desiredUnits()).isEqualTo(1);
  }

  @Test
  void autoStopStopsEveryClusterAfterTheIdleTime() {
    WarehouseMetrics idle =
        warehouse(T, all(ready("c-", 0, 2, 0, T - 700_000)), 0, 0, 0, 0, 0, T - 601_000);
    ScalingDecision d = policy.decide(idle, ScalerState.initial(), T);
    assertThat(d.action()).isEqualTo(ScalingAction.SCALE_DOWN);
    assertThat(d.reason()).isEqualTo(Reason.AUTO_STOP);
    assertThat(d.desiredUnits()).isZero();
    assertThat(d.decommission()).containsExactlyInAnyOrder("c-0", "c-1");
  }

  @Test
  void aClusterStillStartingIsNotAutoStopped() {
    // Woken long ago, its cluster still starting (a slow start): the stop waits until it is up.
    WarehouseMetrics starting =
        warehouse(T, starting("c-", 0, 1, T - 700_000), 0, 0, 0, 0, 0, T - 700_000);
    ScalingDecision d = policy.decide(starting, ScalerState.initial(), T);
    assertThat(d.reason()).isNotEqualTo(Reason.AUTO_STOP);
    assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
  }

  @Test
  void anIdleWarehouseAtItsMinimumRemembersNoPeakSoItsStateStopsChanging() {
    WarehouseMetrics idle =
        warehouse(T, ready("c-", 0, 1, 0, T - 100_000), 0, 0, 0, 0, 0, T - 100_000);
    ScalerState before = ScalerState.initial();
    ScalerState after = policy.decide(idle, before, T).nextState();
    assertThat(after.recentPeaks()).isEmpty();
    ScalerState minuteLater = policy.decide(idle, after, T + 60_000).nextState();
    assertThat(minuteLater.recentPeaks()).isEmpty();
  }

  @Test
  void notYetIdleLongEnoughKeepsTheMinimum() {
    WarehouseMetrics idle =
        warehouse(T, ready("c-", 0, 1, 0, T - 500_000), 0, 0, 0, 0, 0, T - 500_000);
    assertThat(policy.decide(idle, ScalerState.initial(), T).action())
        .isEqualTo(ScalingAction.HOLD);
  }

  @Test
  void aQueryWhileStoppedStartsTheWarehouse() {
    WarehouseMetrics stopped = warehouse(T, List.of(), 0, 1, 500, 1, 0, T - 500);
    ScalingDecision d = policy.decide(stopped, ScalerState.initial(), T);
    assertThat(d.action()).isEqualTo(ScalingAction.SCALE_UP);
    assertThat(d.reason()).isEqualTo(Reason.START_ON_DEMAND);
    assertThat(d.desiredUnits()).isEqualTo(1);
    WarehouseMetrics nothing = warehouse(T, List.of(), 0, 0, 0, 0, 0, T - 5_000_000);
    assertThat(policy.decide(nothing, ScalerState.initial(), T).reason()).isEqualTo(Reason.STOPPED);
  }

  @Test
  void missingOrStaleMetricsNeverStopTheWarehouse() {
    ScalerState running = ScalerState.initial().withResize(T - 1_000_000, 1, 2, "EXPECTED_WORK");
    ScalingDecision missing = policy.decide(null, running, T);
    assertThat(missing.action()).isEqualTo(ScalingAction.HOLD);
    assertThat(missing.desiredUnits()).isEqualTo(2);
    WarehouseMetrics stale = warehouse(T - 3_600_000, ready("c-", 0, 2, 0, 0), 0, 0, 0, 0, 0, 0);
    ScalingDecision d = policy.decide(stale, running, T);
    assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
    assertThat(d.reason()).isEqualTo(Reason.METRICS_STALE);
  }

  @Test
  void boundsHold() {
    WarehouseMetrics flood =
        warehouse(T, ready("c-", 0, 2, 10, -1), 20, 500, 10_000, 5_000, 60_000, T);
    assertThat(policy.decide(flood, ScalerState.initial(), T).desiredUnits()).isEqualTo(6);
    WarehouseMetrics tooMany = warehouse(T, ready("c-", 0, 8, 10, -1), 80, 0, 0, 600, 10_000, T);
    ScalingDecision d = policy.decide(tooMany, ScalerState.initial(), T);
    assertThat(d.reason()).isEqualTo(Reason.ABOVE_MAX);
    assertThat(d.desiredUnits()).isEqualTo(6);
  }
}
