package dev.lakehouse.api.v1alpha1;

/** Where a task of a run is. */
public enum TaskState {
  /** Not started: waiting for the tasks it depends on, or for its cluster. */
  Pending,
  /** An attempt runs. */
  Running,
  /** An attempt failed and another one starts after minRetryIntervalSeconds. */
  WaitingForRetry,
  /** An attempt succeeded. */
  Succeeded,
  /** The last attempt failed and no retry is left. */
  Failed,
  /** The last attempt ran out of time (timeoutSeconds) and no retry is left. */
  TimedOut,
  /** Stopped because the run ended (its timeout, a cancel). */
  Canceled,
  /** Not run: its runIf (AllSucceeded, AtLeastOneSucceeded, NoneFailed) did not hold. */
  UpstreamFailed,
  /**
   * Not run, on purpose: its runIf (AtLeastOneFailed, AllFailed) did not hold; counts as success.
   */
  Excluded;

  /** Whether the task will not change any more (until a repair). */
  public boolean done() {
    return this != Pending && this != Running && this != WaitingForRetry;
  }

  /** Success as runIf and results count it: succeeded, or excluded on purpose. */
  public boolean successful() {
    return this == Succeeded || this == Excluded;
  }

  /** Failure as runIf and results count it. */
  public boolean failed() {
    return this == Failed || this == TimedOut || this == Canceled || this == UpstreamFailed;
  }
}
