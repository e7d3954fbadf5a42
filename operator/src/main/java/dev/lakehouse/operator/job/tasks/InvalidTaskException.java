package dev.lakehouse.operator.job.tasks;

/**
 * A task that cannot be turned into an attempt as it is written: an unknown {@code {{...}}}
 * reference, two parameters with the same environment variable, a field the operator does not
 * support yet. Its message says what to change; retrying the same task cannot succeed, so the Job
 * controller fails the task without retries.
 */
public final class InvalidTaskException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidTaskException(String message) {
    super(message);
  }
}
