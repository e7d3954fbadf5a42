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

  private static void apply(String manifest) {
    CommandResult applied = API.kubectlWithInput(manifest, "apply", "--server-side", "-f", "-");
    assertThat(applied.succeeded()).as(applied.toString()).isTrue();
  }
}
