package dev.lakehouse.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.kube.Hashes;
import dev.lakehouse.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job cluster a run creates for itself. */
class JobClustersTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

  /**
   * Longest StatefulSet name whose pods can be created: the controller labels them with
   * controller-revision-hash {@code <statefulset>-<hash of up to 10 characters>}, at most 63.
   */
  private static final int MAX_STATEFULSET = 63 - 1 - 10;

  private static final String JOB_CLUSTER =
      """
      runtimeVersion: spark-3.5
      driver: {cores: 2, memory: 3Gi}
      workers: 2
      autoTerminationMinutes: 30
      state: Stopped
      sparkConf: {spark.sql.shuffle.partitions: "64"}
      """;

  private static JobRun run(String name) {
    return YAML.unmarshal(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: JobRun
        metadata: {name: %s, namespace: analytics, uid: 3f1c-run-uid}
        spec: {job: daily, trigger: Schedule}
        """
            .formatted(name),
        JobRun.class);
  }

  private static ClusterSpec jobCluster() {
    return YAML.unmarshal(JOB_CLUSTER, ClusterSpec.class);
  }

  @Nested
  class Name {
    @ParameterizedTest
    @ValueSource(strings = {"daily-202612010500", "etl-manual-0123456789", "r"})
    void aShortRunNameIsTheClustersName(String run) {
      assertThat(JobClusters.name(run)).isEqualTo(run);
    }

    @Test
    void aRunNameOfTheLongestLengthIsKeptWhole() {
      String run = "r".repeat(JobClusters.MAX_NAME);

      assertThat(JobClusters.name(run)).isEqualTo(run);
    }

    @Test
    void aLongerRunNameIsCutAndHashed() {
      String run = "customer-orders-daily-aggregation-job-202612010500";

      String name = JobClusters.name(run);

      assertThat(name)
          .hasSizeLessThanOrEqualTo(JobClusters.MAX_NAME)
          .matches(DNS_LABEL)
          .startsWith("customer-orders-daily-aggregation")
          .endsWith("-" + Hashes.of(run).substring(0, 10));
    }

    @Test
    void namesCutToTheSamePrefixStayApart() {
      String prefix = "x".repeat(JobClusters.MAX_NAME + 10);

      assertThat(JobClusters.name(prefix + "-202612010500"))
          .isNotEqualTo(JobClusters.name(prefix + "-202612010505"));
    }

    @Test
    void theNameIsTheSameEachTime() {
      String run = "a".repeat(200);

      assertThat(JobClusters.name(run)).isEqualTo(JobClusters.name(run));
    }

    @Test
    void aCutNeverLeavesADashBeforeTheHash() {
      String run = "a".repeat(JobClusters.MAX_NAME - 13) + "---" + "b".repeat(40);

      assertThat(JobClusters.name(run)).doesNotContain("--").matches(DNS_LABEL);
    }

    @Test
    void everyChildOfTheClusterGetsAValidName() {
      for (int length = 1; length <= 253; length++) {
        String run = "j".repeat(length);
        EngineNames names = new EngineNames(JobClusters.name(run), "analytics");

        assertThat(names.workers()).as("run name of %d", length).hasSizeLessThanOrEqualTo(63);
        assertThat(names.config()).hasSizeLessThanOrEqualTo(63);
        assertThat(names.driver())
            .as("the driver's StatefulSet for a run name of %d", length)
            .hasSizeLessThanOrEqualTo(MAX_STATEFULSET)
            .matches(DNS_LABEL);
      }
    }
  }

  @Nested
  class Build {
    private final JobRun run = run("daily-202612010500");

    @Test
    void theClusterIsNamedAfterTheRunInItsNamespace() {
      Cluster cluster = JobClusters.build(run, jobCluster(), "daily");

      assertThat(cluster.getMetadata().getName()).isEqualTo("daily-202612010500");
      assertThat(cluster.getMetadata().getNamespace()).isEqualTo("analytics");
      assertThat(cluster.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
      assertThat(cluster.getKind()).isEqualTo("Cluster");
    }

    @Test
    void theRunOwnsAndControlsTheCluster() {
      Cluster cluster = JobClusters.build(run, jobCluster(), "daily");

      assertThat(cluster.getMetadata().getOwnerReferences()).hasSize(1);
      OwnerReference owner = cluster.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
      assertThat(owner.getKind()).isEqualTo("JobRun");
      assertThat(owner.getName()).isEqualTo("daily-202612010500");
      assertThat(owner.getUid()).isEqualTo("3f1c-run-uid");
      assertThat(owner.getController()).isTrue();
      assertThat(owner.getBlockOwnerDeletion()).isTrue();
    }

    @Test
    void theClusterIsLabelledWithItsJobAndRun() {
      Cluster cluster = JobClusters.build(run, jobCluster(), "daily");

      assertThat(cluster.getMetadata().getLabels())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  Labels.MANAGED_BY, Labels.OPERATOR,
                  Labels.JOB, "daily",
                  Labels.RUN, "daily-202612010500"));
    }

    @Test
    void theClusterRunsWhateverTheSpecSaysAndKeepsItsAutoTerminationForThePolicy() {
      Cluster cluster = JobClusters.build(run, jobCluster(), "daily");

      assertThat(cluster.getSpec().state).isEqualTo(State.Running);
      assertThat(cluster.getSpec().autoTerminationMinutes).isEqualTo(30);
    }

    @Test
    void theRestOfTheSpecIsTheJobsJobCluster() {
      Cluster cluster = JobClusters.build(run, jobCluster(), "daily");

      ClusterSpec expected = jobCluster();
      expected.state = State.Running;
      assertThat(YAML.asJson(cluster.getSpec())).isEqualTo(YAML.asJson(expected));
      assertThat(cluster.getSpec().runtimeVersion).isEqualTo("spark-3.5");
      assertThat(cluster.getSpec().workers).isEqualTo(2);
      assertThat(cluster.getSpec().sparkConf).containsEntry("spark.sql.shuffle.partitions", "64");
    }

    @Test
    void theJobsSpecIsCopiedNotChanged() {
      ClusterSpec jobCluster = jobCluster();

      Cluster cluster = JobClusters.build(run, jobCluster, "daily");
      cluster.getSpec().sparkConf.put("spark.executor.memory", "1g");
      cluster.getSpec().driver.cores = 8;

      assertThat(jobCluster.state).isEqualTo(State.Stopped);
      assertThat(jobCluster.autoTerminationMinutes).isEqualTo(30);
      assertThat(jobCluster.sparkConf).containsOnlyKeys("spark.sql.shuffle.partitions");
      assertThat(YAML.asJson(jobCluster)).isEqualTo(YAML.asJson(jobCluster()));
    }

    @Test
    void aLongRunHasAShortClusterName() {
      String name = "customer-orders-daily-aggregation-job-manual-0123456789";

      Cluster cluster = JobClusters.build(run(name), jobCluster(), "daily");

      assertThat(cluster.getMetadata().getName())
          .isEqualTo(JobClusters.name(name))
          .isNotEqualTo(name);
      assertThat(cluster.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(name);
    }

    @Test
    void longJobAndRunNamesStillMakeValidLabels() {
      String job = "quarterly-revenue-reconciliation-across-all-regional-warehouses";
      String runName = job + "-manual-0123456789";

      Cluster cluster = JobClusters.build(run(runName), jobCluster(), job);

      Map<String, String> labels = cluster.getMetadata().getLabels();
      assertThat(labels.values())
          .allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE));
      assertThat(labels.get(Labels.JOB)).isEqualTo(job);
      assertThat(labels.get(Labels.RUN))
          .as("like the run label of its attempts: a prefix and the name's hash")
          .startsWith(runName.substring(0, 40))
          .endsWith("-" + Hashes.of(runName));
    }
  }
}
