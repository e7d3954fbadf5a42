package dev.lakehouse.api.v1alpha1;

/** Where a run is, as the managed platform's run lifecycle and result states name it. */
public enum RunPhase {
  /** Waiting for a place under the Job's maxConcurrentRuns (concurrencyPolicy Queue). */
  Queued,
  /** Accepted: its cluster is starting, no task has started yet. */
  Pending,
  /** At least one task started and the run has not ended. */
  Running,
  /** Ending: its timeout passed or it was canceled; tasks are being stopped. */
  Terminating,
  /** Every leaf task succeeded (or was excluded) and nothing upstream failed. */
  Succeeded,
  /** Every leaf task succeeded, but some task upstream failed (a runIf let the leaves run). */
  SucceededWithFailures,
  /** A leaf task failed, timed out, was canceled or did not run because its upstream failed. */
  Failed,
  /** The run's timeout passed. */
  TimedOut,
  /** Canceled by a person (the lakehouse.dev/cancel annotation) or by the Job being deleted. */
  Canceled,
  /** Not run: maxConcurrentRuns was reached with concurrencyPolicy Skip, or the queue timed out. */
  Skipped;

  /** Whether the run has ended. */
  public boolean terminal() {
    return this == Succeeded
        || this == SucceededWithFailures
        || this == Failed
        || this == TimedOut
        || this == Canceled
        || this == Skipped;
  }
}
