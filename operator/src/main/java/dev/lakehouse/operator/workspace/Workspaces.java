package dev.lakehouse.operator.workspace;

import dev.lakehouse.api.v1alpha1.Workspace;
import java.util.Collection;
import java.util.Optional;

/** Facts about Workspaces that several reconcilers need. */
public final class Workspaces {
  private Workspaces() {}

  /** The namespace a Workspace owns: spec.namespace, or the Workspace's name. */
  public static String namespaceOf(Workspace workspace) {
    String configured = workspace.getSpec() == null ? null : workspace.getSpec().namespace;
    return configured == null || configured.isBlank()
        ? workspace.getMetadata().getName()
        : configured;
  }

  /** The Workspace that owns a namespace, among the given ones. */
  public static Optional<Workspace> owning(String namespace, Collection<Workspace> workspaces) {
    return workspaces.stream().filter(w -> namespaceOf(w).equals(namespace)).findFirst();
  }
}
