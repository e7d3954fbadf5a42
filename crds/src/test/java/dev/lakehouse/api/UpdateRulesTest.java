package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import org.junit.jupiter.api.Test;

/** Rules that apply to changes of existing objects rather than to new ones. */
class UpdateRulesTest {
  private static final RealApiServer API = RealApiServer.shared();

  @Test
  void aWorkspacesNamespaceCannotChange() {
    apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: immutable-ns}
        spec: {namespace: team-a}
        """);

    CommandResult changed =
        API.kubectlWithInput(
            """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: immutable-ns}
        spec: {namespace: team-b}
        """,
            "apply",
            "--server-side",
            "-f",
            "-");

    assertThat(changed.succeeded()).isFalse();
    assertThat(changed.stderr())
        .contains("spec.namespace cannot be changed after the Workspace is created");
  }

  @Test
  void aWorkspaceChangeThatKeepsTheNamespaceIsAccepted() {
    apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: kept-ns}
        spec: {namespace: team-c}
        """);

    CommandResult changed =
        API.kubectlWithInput(
            """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata: {name: kept-ns}
        spec: {namespace: team-c, description: now described}
        """,
            "apply",
            "--server-side",
            "-f",
            "-");

    assertThat(changed.succeeded()).as(changed.toString()).isTrue();
  }

  @Test
  void aWarehousesBoundsCanChangeWhileTheOperatorsClusterCountIsOutsideThem() {
    API.kubectl("create", "namespace", "update-rules");
    apply(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Warehouse
        metadata: {name: bounds, namespace: update-rules}
        spec: {minClusters: 1, maxClusters: 3, clusters: 1}
        """);

    // The user raises the minimum; spec.clusters (the operator's) is below it until the operator
    // writes it again: accepted.
    CommandResult raised =
        API.kubectl(
            "patch",
            "warehouses.lakehouse.dev/bounds",
            "-n",
            "update-rules",
            "--type=merge",
            "-p",
            "{\"spec\":{\"minClusters\":2}}");
    assertThat(raised.succeeded()).as(raised.toString()).isTrue();

    // A spec.clusters written outside the bounds is still refused.
    CommandResult outside =
        API.kubectl(
            "patch",
            "warehouses.lakehouse.dev/bounds",
            "-n",
            "update-rules",
            "--type=merge",
            "-p",
            "{\"spec\":{\"clusters\":5}}");
    assertThat(outside.succeeded()).isFalse();
    assertThat(outside.stderr())
        .contains("spec.clusters must be 0 (stopped) or between minClusters and maxClusters");
  }

  private static void apply(String manifest) {
    CommandResult applied = API.kubectlWithInput(manifest, "apply", "--server-side", "-f", "-");
    assertThat(applied.succeeded()).as(applied.toString()).isTrue();
  }
}
