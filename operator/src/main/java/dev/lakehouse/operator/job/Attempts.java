package dev.lakehouse.operator.job;

import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.operator.job.run.AttemptObservation;
import dev.lakehouse.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A run's attempts as Kubernetes shows them: each batch Job (labelled with its task and attempt
 * number) and its pod, read into what the run state machine needs.
 */
public final class Attempts {
  private Attempts() {}

  public static List<AttemptObservation> of(Collection<Job> jobs, Collection<Pod> pods) {
    return jobs.stream()
        .filter(j -> j.getMetadata().getLabels() != null)
        .filter(j -> j.getMetadata().getLabels().containsKey(Labels.TASK))
        .map(j -> observe(j, podOf(j, pods)))
        .toList();
  }

  /**
   * The results (Succeeded, Failed, TimedOut, Canceled) of the attempts that were running in the
   * recorded status and ended in the new one, for the attempts metric: counted once, when the
   * status that ends them is computed.
   */
  public static List<String> endedBetween(JobRunStatus before, JobRunStatus after) {
    Set<String> running = new HashSet<>();
    attemptsOf(before).filter(a -> "Running".equals(a.state)).forEach(a -> running.add(a.job));
    return attemptsOf(after)
        .filter(a -> running.contains(a.job) && a.state != null && !"Running".equals(a.state))
        .map(a -> a.state)
        .toList();
  }

  private static Stream<JobRunStatus.AttemptStatus> attemptsOf(JobRunStatus status) {
    if (status == null || status.tasks == null) {
      return Stream.empty();
    }
    return status.tasks.stream()
        .filter(t -> t.lastAttempts != null)
        .flatMap(t -> t.lastAttempts.stream());
  }

  static AttemptObservation observe(Job job, Optional<Pod> pod) {
    var labels = job.getMetadata().getLabels();
    Optional<JobCondition> complete = condition(job, "Complete");
    Optional<JobCondition> failed = condition(job, "Failed");
    AttemptObservation.Phase phase;
    String message = null;
    Instant end = null;
    if (complete.isPresent()) {
      phase = AttemptObservation.Phase.Succeeded;
      end = time(job.getStatus().getCompletionTime(), complete.get().getLastTransitionTime());
    } else if (failed.isPresent()) {
      phase =
          "DeadlineExceeded".equals(failed.get().getReason())
              ? AttemptObservation.Phase.TimedOut
              : AttemptObservation.Phase.Failed;
      message = failed.get().getMessage();
      end = time(null, failed.get().getLastTransitionTime());
    } else if (job.getMetadata().getDeletionTimestamp() != null) {
      phase = AttemptObservation.Phase.Failed;
      message = "the attempt's batch Job is being deleted";
    } else {
      phase = AttemptObservation.Phase.Running;
    }
    Optional<ContainerStateTerminated> terminated = pod.flatMap(Attempts::terminated);
    // A timed-out attempt's pod was killed: the Job's "active longer than specified deadline" says
    // more than the container's Error.
    if (terminated.isPresent()
        && phase != AttemptObservation.Phase.Running
        && phase != AttemptObservation.Phase.TimedOut) {
      String reason = terminated.get().getReason();
      String said = terminated.get().getMessage();
      message =
          said != null && !said.isBlank()
              ? said.strip()
              : reason != null && !"Completed".equals(reason) ? reason : message;
    }
    return new AttemptObservation(
        labels.get(Labels.TASK),
        Integer.parseInt(labels.getOrDefault(Labels.ATTEMPT, "0")),
        job.getMetadata().getName(),
        phase,
        time(
            job.getStatus() == null ? null : job.getStatus().getStartTime(),
            job.getMetadata().getCreationTimestamp()),
        end,
        terminated.map(ContainerStateTerminated::getExitCode).orElse(null),
        pod.map(p -> p.getMetadata().getName()).orElse(null),
        message);
  }

  private static Optional<Pod> podOf(Job job, Collection<Pod> pods) {
    String uid = job.getMetadata().getUid();
    return pods.stream()
        .filter(
            p ->
                p.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> uid != null && uid.equals(o.getUid())))
        .max(
            (a, b) ->
                String.valueOf(a.getMetadata().getCreationTimestamp())
                    .compareTo(String.valueOf(b.getMetadata().getCreationTimestamp())));
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getTerminated() != null)
        .map(s -> s.getTerminated())
        .findFirst();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static Instant time(String preferred, String fallback) {
    String value = preferred != null ? preferred : fallback;
    return value == null ? null : Instant.parse(value);
  }
}
