package dev.lakehouse.operator.workspace;

import static dev.lakehouse.api.status.ConditionType.CatalogsResolved;
import static dev.lakehouse.api.status.ConditionType.Ready;
import static dev.lakehouse.api.status.ConditionType.StorageResolved;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.api.v1alpha1.WorkspaceStatus;
import dev.lakehouse.operator.kube.Conditions;
import java.time.Instant;
import java.util.Optional;

/**
 * A Workspace's status from what was observed: a pure function. Ready needs the namespace Active,
 * the quota counted (until then the API server refuses new engines) and the catalogs and storage
 * resolved. kstatus sees a Workspace in progress while its namespace or quota is pending, and
 * failed (Stalled) while a Secret it needs is missing: that waits for someone to create it.
 */
public final class WorkspaceStatusCalculator {
  private WorkspaceStatusCalculator() {}

  public static WorkspaceStatus compute(
      Workspace workspace, WorkspaceObservation seen, Instant now) {
    WorkspaceStatus previous =
        Optional.ofNullable(workspace.getStatus()).orElseGet(WorkspaceStatus::new);
    long generation = Optional.ofNullable(workspace.getMetadata().getGeneration()).orElse(0L);
    String namespace = Workspaces.namespaceOf(workspace);
    Resolution catalogs = seen.catalogs();
    Resolution storage = seen.storage();
    boolean resolved = catalogs.resolved() && storage.resolved();
    boolean ready = seen.namespaceActive() && seen.quotaCounted() && resolved;

    Reason reason;
    String message;
    if (!seen.namespaceActive()) {
      reason = Reason.NamespacePending;
      message = "waiting for namespace " + namespace;
    } else if (!seen.quotaCounted()) {
      reason = Reason.QuotaPending;
      message =
          "waiting for the quota controller to count ResourceQuota lakehouse-quota (until then the"
              + " API server refuses new engines in "
              + namespace
              + ")";
    } else if (!resolved) {
      reason = Reason.Unresolved;
      message =
          "engines cannot attach until the catalogs and storage resolve: see CatalogsResolved and"
              + " StorageResolved";
    } else {
      reason = Reason.Ready;
      message = "namespace " + namespace + " is ready for engines";
    }
    WorkspaceStatus status = new WorkspaceStatus();
    status.observedGeneration = generation;
    status.namespace = namespace;
    status.clusters = seen.clusters();
    status.jobs = seen.jobs();
    status.warehouses = seen.warehouses();
    status.phase = ready ? "Ready" : !resolved ? "Error" : "Pending";
    boolean pending = !ready && resolved;
    status.conditions =
        new Conditions(previous.conditions, generation, now)
            .set(Ready, ready, reason, message)
            .set(CatalogsResolved, catalogs.resolved(), catalogs.reason(), catalogs.message())
            .set(StorageResolved, storage.resolved(), storage.reason(), storage.message())
            .progressing(pending, pending ? reason : Reason.Stable, message)
            .stalled(!resolved, resolved ? Reason.AsExpected : reason, message)
            .build();
    return status;
  }
}
