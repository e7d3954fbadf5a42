package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static dev.lakehouse.operator.warehouse.WarehouseFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.operator.kube.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WarehouseChecksTest {
  private static final RuntimeVersions RUNTIMES = RuntimeVersions.bundled();

  private static Optional<Problem> check(String spec, String policy) {
    return WarehouseChecks.check(warehouse(spec), workspace(policy), RUNTIMES);
  }

  private static Problem violation(String spec, String policy) {
    Optional<Problem> problem = check(spec, policy);
    assertThat(problem).isPresent();
    assertThat(problem.get().reason()).isEqualTo(Reason.PolicyViolation);
    assertThat(problem.get().message()).contains("spec.policy");
    return problem.get();
  }

  @Test
  void aWarehouseOnTheDefaultRuntimeWithoutPolicyHasNoProblem() {
    assertThat(check("size: 4X-Large", null)).isEmpty();
    assertThat(check("runtimeVersion: spark-3.5", null)).isEmpty();
  }

  @Test
  void aRuntimeWithoutSqlEndpointIsRefusedNamingTheRuntimesThatServeSql() {
    Optional<Problem> problem = check("runtimeVersion: spark-4.0", null);

    assertThat(problem).isPresent();
    assertThat(problem.get().reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(problem.get().message())
        .contains("spark-4.0")
        .contains("JDBC/Thrift")
        .endsWith("use spark-3.5");
  }

  @Test
  void anUnknownRuntimeIsRefusedNamingTheRuntimesThatServeSql() {
    Optional<Problem> problem = check("runtimeVersion: spark-9.9", null);

    assertThat(problem).map(Problem::reason).contains(Reason.InvalidSpec);
    assertThat(problem.get().message()).contains("spark-9.9").contains("spark-3.5");
    assertThat(problem.get().message()).doesNotContain("spark-4.0");
  }

  @Test
  void aSizeTheWorkspaceDoesNotAllowIsAViolationListingTheAllowedSizes() {
    Problem problem = violation("size: Large", "allowedWarehouseSizes: [2X-Small, Small]");

    assertThat(problem.message())
        .contains("size Large is not allowed")
        .contains("allowed: 2X-Small, Small");
    assertThat(check("size: Small", "allowedWarehouseSizes: [2X-Small, Small]")).isEmpty();
    assertThat(check("{}", "allowedWarehouseSizes: [Small]")).as("no size is Small").isEmpty();
  }

  @Test
  void aSizeWithMoreWorkersThanTheWorkspaceAllowsIsAViolation() {
    Problem problem = violation("size: Medium", "maxWorkersPerCluster: 4");

    assertThat(problem.message()).contains("8 workers").contains("maxWorkersPerCluster 4");
    assertThat(check("size: Small", "maxWorkersPerCluster: 4")).isEmpty();
  }

  @Test
  void aSizeWhoseNodesAreTooBigIsAViolation() {
    assertThat(violation("size: Large", "maxCoresPerNode: 4").message())
        .contains("8 cores per node");
    assertThat(violation("size: Large", "maxMemoryPerNode: 16Gi").message())
        .contains("32Gi per node");
    assertThat(check("size: Medium", "maxCoresPerNode: 4\nmaxMemoryPerNode: 16Gi")).isEmpty();
  }

  @Test
  void autoStopMustStopWithinTheWorkspacesMaximumAndZeroNeverStops() {
    assertThat(violation("autoStopMinutes: 60", "maxAutoTerminationMinutes: 30").message())
        .contains("autoStopMinutes 60")
        .contains("30 idle minutes");
    assertThat(violation("autoStopMinutes: 0", "maxAutoTerminationMinutes: 30").message())
        .contains("autoStopMinutes 0 (never)");
    assertThat(check("autoStopMinutes: 30", "maxAutoTerminationMinutes: 30")).isEmpty();
    assertThat(check("{}", "maxAutoTerminationMinutes: 10")).as("the default is 10").isEmpty();
    assertThat(check("{}", "maxAutoTerminationMinutes: 5")).isPresent();
  }

  @Test
  void aRuntimeTheWorkspaceDoesNotAllowIsAViolation() {
    assertThat(
            violation("runtimeVersion: spark-3.5", "allowedRuntimeVersions: [spark-4.0]").message())
        .contains("runtimeVersion spark-3.5 is not allowed")
        .contains("allowed: spark-4.0");
    assertThat(check("{}", "allowedRuntimeVersions: [spark-4.0]"))
        .as("no runtime is the default runtime")
        .isPresent();
    assertThat(check("{}", "allowedRuntimeVersions: [spark-3.5]")).isEmpty();
  }

  @Test
  void everyViolationIsReportedAtOnce() {
    Problem problem =
        violation(
            "size: Large\nautoStopMinutes: 0",
            "maxWorkersPerCluster: 8\nmaxAutoTerminationMinutes: 30");

    assertThat(problem.message()).contains("maxWorkersPerCluster").contains("autoStopMinutes");
  }
}
