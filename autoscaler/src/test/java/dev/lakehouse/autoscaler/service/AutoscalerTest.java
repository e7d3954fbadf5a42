package dev.lakehouse.autoscaler.service;

import static dev.lakehouse.autoscaler.Fixtures.cluster;
import static dev.lakehouse.autoscaler.Fixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.cluster.ClusterKind;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicyConfig;
import dev.lakehouse.autoscaler.port.ScalingTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
  static final ScalingTarget TARGET = new ScalingTarget("team-a", "etl");
  final AtomicLong clock = new AtomicLong(1_000_000L);
  final AtomicReference<ClusterMetrics> metrics = new AtomicReference<>();
  final List<String> applied = new ArrayList<>();
  final List<ScalingDecision> events = new ArrayList<>();
  final InMemoryStateStore store = new InMemoryStateStore();
  final ClusterAutoscaler autoscaler =
      new ClusterAutoscaler(
          t -> Optional.ofNullable(metrics.get()),
          (t, desired, names) -> applied.add(t + " " + desired + " " + names),
          store,
          (t, d) -> events.add(d),
          clock::get);
  final ClusterPolicyConfig config = ClusterPolicyConfig.defaults(ClusterKind.INTERACTIVE, 2, 10);

  @Test
  void aDecisionThatChangesTheSizeIsRealizedRememberedAndTold() {
    metrics.set(cluster(clock.get(), ready(1, 0), 0, 0, 0));
    ScalingDecision d = autoscaler.reconcile(TARGET, config);
    assertThat(applied).containsExactly("team-a/etl 2 []");
    assertThat(events).containsExactly(d);
    assertThat(store.load(TARGET).lastDesiredUnits()).isEqualTo(2);
    assertThat(store.load(TARGET).history()).hasSize(1);
    assertThat(d.summary()).startsWith("BELOW_MIN: 1 -> 2");
  }

  @Test
  void aSteadyTargetCausesNoRealizerCallNoEventAndNoStateWrite() {
    metrics.set(cluster(clock.get(), ready(2, 4), 8, 0, 1_000));
    autoscaler.reconcile(TARGET, config);
    long writes = store.writes();
    clock.addAndGet(5_000);
    metrics.set(cluster(clock.get(), ready(2, 4), 8, 0, 1_000));
    autoscaler.reconcile(TARGET, config);
    assertThat(applied).isEmpty();
    assertThat(events).isEmpty();
    assertThat(store.writes()).isEqualTo(writes);
  }

  @Test
  void aFailingMetricsSourceHoldsAndIsToldOncePerOutage() {
    ClusterAutoscaler failing =
        new ClusterAutoscaler(
            t -> {
              throw new IllegalStateException("driver unreachable");
            },
            (t, desired, names) -> applied.add("never"),
            store,
            (t, d) -> events.add(d),
            clock::get);
    failing.reconcile(TARGET, config);
    clock.addAndGet(5_000);
    failing.reconcile(TARGET, config);
    assertThat(applied).isEmpty();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).reason()).isEqualTo(Reason.METRICS_MISSING);
  }

  @Test
  void stateSurvivesARestartThroughTheStore() {
    metrics.set(cluster(clock.get(), ready(6, 0), 0, 0, 0));
    autoscaler.reconcile(TARGET, config);
    clock.addAndGet(160_000);
    metrics.set(cluster(clock.get(), ready(6, 0), 0, 0, 0));
    // A new service instance (operator restarted) with the same store continues the window.
    ClusterAutoscaler restarted =
        new ClusterAutoscaler(
            t -> Optional.ofNullable(metrics.get()),
            (t, desired, names) -> applied.add(desired + " " + names.size()),
            store,
            (t, d) -> events.add(d),
            clock::get);
    ScalingDecision d = restarted.reconcile(TARGET, config);
    assertThat(d.reason()).isEqualTo(Reason.UNDERUTILIZED);
    assertThat(applied).containsExactly("2 4");
  }
}
