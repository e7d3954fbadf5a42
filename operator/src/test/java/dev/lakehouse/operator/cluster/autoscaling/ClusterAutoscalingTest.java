package dev.lakehouse.operator.cluster.autoscaling;

import static dev.lakehouse.operator.cluster.autoscaling.AutoscalingFixtures.cluster;
import static dev.lakehouse.operator.cluster.autoscaling.AutoscalingFixtures.readyWorker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.autoscaler.model.ScalingAction;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.operator.engine.load.spark.SparkLoad;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterAutoscalingTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private Instant now = T0;
  private Optional<SparkLoad> load = Optional.empty();
  private final List<List<String>> marked = new ArrayList<>();
  private final List<ScalingDecision> told = new ArrayList<>();
  private final Cluster cluster = cluster("autoscale: {minWorkers: 1, maxWorkers: 6}");

  private final ClusterAutoscaling autoscaling =
      new ClusterAutoscaling(
          (c, at) -> load,
          (namespace, pods) -> marked.add(pods),
          (c, decision) -> told.add(decision),
          Optional.empty(),
          new Clock() {
            @Override
            public Instant instant() {
              return now;
            }

            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          });

  /** One reconcile: evaluate, then remember what the reconciler would record in the status. */
  private ClusterAutoscaling.Outcome evaluate(List<Pod> pods) {
    ClusterAutoscaling.Outcome outcome = autoscaling.evaluate(cluster, pods);
    if (cluster.getStatus() == null) {
      cluster.setStatus(new ClusterStatus());
    }
    cluster.getStatus().autoscaler = outcome.status();
    return outcome;
  }

  private static List<Pod> ready(int count) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pods.add(
          readyWorker("etl-workers-" + (char) ('a' + i), "10.0.0." + i, T0, T0.plusSeconds(30)));
    }
    return pods;
  }

  private SparkLoad loadNow(int running, int pending, long meanTaskMillis) {
    return new SparkLoad(now, List.of(), running, pending, meanTaskMillis, now);
  }

  @Test
  void withoutMetricsItHoldsAtTheMinimumAndSaysSoOnce() {
    ClusterAutoscaling.Outcome first = evaluate(List.of());
    now = now.plusSeconds(2);
    ClusterAutoscaling.Outcome second = evaluate(List.of());

    assertThat(first.desiredWorkers()).isEqualTo(1);
    assertThat(second.desiredWorkers()).isEqualTo(1);
    assertThat(second.status().lastReason).isEqualTo("METRICS_MISSING");
    assertThat(told)
        .as("one warning for an outage, not one per evaluation")
        .singleElement()
        .satisfies(d -> assertThat(d.action()).isEqualTo(ScalingAction.HOLD));
    assertThat(marked).isEmpty();
  }

  @Test
  void aBacklogOfLongTasksAsksForWorkersUpToTheMaximum() {
    load = Optional.of(loadNow(2, 60, 120_000));

    ClusterAutoscaling.Outcome outcome = evaluate(ready(1));

    assertThat(outcome.decision().action()).isEqualTo(ScalingAction.SCALE_UP);
    assertThat(outcome.desiredWorkers()).isEqualTo(6);
    assertThat(outcome.status().desiredWorkers).isEqualTo(6);
    assertThat(outcome.status().history)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.from).isEqualTo(1);
              assertThat(h.to).isEqualTo(6);
              assertThat(h.reason).isEqualTo("BACKLOG");
            });
    assertThat(told)
        .singleElement()
        .satisfies(d -> assertThat(d.summary()).startsWith("BACKLOG: 1 -> 6"));
  }

  @Test
  void idleWorkersGoAfterTheWindowAndOnlyTheNamedOnesAreMarked() {
    load = Optional.of(loadNow(2, 60, 120_000));
    evaluate(ready(1)); // up to 6
    now = now.plusSeconds(300);
    load = Optional.of(loadNow(0, 0, 0));
    List<Pod> six = ready(6);

    ClusterAutoscaling.Outcome opening = evaluate(six); // the underutilization window opens
    now = now.plusSeconds(151);
    load = Optional.of(loadNow(0, 0, 0));
    ClusterAutoscaling.Outcome closing = evaluate(six);

    assertThat(opening.desiredWorkers()).isEqualTo(6);
    assertThat(opening.status().lowLoadSince).isEqualTo(T0.plusSeconds(300).toString());
    assertThat(closing.decision().action()).isEqualTo(ScalingAction.SCALE_DOWN);
    assertThat(closing.desiredWorkers()).isEqualTo(1);
    assertThat(marked)
        .singleElement()
        .satisfies(
            names -> assertThat(names).hasSize(5).allMatch(n -> n.startsWith("etl-workers-")));
    assertThat(closing.status().decommissioning)
        .extracting(d -> d.worker)
        .containsExactlyInAnyOrderElementsOf(marked.get(0));
    assertThat(closing.replicas())
        .as("replicas shrink once the informer shows the marks")
        .isEqualTo(6);

    // The informer shows the marks: replicas drop to the decided size; nothing is decided or marked
    // again.
    six.stream()
        .filter(p -> marked.get(0).contains(p.getMetadata().getName()))
        .forEach(
            p ->
                p.getMetadata()
                    .setAnnotations(
                        java.util.Map.of(PodDeletionCost.ANNOTATION, PodDeletionCost.LEAVING)));
    now = now.plusSeconds(2);
    load = Optional.of(loadNow(0, 0, 0));
    ClusterAutoscaling.Outcome shown = evaluate(six);

    assertThat(shown.replicas()).isEqualTo(1);
    assertThat(shown.status().history).hasSize(2);
    assertThat(marked).hasSize(1);
    assertThat(told).hasSize(2);
  }

  @Test
  void namedWorkersStillUnmarkedAreMarkedAgainWithoutANewDecision() {
    load = Optional.of(loadNow(2, 60, 120_000));
    evaluate(ready(1));
    now = now.plusSeconds(300);
    load = Optional.of(loadNow(0, 0, 0));
    List<Pod> six = ready(6);
    evaluate(six);
    now = now.plusSeconds(151);
    load = Optional.of(loadNow(0, 0, 0));
    evaluate(six); // names five, marks them
    now = now.plusSeconds(2);
    load = Optional.of(loadNow(0, 0, 0));

    ClusterAutoscaling.Outcome again =
        evaluate(six); // a lagging informer, or a restart before the marks landed

    assertThat(marked).hasSize(2);
    assertThat(marked.get(1)).containsExactlyInAnyOrderElementsOf(marked.get(0));
    assertThat(again.status().history).as("no second resize recorded").hasSize(2);
    assertThat(told).hasSize(2);
  }

  @Test
  void aRestartedOperatorContinuesFromTheStatus() {
    load = Optional.of(loadNow(2, 60, 120_000));
    evaluate(ready(1));
    ClusterAutoscaling restarted =
        new ClusterAutoscaling(
            (c, at) -> load,
            (ns, pods) -> marked.add(pods),
            (c, d) -> told.add(d),
            Optional.empty(),
            Clock.fixed(now.plusSeconds(2), ZoneOffset.UTC));

    ClusterAutoscaling.Outcome outcome = restarted.evaluate(cluster, ready(1));

    assertThat(outcome.desiredWorkers()).as("the size decided before the restart").isEqualTo(6);
    assertThat(outcome.status().history).hasSize(1);
  }

  @Test
  void beforeTheDriverIsReadyTheLastDecisionHoldsWithoutAWarning() {
    assertThat(autoscaling.withoutEvaluating(cluster, List.of()).desiredWorkers()).isEqualTo(1);

    load = Optional.of(loadNow(2, 60, 120_000));
    evaluate(ready(1));

    assertThat(autoscaling.withoutEvaluating(cluster, List.of()).desiredWorkers()).isEqualTo(6);
    assertThat(told).hasSize(1);
  }

  @Test
  void editedBoundsClampTheDecidedSize() {
    load = Optional.of(loadNow(2, 60, 120_000));
    evaluate(ready(1));
    cluster.getSpec().autoscale.maxWorkers = 3;
    load = Optional.empty();
    now = now.plusSeconds(2);

    assertThat(evaluate(ready(6)).desiredWorkers()).isEqualTo(3);
  }

  @Test
  void aShorterScaleDownWindowCanBeConfigured() {
    ClusterAutoscaling quick =
        new ClusterAutoscaling(
            (c, at) -> load,
            (ns, pods) -> {},
            (c, d) -> {},
            Optional.of(Duration.ofSeconds(20)),
            Clock.systemUTC());

    assertThat(quick.policy(cluster.getSpec().autoscale).underutilizationWindowMs())
        .isEqualTo(20_000);
    assertThat(autoscaling.policy(cluster.getSpec().autoscale).underutilizationWindowMs())
        .isEqualTo(150_000);
  }
}
