package dev.lakehouse.api.v1alpha1;

/** What started a run. */
public enum RunTrigger {
  /** The Job's schedule. */
  Schedule,
  /** A person or a tool: a JobRun created by hand, or the Job's run-now annotation. */
  Manual
}
