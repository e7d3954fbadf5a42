package dev.lakehouse.operator.workspace;

import dev.lakehouse.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Which engines keep a Workspace (with deletionPolicy Refuse) from going: those that still run,
 * judged by the phase their controller recorded. A stopped or auto-terminated engine whose pods are
 * gone (Terminated), and one that never ran (Error with nothing ready), let it go. A Job's runs
 * hold the Workspace through the Clusters they run on, and Warehouses through the clusters of their
 * fleet (a stopped Warehouse, whose gateway alone runs, holds nothing).
 */
public final class WorkspaceDeletion {
  private WorkspaceDeletion() {}

  public static List<HasMetadata> blocking(List<? extends HasMetadata> engines) {
    return engines.stream()
        .filter(e -> e.getMetadata().getDeletionTimestamp() == null)
        .filter(WorkspaceDeletion::runs)
        .map(HasMetadata.class::cast)
        .toList();
  }

  static boolean runs(HasMetadata engine) {
    if (engine instanceof Cluster c) {
      String phase = c.getStatus() == null ? null : c.getStatus().phase;
      int ready =
          c.getStatus() == null || c.getStatus().workers == null ? 0 : c.getStatus().workers;
      return !"Terminated".equals(phase) && !("Error".equals(phase) && ready == 0);
    }
    return false;
  }
}
