package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart lints, renders, refuses bad values, and what it renders is accepted by a real API
 * server.
 */
class HelmChartTest {

  @Test
  void lintsCleanly() {
    CommandResult lint = Helm.run("lint", Helm.CHART.toString(), "--strict");
    assertThat(lint.succeeded()).as(lint.toString()).isTrue();
    assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @Test
  void rendersAnOperatorWithRbacProbesAndMetrics() {
    String rendered =
        Helm.template("lakehouse-system", "--set", "metrics.serviceMonitor.enabled=true");
    assertThat(rendered)
        .contains("kind: Deployment")
        .contains("kind: ClusterRole")
        .contains("name: lakehouse-editor")
        .contains("path: /q/health/ready")
        .contains("path: /q/health/live")
        .contains("kind: ServiceMonitor")
        .contains("path: /metrics")
        .contains("rbac.authorization.k8s.io/aggregate-to-view: \"true\"");
  }

  @Test
  void refusesValuesOutsideItsSchema() {
    CommandResult bad =
        Helm.run(
            "template",
            "lakehouse",
            Helm.CHART.toString(),
            "--kube-version",
            dev.lakehouse.testing.TestEnvironment.kubeVersion(),
            "--set",
            "activitySource=psychic");
    assertThat(bad.succeeded()).isFalse();
    assertThat(bad.stderr()).contains("activitySource").contains("spark-master");
  }

  @Test
  void everythingItRendersIsAcceptedByTheApiServer() {
    RealApiServer api = RealApiServer.shared();
    api.client()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("lakehouse-system")
                .endMetadata()
                .build())
        .serverSideApply();
    String rendered = Helm.template("lakehouse-system");

    CommandResult applied =
        api.kubectlWithInput(rendered, "apply", "--dry-run=server", "--server-side", "-f", "-");

    assertThat(applied.succeeded()).as(applied.toString()).isTrue();
    assertThat(applied.stdout())
        .contains("deployment.apps/lakehouse-operator serverside-applied (server dry run)");
  }
}
