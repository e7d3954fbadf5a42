package dev.lakehouse.operator.job;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobStatus;
import dev.lakehouse.operator.job.run.TaskGraph;
import dev.lakehouse.operator.job.schedule.Catchup;
import dev.lakehouse.operator.job.schedule.CronSchedule;
import dev.lakehouse.operator.job.schedule.ParsedSchedule;
import dev.lakehouse.operator.job.schedule.ScheduleDecision;
import dev.lakehouse.operator.job.schedule.ScheduledTime;
import dev.lakehouse.operator.kube.ChildSet;
import dev.lakehouse.operator.kube.ChildSets;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Problem;
import dev.lakehouse.operator.kube.ReconcileErrors;
import dev.lakehouse.operator.kube.Requeue;
import dev.lakehouse.operator.kube.Shard;
import dev.lakehouse.operator.kube.SpecOrAnnotationsChanged;
import dev.lakehouse.operator.kube.StatusRecorder;
import dev.lakehouse.operator.kube.WithoutManagedFields;
import dev.lakehouse.operator.kube.WorkspaceGate;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles a Job: its schedule (one run per scheduled time, named after it, so a run is created
 * once however often the operator restarts: the runs are the truth, the status a cache), the
 * run-now annotation, the retention of ended runs, and its status. The runs themselves are the
 * JobRun controller's.
 */
@ControllerConfiguration(
    name = "job",
    generationAwareEventProcessing = false,
    informer =
        @Informer(
            onUpdateFilter = SpecOrAnnotationsChanged.class,
            itemStore = WithoutManagedFields.class))
@GradualRetry(
    maxAttempts = -1,
    initialInterval = 1_000,
    intervalMultiplier = 2,
    maxInterval = 300_000)
public class JobReconciler implements Reconciler<Job> {
  static final String CLUSTERS = "clusters";

