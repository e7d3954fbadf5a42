package dev.lakehouse.api.status;

/**
 * Reasons of conditions: machine-readable CamelCase, the constant's name is the {@code reason}
 * written in {@code status.conditions}. The message next to it says what to do.
 */
public enum Reason {
  // The spec cannot be run as it is.
  /**
   * Something admission cannot check is wrong in the spec (an unknown runtime, a task-graph cycle).
   */
  InvalidSpec,
  /** The spec breaks its Workspace's policy. */
  PolicyViolation,

  // A Workspace and what engines need from it.
  /** No Workspace owns the engine's namespace. */
  WorkspaceNotFound,
  /** The engine's Workspace is not Ready yet. */
  WorkspaceNotReady,
  /** The Workspace's namespace is not Active yet. */
  NamespacePending,
  /** The quota controller has not counted the Workspace's ResourceQuota yet. */
  QuotaPending,
  /** Catalogs or storage do not resolve. */
  Unresolved,
  /** Catalogs or storage resolve. */
  Resolved,
  /** A referenced Secret does not exist. */
  SecretNotFound,
  /** A referenced Secret lacks a key. */
  SecretKeyNotFound,
  /** A Workspace waits for its engines to stop before it goes. */
  DeletionBlocked,
  /** A Workspace is ready for engines. */
  Ready,

  // An engine's lifecycle.
  /** The driver and workers are starting. */
  Starting,
  /** Driver and workers are ready. */
  Running,
  /** The driver is ready; workers are still starting. */
  WorkersStarting,
  /** The driver is not ready. */
  DriverNotReady,
  /** The driver was ready and is not: waiting for it to come back. */
  DriverRecovering,
  /** The number of workers is changing. */
  Scaling,
  /** Pods roll onto a new image, configuration or resources. */
  RollingRestart,
  /** Nothing is changing. */
  Stable,
  /** Engine pods are stopping. */
  Stopping,
  /** No engine pods run. */
  Stopped,
  /** Stopped by {@code spec.state: Stopped}. */
  UserRequest,
  /** Stopped after its idle minutes. */
  AutoTerminated,
  /** A Warehouse stopped after its autoStopMinutes without a query; a connection wakes it. */
  AutoStopped,
  /** A connection woke a stopped Warehouse; its first cluster is starting. */
  Waking,
  /** The engine is not stopped. */
  NotSuspended,
  /** Nothing is degraded. */
  AsExpected,
  /** Waiting for the Workspace before anything starts. */
  WaitingForWorkspace,
  /** Every setting is passed on. */
  AllSettingsApplied,
  /** Some settings are left out; the message says which and why. */
  SettingsIgnored,

  // Jobs and runs.
  /** A Job waits for its next scheduled time. */
  Scheduled,
  /** A Job has no schedule and no run in progress. */
  Idle,
  /** A Job's schedule is paused. */
  Paused,
  /** A run or a Job's run is in progress. */
  RunInProgress,
  /** A run ended; the condition's status says whether it succeeded. */
  RunEnded,

  // The operator's own trouble.
  /** The API server refused a child the operator applied; the message has its answer. */
  ApplyFailed,
  /** A reconcile failed for another reason; the message says which. */
  ReconcileError
}
