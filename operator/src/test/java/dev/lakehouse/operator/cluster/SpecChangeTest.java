package dev.lakehouse.operator.cluster;

import static dev.lakehouse.operator.cluster.ClusterFixtures.build;
import static dev.lakehouse.operator.cluster.ClusterFixtures.cluster;
import static dev.lakehouse.operator.cluster.ClusterFixtures.copy;
import static dev.lakehouse.operator.cluster.ClusterFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.engine.pods.EnginePods;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecChangeTest {

  private static SpecChange workers(ClusterChildren observed, ClusterChildren desired) {
    return SpecChange.classify(Optional.of(observed.workers()), desired.workers());
  }

  private static SpecChange driver(ClusterChildren observed, ClusterChildren desired) {
    return SpecChange.classify(Optional.of(observed.driver()), desired.driver());
  }

  @Test
  void nothingObservedYetIsNoChange() {
    assertThat(SpecChange.classify(Optional.empty(), build("workers: 2\n").workers()))
        .isEqualTo(SpecChange.NONE);
  }

  @Test
  void sameSpecIsNoChange() {
    ClusterChildren observed = build("workers: 2\n");
    ClusterChildren desired = build("workers: 2\n");

    assertThat(workers(observed, desired)).isEqualTo(SpecChange.NONE);
    assertThat(driver(observed, desired)).isEqualTo(SpecChange.NONE);
  }

  @Test
  void changeOfWorkersIsAScaleOfTheWorkers() {
    assertThat(workers(build("workers: 2\n"), build("workers: 5\n"))).isEqualTo(SpecChange.SCALE);
  }

  @Test
  void changeOfWorkersLeavesTheDriverAlone() {
    assertThat(driver(build("workers: 2\n"), build("workers: 5\n"))).isEqualTo(SpecChange.NONE);
  }

  @Test
  void autoscalerRecordingItsChoiceIsAScale() {
    ClusterChildren observed =
        build(
            """
        autoscale:
          minWorkers: 1
          maxWorkers: 10
        """);
    ClusterChildren desired =
        build(
            """
        workers: 6
        autoscale:
          minWorkers: 1
          maxWorkers: 10
        """);

    assertThat(workers(observed, desired)).isEqualTo(SpecChange.SCALE);
  }

  @Test
  void stoppingIsAScaleOfDriverAndWorkers() {
    ClusterChildren running = build("workers: 2\n", true);
    ClusterChildren stopped = build("workers: 2\n", false);

    assertThat(workers(running, stopped)).isEqualTo(SpecChange.SCALE);
    assertThat(driver(running, stopped)).isEqualTo(SpecChange.SCALE);
  }

  @Test
  void changeOfSparkConfRestartsDriverAndWorkers() {
    ClusterChildren observed =
        build(
            """
        workers: 2
        sparkConf:
          spark.sql.shuffle.partitions: "200"
        """);
    ClusterChildren desired =
        build(
            """
        workers: 2
        sparkConf:
          spark.sql.shuffle.partitions: "64"
        """);

    assertThat(workers(observed, desired)).isEqualTo(SpecChange.RESTART);
    assertThat(driver(observed, desired)).isEqualTo(SpecChange.RESTART);
  }

  @Test
  void changeOfWorkerMemoryRestartsTheWorkers() {
    ClusterChildren observed =
        build(
            """
        workers: 2
        worker:
          memory: 4Gi
        """);
    ClusterChildren desired =
        build(
            """
        workers: 2
        worker:
          memory: 8Gi
        """);

    assertThat(workers(observed, desired)).isEqualTo(SpecChange.RESTART);
  }

  @Test
  void changeOfTheImageRestarts() {
    Workspace workspace = workspace();
    Cluster cluster = cluster("workers: 2\n");
    ClusterModel model = ClusterFixtures.model(workspace, cluster, true);
    ClusterModel patched =
        new ClusterModel(
            cluster,
            new EngineModel(
                model.engine().engine(),
                model.engine().workspace(),
                model.engine().runtime(),
                model.engine().config(),
                "ghcr.io/lakehouse/runtime:spark-3.5-patch1",
                model.engine().imagePullPolicy(),
                model.engine().cpuRequestFraction()),
            true,
            model.workers());

    assertThat(workers(ClusterResources.build(model), ClusterResources.build(patched)))
        .isEqualTo(SpecChange.RESTART);
  }

  @Test
  void scaleTogetherWithAConfigurationChangeIsARestart() {
    ClusterChildren observed = build("workers: 2\n");
    ClusterChildren desired =
        build(
            """
        workers: 4
        sparkConf:
          spark.sql.adaptive.enabled: "false"
        """);

    assertThat(workers(observed, desired)).isEqualTo(SpecChange.RESTART);
  }

  @Test
  void changeOfPodPlacementRestarts() {
    ClusterChildren observed = build("workers: 2\n");
    ClusterChildren desired =
        build(
            """
        workers: 2
        pod:
          nodeSelector:
            pool: spark
        """);

    assertThat(workers(observed, desired)).isEqualTo(SpecChange.RESTART);
  }

  @Test
  void defaultsFilledInByTheApiServerAreNoChange() {
    ClusterChildren desired = build("workers: 2\n");
    Deployment observed = copy(desired.workers(), Deployment.class);
    observed.getSpec().setRevisionHistoryLimit(10);
    observed.getSpec().setProgressDeadlineSeconds(600);
    observed.getSpec().getTemplate().getSpec().setDnsPolicy("ClusterFirst");
    observed.getSpec().getTemplate().getSpec().setSchedulerName("default-scheduler");
    observed.getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(30L);
    observed
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .forEach(
            c -> {
              c.setTerminationMessagePath("/dev/termination-log");
              c.setTerminationMessagePolicy("File");
            });
    observed.getMetadata().setResourceVersion("12345");

    assertThat(SpecChange.classify(Optional.of(observed), desired.workers()))
        .isEqualTo(SpecChange.NONE);
  }

  @Test
  void observedTemplateWithoutAHashIsARestart() {
    ClusterChildren desired = build("workers: 2\n");
    Deployment observed = copy(desired.workers(), Deployment.class);
    observed
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .remove(EnginePods.TEMPLATE_HASH);

    assertThat(SpecChange.classify(Optional.of(observed), desired.workers()))
        .isEqualTo(SpecChange.RESTART);
  }

  @Test
  void andKeepsTheLargerImpact() {
    assertThat(SpecChange.NONE.and(SpecChange.NONE)).isEqualTo(SpecChange.NONE);
    assertThat(SpecChange.NONE.and(SpecChange.SCALE)).isEqualTo(SpecChange.SCALE);
    assertThat(SpecChange.SCALE.and(SpecChange.NONE)).isEqualTo(SpecChange.SCALE);
    assertThat(SpecChange.SCALE.and(SpecChange.RESTART)).isEqualTo(SpecChange.RESTART);
    assertThat(SpecChange.RESTART.and(SpecChange.SCALE)).isEqualTo(SpecChange.RESTART);
    assertThat(SpecChange.RESTART.and(SpecChange.NONE)).isEqualTo(SpecChange.RESTART);
  }
}
