package dev.lakehouse.operator.job.run;

import java.time.Instant;

/**
 * One attempt of a task as Kubernetes shows it: its batch Job, and its pod once there is one.
 *
 * @param task the task's key
 * @param number the attempt's number, from 1
 * @param job the batch Job's name
 * @param phase where the attempt is
 * @param startTime when its batch Job started (its status.startTime), else when it was created
 * @param endTime when it ended, null while it runs
 * @param exitCode the task container's exit code, when known
 * @param pod the attempt's pod, when known
 * @param message why it ended as it did, when it did
 */
public record AttemptObservation(
    String task,
    int number,
    String job,
    Phase phase,
    Instant startTime,
    Instant endTime,
    Integer exitCode,
    String pod,
    String message) {

  /** Where an attempt is. */
  public enum Phase {
    Running,
    Succeeded,
    Failed,
    /** Stopped by its activeDeadlineSeconds (the task's timeoutSeconds). */
    TimedOut;

    public boolean ended() {
      return this != Running;
    }
  }
}
