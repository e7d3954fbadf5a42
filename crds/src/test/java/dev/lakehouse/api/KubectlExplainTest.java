package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kubectl explain shows the descriptions written on the API classes. */
class KubectlExplainTest {
  private static final RealApiServer API = RealApiServer.shared();

  @ParameterizedTest(name = "kubectl explain {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "clusters.lakehouse.dev|A Spark engine in a Workspace's namespace",
        "clusters.lakehouse.dev.spec|Desired state of a Cluster",
        "clusters.lakehouse.dev.spec.autoscale.maxWorkers|Most workers the autoscaler may start.",
        "clusters.lakehouse.dev.spec.workers|It is the Cluster's scale subresource",
        "clusters.lakehouse.dev.status.conditions.reason|A machine-readable CamelCase reason",
        "workspaces.lakehouse.dev.spec.catalogs.type|Protocol of the catalog server",
        "workspaces.lakehouse.dev.spec.deletionPolicy|What deleting the Workspace does while engines run",
        "jobs.lakehouse.dev.spec.tasks.runIf|When the task runs, judged on the tasks it depends on",
        "jobs.lakehouse.dev|kubectl get jobs shows batch Jobs",
        "warehouses.lakehouse.dev.spec.size|Size of each of the Warehouse's clusters",
      })
  void showsTheFieldsDescription(String field, String expected) {
    CommandResult explained = API.kubectl("explain", field);
    assertThat(explained.succeeded()).as(explained.toString()).isTrue();
    assertThat(explained.stdout().replaceAll("\\s+", " ")).contains(expected);
  }
}
