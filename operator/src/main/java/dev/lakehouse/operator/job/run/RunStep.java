package dev.lakehouse.operator.job.run;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.api.v1alpha1.Task;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one step of a run decided, for the reconciler to carry out: the status to record, the
 * attempts to start and to stop, whether the run needs its cluster, when to look again, and what to
 * tell.
 *
 * @param needsCluster whether a task runs or is about to: a job cluster must exist
 * @param wakeAt the next time something is due without an event (a retry, a timeout)
 */
public record RunStep(
    JobRunStatus status,
    List<Start> start,
    List<String> stop,
    boolean needsCluster,
    Optional<Instant> wakeAt,
    List<Told> told) {

  /** An attempt to start: a batch Job to create. */
  public record Start(String task, int number, String job, Integer repair, Task spec) {}

  /** An event to record on the run. */
  public record Told(EventReason reason, boolean warning, String message) {}
}
