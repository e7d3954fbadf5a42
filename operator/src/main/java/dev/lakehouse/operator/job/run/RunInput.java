package dev.lakehouse.operator.job.run;

import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobSpec;
import dev.lakehouse.operator.kube.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What one step of a run depends on.
 *
 * @param run the JobRun as recorded (its spec holds the Job's spec when it was created)
 * @param currentJob the Job's spec now: repaired tasks run with it (empty: the Job is gone)
 * @param attempts the run's attempts as Kubernetes shows them
 * @param placeFree whether the run may start under the Job's maxConcurrentRuns
 * @param clusterReady whether the Cluster the tasks run on is Ready
 * @param clusterName the Cluster the tasks run on
 * @param problem what keeps the run from running at all (a cycle, a missing Cluster), if anything
 * @param cancelRequested whether someone asked the run to stop (the lakehouse.dev/cancel
 *     annotation)
 * @param attemptNames the batch Job name of a task's attempt
 * @param unbuildable why an attempt cannot be made as its task is written (a reference to a
 *     parameter the run does not have, say), empty when it can: the task then fails at once
 * @param now the time of the step
 */
public record RunInput(
    JobRun run,
    Optional<JobSpec> currentJob,
    List<AttemptObservation> attempts,
    boolean placeFree,
    boolean clusterReady,
    String clusterName,
    Optional<Problem> problem,
    boolean cancelRequested,
    BiFunction<String, Integer, String> attemptNames,
    Function<RunStep.Start, Optional<String>> unbuildable,
    Instant now) {}
