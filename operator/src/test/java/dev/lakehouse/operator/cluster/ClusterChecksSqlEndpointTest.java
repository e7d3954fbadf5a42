package dev.lakehouse.operator.cluster;

import static dev.lakehouse.operator.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks of a Cluster with a SQL endpoint, and of a Warehouse's clusters. */
class ClusterChecksSqlEndpointTest {
  private static final RuntimeVersions RUNTIMES = RuntimeVersions.bundled();

  private static final Workspace BOUNDED =
      ClusterFixtures.workspace(
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Workspace
          metadata: {name: analytics}
          spec:
            policy: {maxAutoTerminationMinutes: 60}
          """);

  private static final Workspace FREE =
      ClusterFixtures.workspace(
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Workspace
          metadata: {name: analytics}
          spec: {}
          """);

  private static Cluster controlledBy(Cluster cluster, String kind) {
    cluster
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("lakehouse.dev/v1alpha1")
                    .withKind(kind)
                    .withName("sales")
                    .withUid("5a7e0c11-wh00-4000-8000-000000000003")
                    .withController(true)
                    .build()));
    if ("Warehouse".equals(kind)) {
      cluster.getMetadata().setLabels(java.util.Map.of("lakehouse.dev/warehouse", "sales"));
    }
    return cluster;
  }

  @Test
  void aSqlEndpointOnARuntimeWithoutThriftServerIsAnInvalidSpecNamingTheOnesWithIt() {
    Optional<Problem> problem =
        ClusterChecks.check(
            cluster("runtimeVersion: spark-4.0\nworkers: 1\nsqlEndpoint: {}\n"), FREE, RUNTIMES);

    assertThat(problem).map(Problem::reason).contains(Reason.InvalidSpec);
    assertThat(problem.get().message())
        .contains("spark-4.0")
        .contains("remove sqlEndpoint")
        .contains("(spark-3.5)");
  }

  @Test
  void aSqlEndpointOnSpark35AndSpark40WithoutOneAreFine() {
    assertThat(
            ClusterChecks.check(
                cluster("runtimeVersion: spark-3.5\nworkers: 1\nsqlEndpoint: {}\n"),
                FREE,
                RUNTIMES))
        .isEmpty();
    assertThat(
            ClusterChecks.check(cluster("runtimeVersion: spark-4.0\nworkers: 1\n"), FREE, RUNTIMES))
        .isEmpty();
  }

  @Test
  void aWarehousesClusterThatNeverStopsByItselfPassesTheAutoTerminationPolicy() {
    Cluster member =
        controlledBy(
            cluster("workers: 1\nautoTerminationMinutes: 0\nsqlEndpoint: {}\n"), "Warehouse");

    assertThat(ClusterChecks.check(member, BOUNDED, RUNTIMES))
        .as("its Warehouse's autoStopMinutes is what the policy bounds")
        .isEmpty();
  }

  @Test
  void aWarehouseLabelOrOwnerAloneDoesNotExemptACluster() {
    Cluster labelOnly = cluster("workers: 1\nautoTerminationMinutes: 0\n");
    labelOnly.getMetadata().setLabels(java.util.Map.of("lakehouse.dev/warehouse", "sales"));
    Cluster otherGroup =
        controlledBy(cluster("workers: 1\nautoTerminationMinutes: 0\n"), "Warehouse");
    otherGroup.getMetadata().getOwnerReferences().get(0).setApiVersion("example.com/v1");

    for (Cluster cluster : List.of(labelOnly, otherGroup)) {
      assertThat(ClusterChecks.check(cluster, BOUNDED, RUNTIMES))
          .map(Problem::reason)
          .contains(Reason.PolicyViolation);
    }
  }

  @Test
  void aPlainClusterThatNeverStopsIsStillRefused() {
    Optional<Problem> plain =
        ClusterChecks.check(cluster("workers: 1\nautoTerminationMinutes: 0\n"), BOUNDED, RUNTIMES);
    Optional<Problem> ownedByAJob =
        ClusterChecks.check(
            controlledBy(cluster("workers: 1\nautoTerminationMinutes: 0\n"), "JobRun"),
            BOUNDED,
            RUNTIMES);

    for (Optional<Problem> problem : List.of(plain, ownedByAJob)) {
      assertThat(problem).map(Problem::reason).contains(Reason.PolicyViolation);
      assertThat(problem.get().message()).contains("autoTerminationMinutes 0 (never)");
    }
  }
}
