package dev.lakehouse.operator.cluster;

import static dev.lakehouse.operator.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.kube.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterChecksTest {
  private static final RuntimeVersions RUNTIMES = RuntimeVersions.bundled();

  private static Workspace withPolicy(String policy) {
    return ClusterFixtures.workspace(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata:
          name: analytics
        spec:
          policy:
        """
            + policy.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n"));
  }

  private static Workspace withoutPolicy() {
    return ClusterFixtures.workspace(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata:
          name: analytics
        spec: {}
        """);
  }

  private static Optional<Problem> check(String clusterSpec, Workspace workspace) {
    return ClusterChecks.check(cluster(clusterSpec), workspace, RUNTIMES);
  }

  private static Problem violation(String clusterSpec, String policy) {
    Optional<Problem> problem = check(clusterSpec, withPolicy(policy));
    assertThat(problem).isPresent();
    assertThat(problem.get().reason()).isEqualTo(Reason.PolicyViolation);
    return problem.get();
  }

  @Test
  void knownRuntimeWithoutPolicyHasNoProblem() {
    assertThat(check("runtimeVersion: spark-3.5\nworkers: 100\n", withoutPolicy())).isEmpty();
  }

  @Test
  void unsetRuntimeMeansTheDefaultRuntime() {
    assertThat(check("workers: 2\n", withoutPolicy())).isEmpty();
  }

  @Test
  void unknownRuntimeIsAnInvalidSpecListingTheKnownRuntimes() {
    Optional<Problem> problem = check("runtimeVersion: spark-9.9\nworkers: 2\n", withoutPolicy());

    assertThat(problem).isPresent();
    assertThat(problem.get().reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(problem.get().message()).contains("spark-9.9");
    assertThat(RUNTIMES.names())
        .isNotEmpty()
        .allSatisfy(name -> assertThat(problem.get().message()).contains(name));
  }

  @Test
  void unknownRuntimeIsReportedBeforePolicyViolations() {
    Optional<Problem> problem =
        check("runtimeVersion: spark-9.9\nworkers: 50\n", withPolicy("maxWorkersPerCluster: 10\n"));

    assertThat(problem).map(Problem::reason).contains(Reason.InvalidSpec);
  }

  @Test
  void clusterWithinEveryLimitHasNoProblem() {
    assertThat(
            check(
                """
        runtimeVersion: spark-3.5
        workers: 10
        autoTerminationMinutes: 60
        driver:
          cores: 8
          memory: 64Gi
        worker:
          cores: 8
          memory: 64Gi
        """,
                withPolicy(
                    """
        maxWorkersPerCluster: 10
        maxCoresPerNode: 8
        maxMemoryPerNode: 64Gi
        maxAutoTerminationMinutes: 60
        allowedRuntimeVersions: [spark-3.5]
        """)))
        .isEmpty();
  }

  @Test
  void tooManyWorkersNamesTheFieldAndTheLimit() {
    Problem problem = violation("workers: 12\n", "maxWorkersPerCluster: 10\n");

    assertThat(problem.message()).contains("workers 12").contains("maxWorkersPerCluster 10");
  }

  @Test
  void tooHighAutoscaleMaximumNamesTheFieldAndTheLimit() {
    Problem problem =
        violation(
            """
        autoscale:
          minWorkers: 1
          maxWorkers: 20
        """,
            "maxWorkersPerCluster: 10\n");

    assertThat(problem.message())
        .contains("autoscale.maxWorkers 20")
        .contains("maxWorkersPerCluster 10");
  }

  @Test
  void tooManyDriverCoresNamesTheFieldAndTheLimit() {
    Problem problem = violation("workers: 1\ndriver:\n  cores: 16\n", "maxCoresPerNode: 8\n");

    assertThat(problem.message()).contains("driver.cores 16").contains("maxCoresPerNode 8");
  }

  @Test
  void tooManyWorkerCoresNamesTheFieldAndTheLimit() {
    Problem problem = violation("workers: 1\nworker:\n  cores: 32\n", "maxCoresPerNode: 8\n");

    assertThat(problem.message()).contains("worker.cores 32").contains("maxCoresPerNode 8");
  }

  @Test
  void tooMuchDriverMemoryNamesTheFieldAndTheLimit() {
    Problem problem =
        violation("workers: 1\ndriver:\n  memory: 65Gi\n", "maxMemoryPerNode: 64Gi\n");

    assertThat(problem.message()).contains("driver.memory 65Gi").contains("maxMemoryPerNode 64Gi");
  }

  @Test
  void tooMuchWorkerMemoryIsComparedAcrossUnits() {
    Problem problem =
        violation("workers: 1\nworker:\n  memory: 70000Mi\n", "maxMemoryPerNode: 64Gi\n");

    assertThat(problem.message())
        .contains("worker.memory 70000Mi")
        .contains("maxMemoryPerNode 64Gi");
  }

  @Test
  void memoryEqualToTheLimitInAnotherUnitIsAllowed() {
    assertThat(
            check(
                "workers: 1\nworker:\n  memory: 65536Mi\n", withPolicy("maxMemoryPerNode: 64Gi\n")))
        .isEmpty();
  }

  @Test
  void disabledAutoTerminationViolatesAMaximum() {
    Problem problem =
        violation("workers: 1\nautoTerminationMinutes: 0\n", "maxAutoTerminationMinutes: 60\n");

    assertThat(problem.message())
        .contains("autoTerminationMinutes 0 (never)")
        .contains("60 minutes");
  }

  @Test
  void tooLongAutoTerminationNamesTheFieldAndTheLimit() {
    Problem problem =
        violation("workers: 1\nautoTerminationMinutes: 240\n", "maxAutoTerminationMinutes: 60\n");

    assertThat(problem.message()).contains("autoTerminationMinutes 240").contains("60 minutes");
  }

  @Test
  void unsetAutoTerminationCountsAsTheDefaultOf120Minutes() {
    Problem problem = violation("workers: 1\n", "maxAutoTerminationMinutes: 60\n");

    assertThat(problem.message()).contains("autoTerminationMinutes 120");
  }

  @Test
  void runtimeOutsideTheAllowedListNamesTheAllowedRuntimes() {
    Problem problem =
        violation(
            "workers: 1\nruntimeVersion: spark-4.0\n", "allowedRuntimeVersions: [spark-3.5]\n");

    assertThat(problem.message())
        .contains("runtimeVersion spark-4.0")
        .contains("allowed: spark-3.5");
  }

  @Test
  void defaultRuntimeIsCheckedAgainstTheAllowedList() {
    Problem problem = violation("workers: 1\n", "allowedRuntimeVersions: [spark-4.0]\n");

    assertThat(problem.message()).contains("runtimeVersion " + RUNTIMES.defaultRuntime().name());
  }

  @Test
  void emptyAllowedListAllowsEveryKnownRuntime() {
    assertThat(
            check(
                "workers: 1\nruntimeVersion: spark-4.0\n",
                withPolicy("allowedRuntimeVersions: []\n")))
        .isEmpty();
  }

  @Test
  void everyViolationIsReportedInOneMessage() {
    Problem problem =
        violation(
            """
        workers: 12
        worker:
          cores: 16
        autoTerminationMinutes: 0
        """,
            """
        maxWorkersPerCluster: 10
        maxCoresPerNode: 8
        maxAutoTerminationMinutes: 60
        """);

    assertThat(problem.message())
        .contains("workers 12")
        .contains("worker.cores 16")
        .contains("autoTerminationMinutes 0");
  }

  @Test
  void violationMessageSaysWhatToDo() {
    Problem problem = violation("workers: 12\n", "maxWorkersPerCluster: 10\n");

    assertThat(problem.message()).contains("change the Cluster").contains("spec.policy");
  }

  @Test
  void workersExactlyAtTheLimitAreAllowed() {
    Cluster cluster = cluster("workers: 10\n");

    assertThat(ClusterChecks.check(cluster, withPolicy("maxWorkersPerCluster: 10\n"), RUNTIMES))
        .isEmpty();
  }

  @Test
  void aCredentialLikeSparkPropertyStoredBeforeTheRuleIsAnInvalidSpecNamingIt() {
    Optional<Problem> problem =
        check(
            """
            workers: 1
            sparkConf:
              spark.hadoop.fs.s3a.secret.key: plain
              spark.sql.shuffle.partitions: "8"
              spark.hadoop.fs.s3a.aws.credentials.provider: com.example.Provider
            """,
            withoutPolicy());

    assertThat(problem).map(Problem::reason).contains(Reason.InvalidSpec);
    assertThat(problem.get().message())
        .contains("spark.hadoop.fs.s3a.secret.key")
        .doesNotContain("credentials.provider")
        .doesNotContain("shuffle");
  }
}
