package dev.lakehouse.api.status;

/**
 * Reasons of the Events the operator records on its resources ({@code kubectl describe}, {@code
 * kubectl get events --field-selector reason=...}). The constant's name is the event's reason.
 */
public enum EventReason {
  // Engines.
  /** A fixed-size engine's workers change in number. */
  Scaling,
  /** The autoscaler added workers; the message has its reason and numbers. */
  ScaledUp,
  /** The autoscaler let workers go; the message names them. */
  ScaledDown,
  /** Spark's load cannot be read: the size holds. */
  AutoscalerMetricsUnavailable,
  /** The image, configuration or resources changed: pods roll. */
  RollingRestart,
  /** {@code spec.state: Stopped}: the engine scales to zero. */
  Stopping,
  /** Idle for its minutes: the engine stops by itself. */
  AutoTerminated,
  /** A stopped engine starts again. */
  Starting,
  // Warehouses.
  /** A connection reached a stopped Warehouse: it starts, and the gateway holds the client. */
  Waking,
  /** A cluster of a Warehouse gets no new connections and goes once its sessions end. */
  Draining,
  /**
   * A drained cluster of a Warehouse is deleted: its sessions ended or its drain timeout passed.
   */
  Drained,
  /** A Warehouse had no query for its autoStopMinutes: it stops to zero clusters. */
  AutoStopped,
  /** Workers of an older operator version (a StatefulSet) gave way to the Deployment. */
  WorkersMigrated,
  /** The spec cannot run as it is. */
  InvalidSpec,
  /** The spec breaks its Workspace's policy. */
  PolicyViolation,
  /** Settings the operator does not pass on; the message says which and why. */
  SettingsIgnored,

  // Workspaces.
  /** A Workspace's catalogs resolved. */
  CatalogsResolved,
  /** A Workspace's storage resolved. */
  StorageResolved,
  /** A Secret a Workspace references does not exist. */
  SecretNotFound,
  /** A Secret a Workspace references lacks a key. */
  SecretKeyNotFound,
  /** A Workspace waits for its engines to stop. */
  DeletionBlocked,

  // Jobs and their runs.
  /** A run started (or a repair of it). */
  RunStarted,
  /** A run ended with Succeeded or SucceededWithFailures. */
  RunSucceeded,
  /** A run ended with Failed, TimedOut or Canceled, or started to stop for it. */
  RunFailed,
  /**
   * A run did not run: maxConcurrentRuns was reached (concurrencyPolicy Skip, or a queue timeout).
   */
  RunSkipped,
  /** A task failed for good: no retry left. */
  TaskFailed,
  /** A task's attempt failed and another one is scheduled. */
  TaskRetried,
  /** Scheduled times passed while the operator was down, beyond startingDeadlineSeconds. */
  MissedSchedule,
  /** The schedule or run-now created a run. */
  RunCreated,
  /** Old runs were deleted by the history limits or ttlSecondsAfterFinished. */
  RunsDeleted,

  // Children.
  /** A child was changed or deleted outside the operator and was put back. */
  DriftRepaired,
  /** A child the operator owned and no longer wants was deleted. */
  Pruned,
  /** The API server refused a child; the operator retries with backoff. */
  ApplyFailed,
  /** A reconcile failed; the operator retries with backoff. */
  ReconcileError
}
