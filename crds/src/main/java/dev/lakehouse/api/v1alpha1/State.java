package dev.lakehouse.api.v1alpha1;

/** The state a user asks an engine to be in. */
public enum State {
  /** Engine pods run. */
  Running,
  /** Engine pods are scaled to zero; the definition is kept and Running restores it. */
  Stopped
}
