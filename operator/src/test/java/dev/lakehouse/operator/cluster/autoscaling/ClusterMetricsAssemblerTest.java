package dev.lakehouse.operator.cluster.autoscaling;

import static dev.lakehouse.operator.cluster.autoscaling.AutoscalingFixtures.cluster;
import static dev.lakehouse.operator.cluster.autoscaling.AutoscalingFixtures.leavingWorker;
import static dev.lakehouse.operator.cluster.autoscaling.AutoscalingFixtures.readyWorker;
import static dev.lakehouse.operator.cluster.autoscaling.AutoscalingFixtures.startingWorker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.autoscaler.model.CapacityUnit;
import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.UnitPhase;
import dev.lakehouse.operator.engine.load.spark.SparkLoad;
import dev.lakehouse.operator.engine.load.spark.SparkLoad.SparkWorkerLoad;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterMetricsAssemblerTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant NOW = T0.plusSeconds(300);

  private final SparkLoad load =
      new SparkLoad(
          NOW,
          List.of(
              new SparkWorkerLoad("10.0.0.1", 4, 3, "ALIVE"),
              new SparkWorkerLoad("10.0.0.2", 4, 0, "ALIVE")),
          3,
          17,
          2_500,
          T0.plusSeconds(290));

  private ClusterMetrics assemble(String spec) {
    return ClusterMetricsAssembler.assemble(
        cluster(spec),
        List.of(
            readyWorker("etl-workers-b", "10.0.0.2", T0, T0.plusSeconds(40)),
            readyWorker("etl-workers-a", "10.0.0.1", T0, T0.plusSeconds(30)),
            startingWorker("etl-workers-c", T0.plusSeconds(280)),
            leavingWorker("etl-workers-d", T0, T0.plusSeconds(295))),
        load,
        4,
        Set.of());
  }

  @Test
  void podsGiveThePhasesAndSparkGivesTheBusySlots() {
    ClusterMetrics m = assemble("autoscale: {minWorkers: 1, maxWorkers: 8}\nworker: {cores: 4}");

    assertThat(m.workers())
        .extracting(CapacityUnit::name, CapacityUnit::phase, CapacityUnit::busySlots)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("etl-workers-a", UnitPhase.READY, 3),
            org.assertj.core.groups.Tuple.tuple("etl-workers-b", UnitPhase.READY, 0),
            org.assertj.core.groups.Tuple.tuple("etl-workers-c", UnitPhase.STARTING, 0),
            org.assertj.core.groups.Tuple.tuple("etl-workers-d", UnitPhase.DECOMMISSIONING, 0));
    assertThat(m.slotsPerWorker()).isEqualTo(4);
    assertThat(m.desiredWorkers()).isEqualTo(4);
    assertThat(m.pendingTasks()).isEqualTo(17);
    assertThat(m.runningTasks()).isEqualTo(3);
    assertThat(m.meanTaskMillis()).isEqualTo(2_500);
    assertThat(m.observedAtMs()).isEqualTo(NOW.toEpochMilli());
    assertThat(m.lastActivityMs()).isEqualTo(T0.plusSeconds(290).toEpochMilli());
  }

  @Test
  void readyTimesComeFromTheReadyCondition() {
    CapacityUnit idle = assemble("autoscale: {minWorkers: 1, maxWorkers: 8}").workers().get(1);

    assertThat(idle.requestedAtMs()).isEqualTo(T0.toEpochMilli());
    assertThat(idle.readyAtMs()).isEqualTo(T0.plusSeconds(40).toEpochMilli());
    assertThat(idle.idleSinceMs())
        .as("idle since it became ready, at the latest")
        .isEqualTo(T0.plusSeconds(40).toEpochMilli());
    assertThat(assemble("autoscale: {minWorkers: 1, maxWorkers: 8}").workers().get(0).idleSinceMs())
        .as("a busy worker is not idle")
        .isEqualTo(-1);
  }

  @Test
  void workersDefaultToTwoSlots() {
    assertThat(assemble("autoscale: {minWorkers: 1, maxWorkers: 8}").slotsPerWorker()).isEqualTo(2);
  }

  @Test
  void aWorkerSparkDoesNotKnowYetIsIdle() {
    SparkLoad noWorkers = new SparkLoad(NOW, List.of(), 0, 0, 0, null);

    ClusterMetrics m =
        ClusterMetricsAssembler.assemble(
            cluster("autoscale: {minWorkers: 1, maxWorkers: 2}"),
            List.of(readyWorker("etl-workers-a", "10.0.0.1", T0, T0)),
            noWorkers,
            1,
            Set.of());

    assertThat(m.workers()).singleElement().satisfies(u -> assertThat(u.busySlots()).isZero());
    assertThat(m.lastActivityMs()).isEqualTo(-1);
  }

  @Test
  void aDecommissionedWorkerRunsNothingWhateverTheMasterStillCounts() {
    SparkLoad decommissioned =
        new SparkLoad(
            NOW, List.of(new SparkWorkerLoad("10.0.0.1", 4, 1, "DECOMMISSIONED")), 0, 0, 0, null);

    ClusterMetrics m =
        ClusterMetricsAssembler.assemble(
            cluster("autoscale: {minWorkers: 1, maxWorkers: 2}"),
            List.of(readyWorker("etl-workers-a", "10.0.0.1", T0, T0)),
            decommissioned,
            1,
            Set.of());

    assertThat(m.workers()).singleElement().satisfies(u -> assertThat(u.busySlots()).isZero());
  }

  @Test
  void workersNamedOrMarkedToGoAreLeavingBeforeTheirPodIsDeleted() {
    Pod marked = readyWorker("etl-workers-m", "10.0.0.3", T0, T0);
    marked
        .getMetadata()
        .setAnnotations(java.util.Map.of(PodDeletionCost.ANNOTATION, PodDeletionCost.LEAVING));

    ClusterMetrics m =
        ClusterMetricsAssembler.assemble(
            cluster("autoscale: {minWorkers: 1, maxWorkers: 4}"),
            List.of(
                readyWorker("etl-workers-a", "10.0.0.1", T0, T0),
                readyWorker("etl-workers-n", "10.0.0.2", T0, T0),
                marked),
            new SparkLoad(NOW, List.of(), 0, 0, 0, null),
            3,
            Set.of("etl-workers-n"));

    assertThat(m.workers())
        .extracting(CapacityUnit::name, CapacityUnit::phase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("etl-workers-a", UnitPhase.READY),
            org.assertj.core.groups.Tuple.tuple("etl-workers-m", UnitPhase.DECOMMISSIONING),
            org.assertj.core.groups.Tuple.tuple("etl-workers-n", UnitPhase.DECOMMISSIONING));
  }

  @Test
  void aWorkerReadyAgainAfterARestartTeachesNoStartupTime() {
    Pod restarted = readyWorker("etl-workers-r", "10.0.0.1", T0, T0.plusSeconds(30));
    restarted
        .getStatus()
        .setContainerStatuses(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName("worker")
                    .withRestartCount(1)
                    .build()));
    Pod lateReady = readyWorker("etl-workers-l", "10.0.0.2", T0, T0.plusSeconds(3600));

    ClusterMetrics m =
        ClusterMetricsAssembler.assemble(
            cluster("autoscale: {minWorkers: 1, maxWorkers: 4}"),
            List.of(restarted, lateReady),
            new SparkLoad(NOW.plusSeconds(7200), List.of(), 0, 0, 0, null),
            2,
            Set.of());

    assertThat(m.workers()).extracting(CapacityUnit::readyAtMs).containsExactly(-1L, -1L);
    assertThat(m.workers()).allSatisfy(u -> assertThat(u.phase()).isEqualTo(UnitPhase.READY));
  }

  @Test
  void aLiveWorkerWinsOverADeadOneOnTheSameAddress() {
    SparkLoad reused =
        new SparkLoad(
            NOW,
            List.of(
                new SparkWorkerLoad("10.0.0.1", 4, 0, "DEAD"),
                new SparkWorkerLoad("10.0.0.1", 4, 3, "ALIVE")),
            3,
            0,
            0,
            null);

    ClusterMetrics m =
        ClusterMetricsAssembler.assemble(
            cluster("autoscale: {minWorkers: 1, maxWorkers: 2}"),
            List.of(readyWorker("etl-workers-a", "10.0.0.1", T0, T0)),
            reused,
            1,
            Set.of());

    assertThat(m.workers()).singleElement().satisfies(u -> assertThat(u.busySlots()).isEqualTo(3));
  }

  @Test
  void theTestSourceNamesWorkersByPod() {
    SparkLoad byName =
        new SparkLoad(
            NOW, List.of(new SparkWorkerLoad("etl-workers-a", 0, 2, "ALIVE")), 2, 0, 0, null);

    ClusterMetrics m =
        ClusterMetricsAssembler.assemble(
            cluster("autoscale: {minWorkers: 1, maxWorkers: 2}"),
            List.of(readyWorker("etl-workers-a", "10.0.0.1", T0, T0)),
            byName,
            1,
            Set.of());

    assertThat(m.workers()).singleElement().satisfies(u -> assertThat(u.busySlots()).isEqualTo(2));
  }
}