  private final ChildSets children;
  private final StatusRecorder statuses;
  private final ReconcileErrors errors;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public JobReconciler(
      ChildSets children,
      StatusRecorder statuses,
      ReconcileErrors errors,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock) {
    this.children = children;
    this.statuses = statuses;
    this.errors = errors;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Job>> prepareEventSources(EventSourceContext<Job> context) {
    metrics.phaseSource(
        "Job",
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(j -> j.getStatus() == null ? null : j.getStatus().phase));
    List<EventSource<?, Job>> sources = new ArrayList<>();
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(JobRun.class, Job.class)
                .withLabelSelector(Shard.narrow(null, context))
                .withSecondaryToPrimaryMapper(
                    (JobRun r) ->
                        Set.of(new ResourceID(r.getSpec().job, r.getMetadata().getNamespace())))
                // The runs are listed by their spec.job in runsOf, not through this index.
                .withPrimaryToSecondaryMapper((Job j) -> Set.of())
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context));
    // Clusters named by existingCluster: one created or deleted changes whether the Job can run.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Cluster.class, Job.class)
                .withName(CLUSTERS)
                .withLabelSelector(Shard.narrow(null, context))
                .withSecondaryToPrimaryMapper(
                    (Cluster c) ->
                        context
                            .getPrimaryCache()
                            .list(c.getMetadata().getNamespace())
                            .filter(
                                j -> c.getMetadata().getName().equals(j.getSpec().existingCluster))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((Job j) -> Set.of())
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context));
    sources.add(WorkspaceGate.eventSource(Job.class, context));
    return sources;
  }

  @Override
  public UpdateControl<Job> reconcile(Job job, Context<Job> context) {
    Instant now = clock.instant();
    JobStatus previous = Optional.ofNullable(job.getStatus()).orElseGet(JobStatus::new);
    List<JobRun> runs = runsOf(job, context);
    WorkspaceGate.Passage gate = WorkspaceGate.check(job, context);
    ParsedSchedule parsed =
        job.getSpec().schedule == null ? null : CronSchedule.of(job.getSpec().schedule);
    Optional<Problem> problem = problem(job, parsed, existingClusterFound(job, context));
    ChildSet set = children.of(job, context, List.of());
    List<JobRun> created = new ArrayList<>();

    Optional<Instant> lastScheduled = lastScheduled(previous, runs);
    Optional<Instant> next = Optional.empty();
    Optional<Duration> untilNext = Optional.empty();
    String runNowToken = previous.runNowToken;
    if (problem.isEmpty() && gate.open()) {
      if (parsed != null) {
        CronSchedule schedule = parsed.valid().orElseThrow();
        Instant since =
            lastScheduled.orElse(Instant.parse(job.getMetadata().getCreationTimestamp()));
        ScheduleDecision decision =
            Catchup.decide(
                schedule,
                since,
                job.getSpec().startingDeadlineSeconds,
                Boolean.TRUE.equals(job.getSpec().schedule.paused),
                now);
        Catchup.missedMessage(decision, job.getSpec().startingDeadlineSeconds)
            .ifPresent(m -> events.warning(job, EventReason.MissedSchedule, m));
        Optional<ScheduledTime> toRun = decision.toRun();
        if (toRun.isPresent()) {
          JobRun run = JobRuns.scheduled(job, toRun.get());
          if (set.createOnce(run)) {
            created.add(run);
            metrics.scheduleLag(
                Math.max(0, Duration.between(toRun.get().instant(), now).toMillis() / 1000.0));
            events.normal(
                job,
                EventReason.RunCreated,
                "scheduled run " + run.getMetadata().getName() + " for " + toRun.get());
          }
        }
        // The latest due time is handled, run or missed: it is not looked at again.
        lastScheduled = latest(lastScheduled, decision.latestDue().map(ScheduledTime::instant));
        next = decision.next().map(ScheduledTime::instant);
        untilNext = decision.untilNext();
      }
      String token = runNowToken(job);
      if (token != null && !token.equals(runNowToken)) {
        JobRun run = JobRuns.runNow(job, token);
        if (set.createOnce(run)) {
          created.add(run);
          events.normal(
              job,
              EventReason.RunCreated,
              "run " + run.getMetadata().getName() + " started by " + JobRuns.RUN_NOW);
        }
        runNowToken = token;
      }
    }

    Retention.Verdict retention = Retention.judge(job.getSpec(), runs, now);
    for (JobRun old : retention.delete()) {
      children.delete(old);
    }
    if (!retention.delete().isEmpty()) {
      events.normal(
          job,
          EventReason.RunsDeleted,
          retention.delete().size() + " ended run(s) deleted by the history limits or the TTL",
          "retention");
    }

    List<JobRun> current =
        Stream.concat(runs.stream().filter(r -> !retention.delete().contains(r)), created.stream())
            .toList();
    JobStatus status =
        JobStatusCalculator.compute(
            job,
            new JobStatusCalculator.Observation(
                problem, gate.problem(), current, lastScheduled, next, runNowToken),
            now);
    statuses.record(job, status, context);
    return Requeue.earliest(
            untilNext.map(d -> d.plusMillis(100)).orElse(null),
            retention.nextExpiry().map(e -> Duration.between(now, e)).orElse(null))
        .map(d -> UpdateControl.<Job>noUpdate().rescheduleAfter(d))
        .orElseGet(UpdateControl::noUpdate);
  }

  @Override
  public ErrorStatusUpdateControl<Job> updateErrorStatus(
      Job job, Context<Job> context, Exception e) {
    return errors.record(job, context, e, JobStatus::new);
  }

  /**
   * What admission cannot check: the schedule parses, the task graph has no cycle, the existing
   * Cluster exists.
   */
  static Optional<Problem> problem(Job job, ParsedSchedule schedule, boolean clusterFound) {
    if (schedule != null && schedule.problem().isPresent()) {
      return Optional.of(new Problem(Reason.InvalidSpec, schedule.problem().get()));
    }
    if (job.getSpec().existingCluster != null && !clusterFound) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "existingCluster "
                  + job.getSpec().existingCluster
                  + " does not exist in namespace "
                  + job.getMetadata().getNamespace()
                  + ": create it, or give the Job a jobCluster"));
    }
    return new TaskGraph(job.getSpec().tasks)
        .cycle()
        .map(
            cycle ->
                new Problem(
                    Reason.InvalidSpec,
                    "the tasks depend on each other in a cycle: "
                        + String.join(" -> ", cycle)
                        + "; remove one of these dependsOn entries"));
  }

  /** The latest scheduled time among the runs (the truth) and the status (a cache of it). */
  private static Optional<Instant> lastScheduled(JobStatus previous, List<JobRun> runs) {
    Optional<Instant> fromRuns =
        runs.stream()
            .map(r -> r.getSpec().scheduledTime)
            .filter(Objects::nonNull)
            .map(Instant::parse)
            .max(Instant::compareTo);
    Optional<Instant> fromStatus =
        Optional.ofNullable(previous.lastScheduleTime).map(Instant::parse);
    return latest(fromRuns, fromStatus);
  }

  private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
  }

  private static String runNowToken(Job job) {
    var annotations = job.getMetadata().getAnnotations();
    String token = annotations == null ? null : annotations.get(JobRuns.RUN_NOW);
    return token == null || token.isBlank() ? null : token;
  }

  private static boolean existingClusterFound(Job job, Context<Job> context) {
    String name = job.getSpec().existingCluster;
    if (name == null) {
      return true;
    }
    @SuppressWarnings("unchecked")
    InformerEventSource<Cluster, Job> clusters =
        (InformerEventSource<Cluster, Job>)
            context.eventSourceRetriever().getEventSourceFor(Cluster.class, CLUSTERS);
    return clusters.get(new ResourceID(name, job.getMetadata().getNamespace())).isPresent();
  }

  private static List<JobRun> runsOf(Job job, Context<Job> context) {
    @SuppressWarnings("unchecked")
    InformerEventSource<JobRun, Job> informer =
        (InformerEventSource<JobRun, Job>)
            context.eventSourceRetriever().getEventSourceFor(JobRun.class);
    String name = job.getMetadata().getName();
    return informer
        .list(job.getMetadata().getNamespace(), r -> name.equals(r.getSpec().job))
        .filter(
            r ->
                r.getMetadata().getLabels() == null
                    || name.equals(r.getMetadata().getLabels().getOrDefault(Labels.JOB, name)))
        .toList();
  }
}
