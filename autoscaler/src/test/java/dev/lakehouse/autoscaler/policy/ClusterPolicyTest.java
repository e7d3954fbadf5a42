package dev.lakehouse.autoscaler.policy;

import static dev.lakehouse.autoscaler.Fixtures.all;
import static dev.lakehouse.autoscaler.Fixtures.cluster;
import static dev.lakehouse.autoscaler.Fixtures.clusterWithDesired;
import static dev.lakehouse.autoscaler.Fixtures.decommissioning;
import static dev.lakehouse.autoscaler.Fixtures.ready;
import static dev.lakehouse.autoscaler.Fixtures.starting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingAction;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.cluster.ClusterKind;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicy;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicyConfig;
import dev.lakehouse.autoscaler.state.PendingScaleDown;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClusterPolicyTest {
  static final long T = 1_000_000L;
  final ClusterPolicy policy =
      new ClusterPolicy(ClusterPolicyConfig.defaults(ClusterKind.INTERACTIVE, 2, 10));
  final ClusterPolicy wide =
      new ClusterPolicy(ClusterPolicyConfig.defaults(ClusterKind.INTERACTIVE, 2, 20));

  @Nested
  class MissingOrStaleMetrics {
    @Test
    void missingMetricsHoldTheLastSizeAndNeverScaleToZero() {
      ScalerState state = ScalerState.initial().withResize(T - 60_000, 2, 6, "BACKLOG");
      ScalingDecision d = policy.decide(null, state, T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.reason()).isEqualTo(Reason.METRICS_MISSING);
      assertThat(d.desiredUnits()).isEqualTo(6);
    }

    @Test
    void staleMetricsAreNotActedOnEvenWithABacklog() {
      ClusterMetrics old = cluster(T - 120_000, ready(2, 4), 8, 500, 60_000);
      ScalingDecision d = policy.decide(old, ScalerState.initial(), T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.reason()).isEqualTo(Reason.METRICS_STALE);
      assertThat(d.numbers()).containsEntry("metricsAgeMs", 120_000L);
    }

    @Test
    void staleMetricsOfAnIdleClusterDoNotScaleDown() {
      ClusterMetrics old = cluster(T - 120_000, ready(8, 0), 0, 0, 0);
      ScalerState lowForLong = ScalerState.initial().withLowLoad(T - 3_600_000);
      assertThat(policy.decide(old, lowForLong, T).action()).isEqualTo(ScalingAction.HOLD);
    }
  }

  @Nested
  class Bounds {
    @Test
    void belowMinScalesUpToMin() {
      ScalingDecision d = policy.decide(cluster(T, ready(1, 0), 0, 0, 0), ScalerState.initial(), T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_UP);
      assertThat(d.desiredUnits()).isEqualTo(2);
      assertThat(d.reason()).isEqualTo(Reason.BELOW_MIN);
    }

    @Test
    void aboveMaxNamesTheCheapestWorkersFirst() {
      var workers =
          all(
              ready("busy-", 0, 10, 4, -1),
              ready("idle-", 0, 1, 0, T - 5_000),
              starting("new-", 0, 1, T - 1_000));
      ScalingDecision d =
          policy.decide(cluster(T, workers, 40, 0, 5_000), ScalerState.initial(), T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_DOWN);
      assertThat(d.reason()).isEqualTo(Reason.ABOVE_MAX);
      assertThat(d.decommission()).containsExactly("new-0", "idle-0");
      assertThat(d.desiredUnits()).isEqualTo(10);
    }

    @Test
    void backlogNeverTakesTheSizeAboveMax() {
      ScalingDecision d =
          policy.decide(
              cluster(T, ready(4, 4), 16, 5_000, 120_000),
              ScalerState.initial().withBacklogSince(T - 30_000),
              T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_UP);
      assertThat(d.desiredUnits()).isEqualTo(10);
    }

    @Test
    void underutilizationNeverGoesBelowMin() {
      ScalerState lowForLong = ScalerState.initial().withLowLoad(T - 600_000);
      ScalingDecision d = policy.decide(cluster(T, ready(5, 0), 0, 0, 0), lowForLong, T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_DOWN);
      assertThat(d.desiredUnits()).isEqualTo(2);
      assertThat(d.decommission()).hasSize(3);
    }
  }

  @Nested
  class ScaleUp {
    @Test
    void longTasksThatCannotStartBeforeNewWorkersAreReadyAddWorkersForTheShortfallInOneDecision() {
      // 2 busy workers (8 slots), 40 pending tasks of 10 minutes: nothing frees up within a
      // startup.
      ScalingDecision d =
          policy.decide(
              cluster(T, ready(2, 4), 8, 40, 600_000),
              ScalerState.initial().withBacklogSince(T - 20_000),
              T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_UP);
      assertThat(d.reason()).isEqualTo(Reason.BACKLOG);
      // A slot finishes no 10-minute task within a 90 s startup: all 40 need new slots, 10 workers,
      // which max (10) caps at 10.
      assertThat(d.desiredUnits()).isEqualTo(10);
      assertThat(d.numbers()).containsEntry("residualTasks", 40L);
    }

    @Test
    void shortTasksThatDrainBeforeNewWorkersCouldHelpAddNothing() {
      // 100 tasks of 2 s on 8 slots: 8 * 90 / 2 = 360 start within one startup delay.
      ScalingDecision d =
          policy.decide(
              cluster(T, ready(2, 4), 8, 100, 2_000),
              ScalerState.initial().withBacklogSince(T - 20_000),
              T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.reason()).isEqualTo(Reason.BACKLOG_DRAINS);
    }

    @Test
    void startingWorkersCountAsCapacityInFlight() {
      // The same backlog as above, but 10 workers are already starting: no more are asked for.
      var workers = all(ready(2, 4), starting("s-", 0, 10, T - 5_000));
      ScalingDecision d =
          wide.decide(
              cluster(T, workers, 8, 40, 600_000),
              ScalerState.initial().withBacklogSince(T - 20_000),
              T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.numbers()).containsEntry("startingWorkers", 10L);
    }

    @Test
    void workersAskedForButNotYetVisibleCountAsStarting() {
      // The scale subresource already says 12 though only 2 pods exist.
      ClusterMetrics m = clusterWithDesired(T, ready(2, 4), 12, 8, 40, 600_000);
      ScalingDecision d = wide.decide(m, ScalerState.initial().withBacklogSince(T - 20_000), T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.numbers()).containsEntry("startingWorkers", 10L);
    }

    @Test
    void unknownTaskDurationsWaitBrieflyThenAssumeLongTasks() {
      ClusterMetrics m = cluster(T, ready(2, 4), 8, 40, 0);
      ScalingDecision fresh =
          policy.decide(m, ScalerState.initial().withBacklogSince(T - 1_000), T);
      assertThat(fresh.action()).isEqualTo(ScalingAction.HOLD);
      ScalingDecision later =
          policy.decide(m, ScalerState.initial().withBacklogSince(T - 15_000), T);
      assertThat(later.action()).isEqualTo(ScalingAction.SCALE_UP);
      assertThat(later.desiredUnits()).isEqualTo(10);
    }

    @Test
    void theDefaultGraceForUnknownDurationsIsOneTwoSecondEvaluation() {
      assertThat(
              ClusterPolicyConfig.defaults(ClusterKind.INTERACTIVE, 2, 40).unknownDurationGraceMs())
          .isEqualTo(2_000L);
      ClusterMetrics m = cluster(T, ready(2, 4), 8, 40, 0);
      // The evaluation after the backlog was first seen (2 s later) already asks for the workers.
      ScalingDecision next = policy.decide(m, ScalerState.initial().withBacklogSince(T - 2_000), T);
      assertThat(next.action()).isEqualTo(ScalingAction.SCALE_UP);
      assertThat(next.desiredUnits()).isEqualTo(10);
      // A longer configured grace still holds.
      ClusterPolicy patient =
          new ClusterPolicy(policy.config().withUnknownDurationGraceMs(10_000L));
      ScalingDecision held =
          patient.decide(m, ScalerState.initial().withBacklogSince(T - 2_000), T);
      assertThat(held.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(held.reason()).isEqualTo(Reason.BACKLOG_DRAINS);
    }

    @Test
    void aPersistentBacklogShrinksTheDrainBudgetAndAddsMoreWorkers() {
      // 2 full workers, 30 pending tasks of 30 s, 90 s assumed startup.
      ClusterMetrics m = cluster(T, ready(2, 4), 8, 30, 30_000);
      // Fresh backlog: a 90 s budget lets 2 x 4 x 3 = 24 tasks start; 6 residual tasks need 2
      // workers.
      ScalingDecision fresh = policy.decide(m, ScalerState.initial().withBacklogSince(T), T);
      assertThat(fresh.numbers())
          .containsEntry("drainBudgetMs", 90_000L)
          .containsEntry("startableTasks", 24L);
      assertThat(fresh.desiredUnits()).isEqualTo(4);
      // Still there after 180 s: the budget is down to its floor (45 s), 12 start, 18 residual -> 5
      // more.
      ScalingDecision aged =
          policy.decide(m, ScalerState.initial().withBacklogSince(T - 180_000), T);
      assertThat(aged.numbers())
          .containsEntry("drainBudgetMs", 45_000L)
          .containsEntry("startableTasks", 12L);
      assertThat(aged.desiredUnits()).isEqualTo(7);
      // Still clamped to max.
      ScalingDecision huge =
          policy.decide(
              cluster(T, ready(2, 4), 8, 3_000, 30_000),
              ScalerState.initial().withBacklogSince(T - 180_000),
              T);
      assertThat(huge.desiredUnits()).isEqualTo(10);
    }

    @Test
    void theDrainBudgetShrinksLinearlyWithBacklogAgeDownToItsFloor() {
      ClusterPolicyConfig c = ClusterPolicyConfig.defaults(ClusterKind.INTERACTIVE, 2, 40);
      assertThat(c.drainBudgetMs(90_000, 0)).isEqualTo(90_000L);
      assertThat(c.drainBudgetMs(90_000, 100_000)).isEqualTo(65_000L);
      assertThat(c.drainBudgetMs(90_000, 1_000_000)).isEqualTo(45_000L);
      assertThat(c.withPersistentBacklog(0, 0.5).drainBudgetMs(90_000, 1_000_000))
          .isEqualTo(90_000L);
      assertThat(c.withBacklogDrainFraction(0).drainBudgetMs(90_000, 0)).isEqualTo(0L);
    }

    @Test
    void theLearnedStartupDelayReplacesTheAssumedOne() {
      // A worker requested at T-300s became ready at T-10s: startups take 290 s here.
      var workers =
          all(
              ready(1, 4),
              List.of(
                  dev.lakehouse.autoscaler.model.CapacityUnit.ready(
                      "slow", 4, T - 300_000, T - 10_000, -1)));
      ScalerState seen =
          ScalerState.initial().withDecisionAt(T - 20_000, "STEADY").withBacklogSince(T - 20_000);
      // 60 tasks of 60 s: with 90 s, 8*90/60 = 12 would start; with 290 s, 8*290/60 = 38.
      ScalingDecision d = policy.decide(cluster(T, workers, 8, 60, 60_000), seen, T);
      assertThat(d.nextState().learnedStartupMs()).isEqualTo(290_000L);
      assertThat(d.numbers()).containsEntry("startableTasks", 38L);
    }
  }

  @Nested
  class ScaleDown {
    @Test
    void underutilizationShorterThanTheWindowHolds() {
      ScalerState low = ScalerState.initial().withLowLoad(T - 100_000);
      ScalingDecision d = policy.decide(cluster(T, ready(6, 0), 0, 0, 0), low, T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.reason()).isEqualTo(Reason.UNDERUTILIZED_WAITING);
    }

    @Test
    void jobClustersUseTheShorterWindow() {
      ClusterPolicy job = new ClusterPolicy(ClusterPolicyConfig.defaults(ClusterKind.JOB, 2, 10));
      ScalerState low = ScalerState.initial().withLowLoad(T - 45_000);
      assertThat(job.decide(cluster(T, ready(6, 0), 0, 0, 0), low, T).action())
          .isEqualTo(ScalingAction.SCALE_DOWN);
      assertThat(policy.decide(cluster(T, ready(6, 0), 0, 0, 0), low, T).action())
          .isEqualTo(ScalingAction.HOLD);
    }

    @Test
    void idleWorkersGoFirstAndBusyOnesAreKeptForTheirTasks() {
      var workers = all(ready("busy-", 0, 2, 3, -1), ready("idle-", 0, 4, 0, T - 200_000));
      ScalerState low = ScalerState.initial().withLowLoad(T - 200_000);
      ScalingDecision d = policy.decide(cluster(T, workers, 6, 0, 5_000), low, T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_DOWN);
      assertThat(d.desiredUnits()).isEqualTo(2);
      assertThat(d.decommission())
          .containsExactlyInAnyOrder("idle-0", "idle-1", "idle-2", "idle-3");
      assertThat(d.nextState().pendingScaleDowns())
          .extracting(PendingScaleDown::unit)
          .containsExactlyInAnyOrder("idle-0", "idle-1", "idle-2", "idle-3");
    }

    @Test
    void busyWorkersAreNamedForGracefulDecommissionLeastBusyFirst() {
      var workers =
          all(ready("a-", 0, 1, 1, -1), ready("b-", 0, 1, 2, -1), ready("c-", 0, 4, 1, -1));
      // 7 tasks on 6 workers = 2 workers' worth; the window has seen no more than that.
      ScalerState low = ScalerState.initial().withLowLoad(T - 200_000);
      ScalingDecision d = policy.decide(cluster(T, workers, 7, 0, 5_000), low, T);
      assertThat(d.desiredUnits()).isEqualTo(2);
      assertThat(d.decommission()).hasSize(4).doesNotContain("b-0");
    }

    @Test
    void theBusiestMomentOfTheWindowIsKept() {
      ScalerState low = ScalerState.initial().withLowLoad(T - 155_000);
      // Ten seconds ago 5 workers were busy (20 tasks), before the window had elapsed; now 1 task
      // runs.
      ScalingDecision first =
          policy.decide(cluster(T - 10_000, ready(8, 0), 20, 0, 5_000), low, T - 10_000);
      assertThat(first.action()).isEqualTo(ScalingAction.HOLD);
      ScalingDecision d = policy.decide(cluster(T, ready(8, 0), 1, 0, 5_000), first.nextState(), T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_DOWN);
      assertThat(d.desiredUnits()).isEqualTo(5);
    }

    @Test
    void aCooldownSeparatesScaleDowns() {
      ScalerState justShrank =
          ScalerState.initial()
              .withLowLoad(T - 600_000)
              .withResize(T - 10_000, 8, 6, "UNDERUTILIZED");
      ScalingDecision d = policy.decide(cluster(T, ready(6, 0), 0, 0, 0), justShrank, T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.reason()).isEqualTo(Reason.PEAK_HOLD);
    }

    @Test
    void anyBacklogEndsTheUnderutilizationWindow() {
      ScalerState low = ScalerState.initial().withLowLoad(T - 600_000);
      ScalingDecision d = policy.decide(cluster(T, ready(6, 4), 24, 3, 1_000), low, T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.nextState().inLowLoad()).isFalse();
    }
  }

  @Nested
  class DecommissionInProgress {
    @Test
    void decommissioningWorkersAreNotCountedAsCapacity() {
      // 2 ready and busy, 3 leaving: the ready ones are the capacity, so the backlog asks for more.
      var workers =
          all(
              ready(2, 4),
              List.of(
                  decommissioning("old-0", 2),
                  decommissioning("old-1", 1),
                  decommissioning("old-2", 0)));
      ScalingDecision d =
          policy.decide(
              cluster(T, workers, 11, 40, 600_000),
              ScalerState.initial().withBacklogSince(T - 20_000),
              T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_UP);
      assertThat(d.currentUnits()).isEqualTo(2);
      assertThat(d.numbers()).containsEntry("leavingWorkers", 3L);
    }

    @Test
    void scaleDownsRememberedAcrossARestartAreIssuedAgain() {
      // Before a restart the policy named w-3, but the worker was never told: it is still ready.
      ScalerState remembered =
          ScalerState.initial()
              .withPendingScaleDowns(List.of(new PendingScaleDown("w-3", T - 30_000)));
      ScalingDecision d = policy.decide(cluster(T, ready(4, 0), 0, 0, 0), remembered, T);
      assertThat(d.action()).isEqualTo(ScalingAction.SCALE_DOWN);
      assertThat(d.reason()).isEqualTo(Reason.RESUME_DECOMMISSION);
      assertThat(d.decommission()).containsExactly("w-3");
      assertThat(d.desiredUnits()).isEqualTo(3);
    }

    @Test
    void goneWorkersAreForgottenAndLeavingOnesAreNotNamedTwice() {
      ScalerState remembered =
          ScalerState.initial()
              .withPendingScaleDowns(
                  List.of(
                      new PendingScaleDown("gone", T - 60_000),
                      new PendingScaleDown("old-0", T - 60_000)));
      var workers = all(ready(3, 4), List.of(decommissioning("old-0", 1)));
      ScalingDecision d = policy.decide(cluster(T, workers, 13, 0, 1_000), remembered, T);
      assertThat(d.action()).isEqualTo(ScalingAction.HOLD);
      assertThat(d.nextState().pendingScaleDowns())
          .extracting(PendingScaleDown::unit)
          .containsExactly("old-0");
    }
  }
}
