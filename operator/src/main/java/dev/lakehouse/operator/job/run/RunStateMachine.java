package dev.lakehouse.operator.job.run;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.api.v1alpha1.JobRunStatus.AttemptStatus;
import dev.lakehouse.api.v1alpha1.JobRunStatus.TaskRunStatus;
import dev.lakehouse.api.v1alpha1.JobSpec;
import dev.lakehouse.api.v1alpha1.Repair;
import dev.lakehouse.api.v1alpha1.RunPhase;
import dev.lakehouse.api.v1alpha1.Task;
import dev.lakehouse.api.v1alpha1.TaskState;
import dev.lakehouse.operator.job.run.AttemptObservation.Phase;
import dev.lakehouse.operator.job.run.RunStep.Start;
import dev.lakehouse.operator.job.run.RunStep.Told;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a run, as a pure function of what was recorded and what Kubernetes shows: which
 * attempts start (tasks whose dependencies are done and whose runIf holds, retries that are due),
 * which stop (the run's timeout, a cancel), what each task and the run become. The reconciler
 * creates and deletes batch Jobs and records the status; running the step again with the same input
 * decides the same, so an operator restarted in the middle of a run neither loses a task nor starts
 * one twice (an attempt's batch Job has a deterministic name).
 *
 * <p>Rules, as the managed platform documents them: a task runs once its dependencies are done and
 * its runIf holds ({@link RunIfRule}); a failed attempt is retried while maxRetries allows (-1: for
 * ever), a timed-out one only with retryOnTimeout, each retry starting minRetryIntervalSeconds
 * after the start of the attempt that failed; the run's result comes from its leaf tasks. A repair
 * runs the chosen tasks again inside the run, with the Job's current spec.
 */
public final class RunStateMachine {
  /** How long an attempt may be invisible (its batch Job not seen yet) before it counts as lost. */
  static final Duration LOST_AFTER = Duration.ofSeconds(60);

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private RunStateMachine() {}

  public static RunStep advance(RunInput in) {
    return new Step(in).run();
  }

  /** The mutable working state of one step. */
  private static final class Step {
    private final RunInput in;
    private final JobSpec snapshot;
    private final JobRunStatus status;
    private final Map<String, TaskRunStatus> tasks = new LinkedHashMap<>();
    private final List<Start> start = new ArrayList<>();
    private final List<String> stop = new ArrayList<>();
    private final List<Told> told = new ArrayList<>();
    private final List<Instant> wake = new ArrayList<>();
    private boolean needsCluster;

    Step(RunInput in) {
      this.in = in;
      this.snapshot = in.run().getSpec().jobSpec;
      JobRunStatus recorded = in.run().getStatus();
      this.status =
          recorded == null
              ? new JobRunStatus()
              : JSON.unmarshal(JSON.asJson(recorded), JobRunStatus.class);
      List<TaskRunStatus> known = status.tasks == null ? List.of() : status.tasks;
      for (Task task : snapshot.tasks) {
        TaskRunStatus task1 =
            known.stream()
                .filter(t -> task.key.equals(t.key))
                .findFirst()
                .orElseGet(() -> pending(task.key));
        tasks.put(task.key, task1);
      }
      status.tasks = new ArrayList<>(tasks.values());
      status.observedGeneration = in.run().getMetadata().getGeneration();
      status.cluster = in.clusterName();
    }

    RunStep run() {
      if (status.phase != null && status.phase.terminal()) {
        Optional<Repair> repair = nextRepair();
        if (repair.isEmpty()) {
          return result();
        }
        repair(repair.get());
      }
      if (in.problem().isPresent() && !started()) {
        finish(RunPhase.Failed, in.problem().get().message());
        told.add(new Told(EventReason.RunFailed, true, in.problem().get().message()));
        return result();
      }
      if (!started() && !admit()) {
        return result();
      }
      Optional<RunPhase> ending = ending();
      if (ending.isPresent()) {
        terminate(ending.get());
        return result();
      }
      TaskGraph graph = new TaskGraph(snapshot.tasks);
      for (String key : order(graph)) {
        advance(graph, key);
      }
      conclude(graph);
      return result();
    }

    // ------------------------------------------------------------------------- admission

    /** Whether the run may start now; otherwise it is Queued or Skipped. */
    private boolean admit() {
      if (in.placeFree()) {
        if (status.startTime == null) {
          status.startTime = seconds(in.now());
        }
        if (status.phase == null || status.phase == RunPhase.Queued) {
          status.phase = RunPhase.Pending;
          status.message = "waiting for the run's first task to start";
        }
        return true;
      }
      JobSpec.ConcurrencyPolicy policy =
          Objects.requireNonNullElse(snapshot.concurrencyPolicy, JobSpec.ConcurrencyPolicy.Skip);
      int limit = Objects.requireNonNullElse(snapshot.maxConcurrentRuns, 1);
      if (policy == JobSpec.ConcurrencyPolicy.Skip) {
        String why =
            "skipped: the Job already has "
                + limit
                + " run(s) in progress (maxConcurrentRuns) and its concurrencyPolicy is Skip";
        finish(RunPhase.Skipped, why);
        told.add(new Told(EventReason.RunSkipped, false, why));
        return false;
      }
      Instant created = created();
      Instant giveUp =
          created.plusSeconds(Objects.requireNonNullElse(snapshot.queueTimeoutSeconds, 172800));
      if (!in.now().isBefore(giveUp)) {
        String why =
            "skipped: queued since "
                + created
                + " without a place under maxConcurrentRuns "
                + limit;
        finish(RunPhase.Skipped, why);
        told.add(new Told(EventReason.RunSkipped, false, why));
        return false;
      }
      status.phase = RunPhase.Queued;
      status.message = "queued: the Job has " + limit + " run(s) in progress (maxConcurrentRuns)";
      wake.add(giveUp);
      return false;
    }

    // ------------------------------------------------------------------------- ending

    /** The run's timeout passed or someone canceled it. */
    private Optional<RunPhase> ending() {
      if (in.cancelRequested()) {
        return Optional.of(RunPhase.Canceled);
      }
      int timeout = Objects.requireNonNullElse(snapshot.timeoutSeconds, 0);
      if (timeout > 0 && status.startTime != null) {
        Instant deadline = Instant.parse(status.startTime).plusSeconds(timeout);
        if (!in.now().isBefore(deadline)) {
          return Optional.of(RunPhase.TimedOut);
        }
        wake.add(deadline);
      }
      return Optional.empty();
    }

    /**
     * Ends every task that has not ended and stops the attempts still running (their batch Jobs are
     * deleted); the run stays Terminating until Kubernetes shows none running.
     */
    private void terminate(RunPhase result) {
      boolean timedOut = result == RunPhase.TimedOut;
      for (TaskRunStatus task : tasks.values()) {
        if (task.state == TaskState.Running) {
          closeAttempt(task, latestAttempt(task), timedOut ? "TimedOut" : "Canceled");
          end(
              task,
              timedOut ? TaskState.TimedOut : TaskState.Canceled,
              timedOut
                  ? "stopped: the run's timeoutSeconds passed"
                  : "stopped: the run was canceled");
        } else if (!task.state.done()) {
          end(
              task,
              TaskState.Canceled,
              timedOut
                  ? "not run: the run's timeoutSeconds passed"
                  : "not run: the run was canceled");
        }
      }
      in.attempts().stream()
          .filter(a -> a.phase() == Phase.Running)
          .forEach(a -> stop.add(a.job()));
      String why =
          timedOut
              ? "the run's timeoutSeconds (" + snapshot.timeoutSeconds + ") passed"
              : "canceled (annotation lakehouse.dev/cancel)";
      if (!stop.isEmpty()) {
        if (status.phase != RunPhase.Terminating) {
          told.add(new Told(EventReason.RunFailed, true, why + "; stopping the running attempts"));
        }
        status.phase = RunPhase.Terminating;
        status.message = why + "; stopping the running attempts";
        return;
      }
      if (status.phase != RunPhase.Terminating) {
        told.add(new Told(EventReason.RunFailed, true, why));
      }
      finish(result, why);
    }

    // ------------------------------------------------------------------------- tasks

    private void advance(TaskGraph graph, String key) {
      TaskRunStatus task = tasks.get(key);
      switch (task.state) {
        case Pending -> pending(graph, task);
        case Running -> running(task);
        case WaitingForRetry -> waiting(task);
        default -> {}
      }
    }

    private void pending(TaskGraph graph, TaskRunStatus task) {
      Task spec = graph.task(task.key).orElseThrow();
      List<TaskState> dependencies = new ArrayList<>();
      for (String dependency : TaskGraph.dependencies(spec)) {
        TaskState state = tasks.get(dependency).state;
        if (!state.done()) {
          return; // not yet
        }
        dependencies.add(state);
      }
      switch (RunIfRule.judge(spec.runIf, dependencies)) {
        case UPSTREAM_FAILED ->
            end(
                task,
                TaskState.UpstreamFailed,
                "not run: its runIf " + runIf(spec) + " does not hold for " + dependsOn(spec));
        case EXCLUDED ->
            end(
                task,
                TaskState.Excluded,
                "excluded: its runIf " + runIf(spec) + " does not hold for " + dependsOn(spec));
        case RUN -> startAttempt(task, specOf(task.key));
      }
    }

    private void running(TaskRunStatus task) {
      Optional<AttemptObservation> attempt = latestAttempt(task);
      if (attempt.isEmpty()) {
        Instant started = lastAttempt(task).map(a -> Instant.parse(a.startTime)).orElse(in.now());
        if (Duration.between(started, in.now()).compareTo(LOST_AFTER) < 0) {
          needsCluster = true;
          wake.add(started.plus(LOST_AFTER));
          return;
        }
        attempt =
            Optional.of(
                new AttemptObservation(
                    task.key,
                    task.attempts,
                    in.attemptNames().apply(task.key, task.attempts),
                    Phase.Failed,
                    started,
                    in.now(),
                    null,
                    null,
                    "the attempt's batch Job is gone (deleted outside the operator?)"));
      }
      AttemptObservation seen = attempt.get();
      lastAttempt(task).ifPresent(a -> a.pod = seen.pod());
      if (seen.phase() == Phase.Running) {
        needsCluster = true;
        return;
      }
      closeAttempt(task, attempt, seen.phase().name());
      Task spec = specOf(task.key);
      if (seen.phase() == Phase.Succeeded) {
        end(task, TaskState.Succeeded, "attempt " + seen.number() + " succeeded");
        return;
      }
      boolean timedOut = seen.phase() == Phase.TimedOut;
      int maxRetries = Objects.requireNonNullElse(spec.maxRetries, 0);
      int before = Objects.requireNonNullElse(task.attemptsBeforeRepair, 0);
      boolean retriesLeft = maxRetries < 0 || task.attempts - before <= maxRetries;
      boolean retryable = !timedOut || Boolean.TRUE.equals(spec.retryOnTimeout);
      String what =
          "attempt "
              + seen.number()
              + (timedOut
                  ? " timed out after timeoutSeconds " + spec.timeoutSeconds
                  : " failed"
                      + (seen.exitCode() == null ? "" : " with exit code " + seen.exitCode()))
              + (seen.message() == null ? "" : ": " + seen.message());
      if (retriesLeft && retryable) {
        Instant retryAt =
            seen.startTime()
                .plusSeconds(Objects.requireNonNullElse(spec.minRetryIntervalSeconds, 0))
                .truncatedTo(ChronoUnit.SECONDS);
        task.state = TaskState.WaitingForRetry;
        task.retryAt = retryAt.toString();
        task.message = what + "; retrying at " + retryAt;
        told.add(
            new Told(EventReason.TaskRetried, false, "task " + task.key + ": " + task.message));
        waiting(task);
        return;
      }
      end(task, timedOut ? TaskState.TimedOut : TaskState.Failed, what);
      told.add(new Told(EventReason.TaskFailed, true, "task " + task.key + ": " + what));
    }

    private void waiting(TaskRunStatus task) {
      Instant retryAt = Instant.parse(task.retryAt);
      needsCluster = true;
      if (in.now().isBefore(retryAt)) {
        wake.add(retryAt);
        return;
      }
      startAttempt(task, specOf(task.key));
    }

    private void startAttempt(TaskRunStatus task, Task spec) {
      needsCluster = true;
      if (!in.clusterReady()) {
        task.message = "waiting for Cluster " + in.clusterName() + " to be Ready";
        return;
      }
      int number = Objects.requireNonNullElse(task.attempts, 0) + 1;
      String job = in.attemptNames().apply(task.key, number);
      Start attemptStart = new Start(task.key, number, job, status.repairId, spec);
      Optional<String> unbuildable = in.unbuildable().apply(attemptStart);
      if (unbuildable.isPresent()) {
        // Retrying cannot help: the task fails until a repair runs it with a corrected spec.
        String why = "cannot run as written: " + unbuildable.get();
        end(task, TaskState.Failed, why);
        told.add(new Told(EventReason.TaskFailed, true, "task " + task.key + " " + why));
        return;
      }
      start.add(attemptStart);
      task.attempts = number;
      task.state = TaskState.Running;
      task.retryAt = null;
      task.endTime = null;
      if (task.startTime == null) {
        task.startTime = seconds(in.now());
      }
      task.message = "attempt " + number + " runs: batch Job " + job;
      AttemptStatus attempt = new AttemptStatus();
      attempt.number = number;
      attempt.job = job;
      attempt.state = "Running";
      attempt.startTime = seconds(in.now());
      attempt.repair = status.repairId;
      List<AttemptStatus> last =
          new ArrayList<>(task.lastAttempts == null ? List.of() : task.lastAttempts);
      last.add(attempt);
      while (last.size() > JobRunStatus.ATTEMPTS_KEPT) {
        last.remove(0);
      }
      task.lastAttempts = last;
    }

    // ------------------------------------------------------------------------- the run

    private void conclude(TaskGraph graph) {
      boolean allDone = tasks.values().stream().allMatch(t -> t.state.done());
      if (!allDone) {
        boolean anyStarted =
            tasks.values().stream().anyMatch(t -> t.attempts != null && t.attempts > 0);
        RunPhase phase = anyStarted ? RunPhase.Running : RunPhase.Pending;
        if (phase == RunPhase.Running && status.phase != RunPhase.Running) {
          told.add(new Told(EventReason.RunStarted, false, startedMessage()));
        }
        status.phase = phase;
        status.message = progress();
        return;
      }
      boolean leavesSucceeded =
          graph.leaves().stream().allMatch(k -> tasks.get(k).state.successful());
      boolean anyFailed = tasks.values().stream().anyMatch(t -> t.state.failed());
      RunPhase result =
          !leavesSucceeded
              ? RunPhase.Failed
              : anyFailed ? RunPhase.SucceededWithFailures : RunPhase.Succeeded;
      String why = progress();
      finish(result, why);
      told.add(
          result == RunPhase.Failed
              ? new Told(EventReason.RunFailed, true, "the run failed: " + why)
              : new Told(EventReason.RunSucceeded, false, "the run " + result + ": " + why));
    }

    private String startedMessage() {
      return status.repairId == null
          ? "the run started on Cluster " + in.clusterName()
          : "repair " + status.repairId + " started on Cluster " + in.clusterName();
    }

    /** For example "2 succeeded, 1 running, 1 pending". */
    private String progress() {
      Map<TaskState, Integer> counts = new LinkedHashMap<>();
      for (TaskState state : TaskState.values()) {
        int n = (int) tasks.values().stream().filter(t -> t.state == state).count();
        if (n > 0) {
          counts.put(state, n);
        }
      }
      List<String> parts = new ArrayList<>();
      counts.forEach((state, n) -> parts.add(n + " " + state.name().toLowerCase()));
      return String.join(", ", parts);
    }

    private void finish(RunPhase phase, String message) {
      status.phase = phase;
      status.message = truncate(message);
      Instant end = in.now().truncatedTo(ChronoUnit.SECONDS);
      status.endTime = end.toString();
      Instant begin = status.startTime == null ? created() : Instant.parse(status.startTime);
      status.duration = format(Duration.between(begin, end));
    }

    // ------------------------------------------------------------------------- repairs

    private Optional<Repair> nextRepair() {
      List<Repair> repairs = in.run().getSpec().repairs;
      if (repairs == null || repairs.isEmpty()) {
        return Optional.empty();
      }
      int done = Objects.requireNonNullElse(status.repairId, 0);
      return repairs.stream()
          .filter(r -> r.id != null && r.id > done)
          .min(Comparator.comparing(r -> r.id));
    }

    /** Puts the repaired tasks back to Pending; their next attempts continue the numbering. */
    private void repair(Repair repair) {
      TaskGraph graph = new TaskGraph(snapshot.tasks);
      Set<String> chosen = new LinkedHashSet<>();
      if (repair.tasks == null || repair.tasks.isEmpty()) {
        tasks.values().stream().filter(t -> !t.state.successful()).forEach(t -> chosen.add(t.key));
      } else {
        repair.tasks.stream().filter(tasks::containsKey).forEach(chosen::add);
      }
      if (!Boolean.FALSE.equals(repair.includeDependents)) {
        new ArrayList<>(chosen).forEach(k -> chosen.addAll(graph.downstreamOf(k)));
      }
      for (String key : chosen) {
        TaskRunStatus task = tasks.get(key);
        task.state = TaskState.Pending;
        task.endTime = null;
        task.retryAt = null;
        task.attemptsBeforeRepair = task.attempts;
        task.message = "to run again by repair " + repair.id;
      }
      status.repairId = repair.id;
      status.phase = RunPhase.Pending;
      status.endTime = null;
      status.duration = null;
      status.message = "repair " + repair.id + ": running again " + String.join(", ", chosen);
      told.add(new Told(EventReason.RunStarted, false, status.message));
    }

    // ------------------------------------------------------------------------- helpers

    /**
     * The spec a task's next attempt runs with: the Job's current one once the run is repaired (a
     * repair runs with the current settings), else the run's snapshot.
     */
    private Task specOf(String key) {
      if (status.repairId != null && in.currentJob().isPresent()) {
        Optional<Task> current =
            in.currentJob().get().tasks.stream().filter(t -> key.equals(t.key)).findFirst();
        if (current.isPresent()) {
          return current.get();
        }
      }
      return snapshot.tasks.stream().filter(t -> key.equals(t.key)).findFirst().orElseThrow();
    }

    private Optional<AttemptObservation> latestAttempt(TaskRunStatus task) {
      return in.attempts().stream()
          .filter(a -> a.task().equals(task.key) && a.number() == task.attempts)
          .findFirst();
    }

    private static Optional<AttemptStatus> lastAttempt(TaskRunStatus task) {
      return task.lastAttempts == null || task.lastAttempts.isEmpty()
          ? Optional.empty()
          : Optional.of(task.lastAttempts.get(task.lastAttempts.size() - 1));
    }

    private void closeAttempt(TaskRunStatus task, Optional<AttemptObservation> seen, String state) {
      lastAttempt(task)
          .ifPresent(
              a -> {
                a.state = state;
                a.endTime =
                    seconds(
                        seen.map(AttemptObservation::endTime)
                            .filter(Objects::nonNull)
                            .orElse(in.now()));
                seen.ifPresent(
                    s -> {
                      a.exitCode = s.exitCode();
                      a.pod = s.pod();
                      a.message = s.message() == null ? null : truncate(s.message());
                    });
              });
    }

    private void end(TaskRunStatus task, TaskState state, String message) {
      task.state = state;
      task.endTime = seconds(in.now());
      task.retryAt = null;
      task.message = truncate(message);
    }

    private boolean started() {
      return status.phase != null
              && status.phase != RunPhase.Queued
              && status.phase != RunPhase.Pending
          || tasks.values().stream().anyMatch(t -> t.attempts != null && t.attempts > 0);
    }

    private Instant created() {
      String created = in.run().getMetadata().getCreationTimestamp();
      return created == null ? in.now() : Instant.parse(created);
    }

    private RunStep result() {
      status.tasks = new ArrayList<>(tasks.values());
      Optional<Instant> wakeAt =
          status.phase != null && status.phase.terminal()
              ? Optional.empty()
              : wake.stream().min(Instant::compareTo);
      boolean cluster = needsCluster && !(status.phase != null && status.phase.terminal());
      return new RunStep(status, List.copyOf(start), List.copyOf(stop), cluster, wakeAt, told);
    }

    private static List<String> order(TaskGraph graph) {
      List<String> ordered = new ArrayList<>();
      Set<String> placed = new LinkedHashSet<>();
      List<Task> remaining = new ArrayList<>(graph.tasks());
      while (!remaining.isEmpty()) {
        Task next =
            remaining.stream()
                .filter(t -> placed.containsAll(TaskGraph.dependencies(t)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the task graph has a cycle"));
        remaining.remove(next);
        placed.add(next.key);
        ordered.add(next.key);
      }
      return ordered;
    }

    private static TaskRunStatus pending(String key) {
      TaskRunStatus task = new TaskRunStatus();
      task.key = key;
      task.state = TaskState.Pending;
      task.attempts = 0;
      return task;
    }

    private static String runIf(Task spec) {
      return spec.runIf == null ? "AllSucceeded" : spec.runIf.name();
    }

    private String dependsOn(Task spec) {
      List<String> parts = new ArrayList<>();
      for (String dependency : TaskGraph.dependencies(spec)) {
        parts.add(dependency + " " + tasks.get(dependency).state);
      }
      return String.join(", ", parts);
    }
  }

  static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String truncate(String message) {
    return message == null || message.length() <= JobRunStatus.MESSAGE_LENGTH
        ? message
        : message.substring(0, JobRunStatus.MESSAGE_LENGTH - 1) + "…";
  }

  /** A duration as 1h2m3s, 4m5s or 6s. */
  static String format(Duration duration) {
    long s = Math.max(0, duration.getSeconds());
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + sec + "s";
  }
}
