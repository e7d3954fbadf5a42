package dev.lakehouse.operator.job.run;

import static dev.lakehouse.api.v1alpha1.TaskState.Canceled;
import static dev.lakehouse.api.v1alpha1.TaskState.Excluded;
import static dev.lakehouse.api.v1alpha1.TaskState.Failed;
import static dev.lakehouse.api.v1alpha1.TaskState.Succeeded;
import static dev.lakehouse.api.v1alpha1.TaskState.TimedOut;
import static dev.lakehouse.api.v1alpha1.TaskState.UpstreamFailed;
import static dev.lakehouse.operator.job.run.RunIfRule.Verdict.EXCLUDED;
import static dev.lakehouse.operator.job.run.RunIfRule.Verdict.RUN;
import static dev.lakehouse.operator.job.run.RunIfRule.Verdict.UPSTREAM_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Task.RunIf;
import dev.lakehouse.api.v1alpha1.TaskState;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunIfRuleTest {
  static Stream<Arguments> table() {
    return Stream.of(
        // runIf, dependencies' final states, verdict
        Arguments.of(RunIf.AllSucceeded, List.of(Succeeded, Succeeded), RUN),
        Arguments.of(RunIf.AllSucceeded, List.of(Succeeded, Excluded), RUN),
        Arguments.of(RunIf.AllSucceeded, List.of(Succeeded, Failed), UPSTREAM_FAILED),
        Arguments.of(RunIf.AllSucceeded, List.of(Succeeded, UpstreamFailed), UPSTREAM_FAILED),
        Arguments.of(RunIf.AtLeastOneSucceeded, List.of(Failed, Succeeded), RUN),
        Arguments.of(RunIf.AtLeastOneSucceeded, List.of(Failed, TimedOut), UPSTREAM_FAILED),
        Arguments.of(RunIf.AtLeastOneSucceeded, List.of(Failed, Excluded), UPSTREAM_FAILED),
        Arguments.of(RunIf.NoneFailed, List.of(Succeeded, Excluded), RUN),
        Arguments.of(RunIf.NoneFailed, List.of(Succeeded, Canceled), UPSTREAM_FAILED),
        Arguments.of(RunIf.AllDone, List.of(Failed, TimedOut, UpstreamFailed), RUN),
        Arguments.of(RunIf.AllDone, List.of(Succeeded), RUN),
        Arguments.of(RunIf.AtLeastOneFailed, List.of(Succeeded, Failed), RUN),
        Arguments.of(RunIf.AtLeastOneFailed, List.of(Succeeded, UpstreamFailed), RUN),
        Arguments.of(RunIf.AtLeastOneFailed, List.of(Succeeded, Succeeded), EXCLUDED),
        Arguments.of(RunIf.AllFailed, List.of(Failed, TimedOut), RUN),
        Arguments.of(RunIf.AllFailed, List.of(Failed, Succeeded), EXCLUDED),
        // a task all of whose dependencies were excluded is excluded, whatever its runIf
        Arguments.of(RunIf.AllSucceeded, List.of(Excluded, Excluded), EXCLUDED),
        Arguments.of(RunIf.AllDone, List.of(Excluded), EXCLUDED),
        Arguments.of(RunIf.NoneFailed, List.of(Excluded), EXCLUDED),
        // no dependencies: it runs
        Arguments.of(RunIf.AllFailed, List.of(), RUN),
        Arguments.of(null, List.of(Succeeded), RUN));
  }

  @ParameterizedTest(name = "{0} over {1}: {2}")
  @MethodSource("table")
  void judge(RunIf runIf, List<TaskState> dependencies, RunIfRule.Verdict verdict) {
    assertThat(RunIfRule.judge(runIf, dependencies)).isEqualTo(verdict);
  }
}
