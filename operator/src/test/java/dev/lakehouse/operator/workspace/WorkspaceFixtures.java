package dev.lakehouse.operator.workspace;

import dev.lakehouse.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Workspaces written as the YAML a platform team would apply. */
final class WorkspaceFixtures {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final String UID = "0d5f3c2a-0000-4000-8000-0000000000ws";

  private WorkspaceFixtures() {}

  /** A Workspace named analytics with the given spec (YAML lines, unindented). */
  static Workspace workspace(String spec) {
    String yaml =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata:
          name: analytics
          uid: %s
          generation: 2
        spec:
        """
                .formatted(UID)
            + spec.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    return SERIALIZATION.unmarshal(yaml, Workspace.class);
  }
}
