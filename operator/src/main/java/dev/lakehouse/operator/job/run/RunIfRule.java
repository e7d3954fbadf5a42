package dev.lakehouse.operator.job.run;

import dev.lakehouse.api.v1alpha1.Task.RunIf;
import dev.lakehouse.api.v1alpha1.TaskState;
import java.util.List;

/**
 * Whether a task whose dependencies are all done runs, judged by its runIf, as the managed platform
 * documents it. When the condition does not hold, AllSucceeded, AtLeastOneSucceeded and NoneFailed
 * give UpstreamFailed (a failure), AllDone never fails to hold, and AtLeastOneFailed and AllFailed
 * give Excluded (skipped on purpose: a success). A task all of whose dependencies were excluded is
 * excluded. Failure counts Failed, TimedOut, Canceled and UpstreamFailed; success counts Succeeded
 * and Excluded.
 */
public final class RunIfRule {
  private RunIfRule() {}

  /** What happens to a task once its dependencies are done. */
  public enum Verdict {
    RUN,
    UPSTREAM_FAILED,
    EXCLUDED
  }

  /**
   * @param dependencies the final states of the task's dependencies (empty: it has none)
   */
  public static Verdict judge(RunIf runIf, List<TaskState> dependencies) {
    if (dependencies.isEmpty()) {
      return Verdict.RUN;
    }
    if (dependencies.stream().allMatch(s -> s == TaskState.Excluded)) {
      return Verdict.EXCLUDED;
    }
    long succeeded = dependencies.stream().filter(TaskState::successful).count();
    long failed = dependencies.stream().filter(TaskState::failed).count();
    long ran = dependencies.stream().filter(s -> s != TaskState.Excluded).count();
    return switch (runIf == null ? RunIf.AllSucceeded : runIf) {
      case AllSucceeded -> succeeded == dependencies.size() ? Verdict.RUN : Verdict.UPSTREAM_FAILED;
      case AtLeastOneSucceeded ->
          dependencies.stream().anyMatch(s -> s == TaskState.Succeeded)
              ? Verdict.RUN
              : Verdict.UPSTREAM_FAILED;
      case NoneFailed -> failed == 0 && ran > 0 ? Verdict.RUN : Verdict.UPSTREAM_FAILED;
      case AllDone -> Verdict.RUN;
      case AtLeastOneFailed -> failed > 0 ? Verdict.RUN : Verdict.EXCLUDED;
      case AllFailed -> failed == dependencies.size() ? Verdict.RUN : Verdict.EXCLUDED;
    };
  }
}
