package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Histogram quantiles from two scrapes, as Prometheus' histogram_quantile computes them. */
class HistogramBucketsTest {
  /** Our operator's page (Prometheus simpleclient): two kinds, a trailing comma in the labels. */
  static final String OURS_BEFORE =
      """
      # TYPE lakehouse_event_to_reconcile_seconds histogram
      lakehouse_event_to_reconcile_seconds_bucket{kind="Cluster",le="0.1",} 10.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Cluster",le="1.0",} 10.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Cluster",le="10.0",} 10.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Cluster",le="+Inf",} 10.0
      lakehouse_event_to_reconcile_seconds_count{kind="Cluster",} 10.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Workspace",le="0.1",} 0.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Workspace",le="1.0",} 0.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Workspace",le="10.0",} 500.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Workspace",le="+Inf",} 500.0
      """;

  static final String OURS_AFTER =
      """
      lakehouse_event_to_reconcile_seconds_bucket{kind="Cluster",le="0.1",} 30.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Cluster",le="1.0",} 90.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Cluster",le="10.0",} 110.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Cluster",le="+Inf",} 110.0
      lakehouse_event_to_reconcile_seconds_count{kind="Cluster",} 110.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Workspace",le="0.1",} 0.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Workspace",le="1.0",} 0.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Workspace",le="10.0",} 900.0
      lakehouse_event_to_reconcile_seconds_bucket{kind="Workspace",le="+Inf",} 900.0
      """;

  @Test
  void quantilesOfWhatWasObservedBetweenTwoScrapesOfOneKind() {
    HistogramBuckets before =
        HistogramBuckets.parse(
                OURS_BEFORE, "lakehouse_event_to_reconcile_seconds", "kind=\"Cluster\"")
            .orElseThrow();
    HistogramBuckets after =
        HistogramBuckets.parse(
                OURS_AFTER, "lakehouse_event_to_reconcile_seconds", "kind=\"Cluster\"")
            .orElseThrow();
    HistogramBuckets create = after.since(before);

    // 100 observed between the scrapes: 20 up to 0.1 s, 60 in (0.1, 1], 20 in (1, 10].
    assertThat(create.count()).isEqualTo(100);
    // rank 50 is the 30th of 60 in (0.1, 1]: 0.1 + 0.9 * 30/60.
    assertThat(create.quantile(0.5))
        .hasValueSatisfying(v -> assertThat(v).isCloseTo(0.55, within(1e-9)));
    // rank 99 is the 19th of 20 in (1, 10]: 1 + 9 * 19/20.
    assertThat(create.quantile(0.99))
        .hasValueSatisfying(v -> assertThat(v).isCloseTo(9.55, within(1e-9)));
    // The first bucket starts at 0: rank 10 is the 10th of 20 in [0, 0.1].
    assertThat(create.quantile(0.1))
        .hasValueSatisfying(v -> assertThat(v).isCloseTo(0.05, within(1e-9)));
    // Without the earlier scrape, the earlier Clusters' fast reconciles would pull p50 down.
    assertThat(after.quantile(0.5).orElseThrow()).isLessThan(0.55);
  }

  /** Names, labels and bounds as KubeRay 1.5.0's page shows them (controller-runtime 0.22). */
  @Test
  void controllerRuntimeWorkQueueOfOneController() {
    String page =
        """
        workqueue_queue_duration_seconds_bucket{controller="raycluster",name="raycluster",le="1e-08"} 0
        workqueue_queue_duration_seconds_bucket{controller="raycluster",name="raycluster",le="9.999999999999999e-05"} 4
        workqueue_queue_duration_seconds_bucket{controller="raycluster",name="raycluster",le="0.001"} 4
        workqueue_queue_duration_seconds_bucket{controller="raycluster",name="raycluster",le="0.1"} 4
        workqueue_queue_duration_seconds_bucket{controller="raycluster",name="raycluster",le="10"} 8
        workqueue_queue_duration_seconds_bucket{controller="raycluster",name="raycluster",le="+Inf"} 8
        workqueue_queue_duration_seconds_bucket{controller="rayjob",name="rayjob",le="1e-08"} 0
        workqueue_queue_duration_seconds_bucket{controller="rayjob",name="rayjob",le="0.001"} 0
        workqueue_queue_duration_seconds_bucket{controller="rayjob",name="rayjob",le="0.1"} 0
        workqueue_queue_duration_seconds_bucket{controller="rayjob",name="rayjob",le="10"} 0
        workqueue_queue_duration_seconds_bucket{controller="rayjob",name="rayjob",le="+Inf"} 100
        """;
    HistogramBuckets ray =
        HistogramBuckets.parse(page, "workqueue_queue_duration_seconds", "controller=\"raycluster")
            .orElseThrow();
    assertThat(ray.count()).isEqualTo(8);
    // rank 6 is the 2nd of 4 in (0.1, 10]: 0.1 + 9.9 * 2/4.
    assertThat(ray.quantile(0.75))
        .hasValueSatisfying(v -> assertThat(v).isCloseTo(5.05, within(1e-9)));
    // A rank in the +Inf bucket gives the highest finite bound.
    HistogramBuckets jobs =
        HistogramBuckets.parse(page, "workqueue_queue_duration_seconds", "controller=\"rayjob\"")
            .orElseThrow();
    assertThat(jobs.quantile(0.99)).contains(10.0);
  }

  @Test
  void aSeriesAbsentFromTheEarlierScrapeHadObservedNothing() {
    var after =
        HistogramBuckets.parse(
            OURS_AFTER, "lakehouse_event_to_reconcile_seconds", "kind=\"Cluster\"");
    var before =
        HistogramBuckets.parse("", "lakehouse_event_to_reconcile_seconds", "kind=\"Cluster\"");
    assertThat(HistogramBuckets.between(before, after).orElseThrow().count()).isEqualTo(110);
    assertThat(HistogramBuckets.between(after, before)).isEmpty();
  }

  @Test
  void noHistogramOrNoObservationsGiveNothing() {
    assertThat(HistogramBuckets.parse(OURS_AFTER, "workqueue_queue_duration_seconds", ""))
        .isEmpty();
    HistogramBuckets workspaces =
        HistogramBuckets.parse(
                OURS_AFTER, "lakehouse_event_to_reconcile_seconds", "kind=\"Workspace\"")
            .orElseThrow();
    assertThat(workspaces.since(workspaces).quantile(0.99)).isEmpty();
  }
}
