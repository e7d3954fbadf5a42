package dev.lakehouse.api.status;

/**
 * Condition types of the four kinds. The constant's name is the {@code type} written in {@code
 * status.conditions}.
 *
 * <p>{@link #Reconciling} and {@link #Stalled} are the "abnormal-true" pair that kstatus (Flux,
 * kubectl-based GitOps tools) reads: a resource is in progress while Reconciling is True, failed
 * while Stalled is True, and current otherwise once {@code status.observedGeneration} has caught
 * up.
 */
public enum ConditionType {
  /**
   * The resource does what it is for: an engine serves Spark Connect, a Workspace takes engines.
   */
  Ready,
  /**
   * The operator is moving the resource towards its spec (starting, scaling, rolling, stopping).
   */
  Progressing,
  /** Something that worked is broken: a driver lost, a child the API server refused. */
  Degraded,
  /** The engine is stopped on purpose (by the user or auto-termination). */
  Suspended,
  /** kstatus: the operator is still working towards the spec. Mirrors Progressing. */
  Reconciling,
  /** kstatus: the operator cannot make progress until someone changes something. */
  Stalled,
  /** A Workspace's catalogs resolved against their Secrets. */
  CatalogsResolved,
  /** A Workspace's object storage resolved against its Secrets. */
  StorageResolved,
  /** A run ended; its reason and message give the result. */
  Complete,
  /** Settings of the engine that the operator does not pass on (say which and why). */
  SettingsIgnored
}
