package dev.lakehouse.operator.workspace;

import static dev.lakehouse.operator.workspace.WorkspaceFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspacesTest {

  private static Workspace named(String name, String namespace) {
    Workspace w =
        workspace(namespace == null ? "description: x\n" : "namespace: " + namespace + "\n");
    w.getMetadata().setName(name);
    return w;
  }

  @Test
  void namespaceIsSpecNamespaceWhenSet() {
    assertThat(Workspaces.namespaceOf(workspace("namespace: team-a\n"))).isEqualTo("team-a");
  }

  @Test
  void namespaceIsTheWorkspacesNameByDefault() {
    assertThat(Workspaces.namespaceOf(workspace("description: x\n"))).isEqualTo("analytics");
  }

  @Test
  void blankSpecNamespaceMeansTheWorkspacesName() {
    Workspace w = workspace("description: x\n");
    w.getSpec().namespace = "  ";

    assertThat(Workspaces.namespaceOf(w)).isEqualTo("analytics");
  }

  @Test
  void workspaceWithoutSpecOwnsTheNamespaceOfItsName() {
    Workspace w = new Workspace();
    w.setMetadata(new ObjectMetaBuilder().withName("bare").build());

    assertThat(Workspaces.namespaceOf(w)).isEqualTo("bare");
  }

  @Test
  void owningFindsTheWorkspaceByItsExplicitNamespace() {
    Workspace a = named("a", "team-a");
    Workspace b = named("b", "team-b");

    assertThat(Workspaces.owning("team-b", List.of(a, b))).containsSame(b);
  }

  @Test
  void owningFindsTheWorkspaceByItsName() {
    Workspace a = named("a", null);
    Workspace b = named("b", "team-b");

    assertThat(Workspaces.owning("a", List.of(b, a))).containsSame(a);
  }

  @Test
  void owningIgnoresAWorkspaceWhoseNameMatchesButNamespaceDiffers() {
    Workspace a = named("team-b", "elsewhere");

    assertThat(Workspaces.owning("team-b", List.of(a))).isEmpty();
  }

  @Test
  void owningIsEmptyForANamespaceNoWorkspaceOwns() {
    assertThat(Workspaces.owning("default", List.of(named("a", null), named("b", "team-b"))))
        .isEmpty();
  }
}
