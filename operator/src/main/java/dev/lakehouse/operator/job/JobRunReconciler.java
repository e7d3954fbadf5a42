package dev.lakehouse.operator.job;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.api.v1alpha1.JobSpec;
import dev.lakehouse.api.v1alpha1.RunPhase;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.config.OperatorSettings;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.job.run.RunInput;
import dev.lakehouse.operator.job.run.RunStateMachine;
import dev.lakehouse.operator.job.run.RunStep;
import dev.lakehouse.operator.job.run.TaskGraph;
import dev.lakehouse.operator.job.schedule.RunNames;
import dev.lakehouse.operator.job.tasks.InvalidTaskException;
import dev.lakehouse.operator.job.tasks.TaskAttempt;
import dev.lakehouse.operator.job.tasks.TaskJobs;
import dev.lakehouse.operator.kube.ChildSet;
import dev.lakehouse.operator.kube.ChildSets;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import dev.lakehouse.operator.kube.Problem;
import dev.lakehouse.operator.kube.ReconcileErrors;
import dev.lakehouse.operator.kube.Requeue;
import dev.lakehouse.operator.kube.Shard;
import dev.lakehouse.operator.kube.SpecOrAnnotationsChanged;
import dev.lakehouse.operator.kube.StatusRecorder;
import dev.lakehouse.operator.kube.WithoutManagedFields;
import dev.lakehouse.operator.kube.WorkspaceGate;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles a JobRun: observe (its Job, its Cluster, its attempts' batch Jobs and pods), compute
 * (the run state machine), apply (the job cluster, the attempts' batch Jobs, stops), record
 * (status, events). A run the user created by hand is first adopted: owned by its Job, labelled,
 * and given the Job's spec as its snapshot (the one spec field the operator writes, once).
 */
@ControllerConfiguration(
    name = "jobrun",
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
public class JobRunReconciler implements Reconciler<JobRun> {
  /** Set on a run to stop it: its running attempts are stopped and it ends Canceled. */
  public static final String CANCEL = "lakehouse.dev/cancel";

  static final String JOBS = "jobs";
  static final String CLUSTERS = "clusters";
  static final String ATTEMPTS = "attempts";
  static final String TASK_PODS = "task-pods";

  private final ChildSets children;
  private final StatusRecorder statuses;
  private final ReconcileErrors errors;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final RuntimeVersions runtimes;
  private final OperatorSettings.Engine engine;
  private final RunAdmissions admissions;
  private final Clock clock;

  public JobRunReconciler(
      ChildSets children,
      StatusRecorder statuses,
      ReconcileErrors errors,
      EventRecorder events,
      OperatorMetrics metrics,
      RuntimeVersions runtimes,
      OperatorSettings.Engine engine,
      RunAdmissions admissions,
      Clock clock) {
    this.children = children;
    this.statuses = statuses;
    this.errors = errors;
    this.events = events;
    this.metrics = metrics;
    this.runtimes = runtimes;
    this.engine = engine;
    this.admissions = admissions;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, JobRun>> prepareEventSources(EventSourceContext<JobRun> context) {
    metrics.phaseSource(
        "JobRun",
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(r -> r.getStatus() == null ? null : r.getStatus().phase())
                .map(p -> p == null ? null : p));
    List<EventSource<?, JobRun>> sources = new ArrayList<>();
    // The attempts' batch Jobs, owned by their run.
    InformerEventSource<io.fabric8.kubernetes.api.model.batch.v1.Job, JobRun> attempts =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(
                    io.fabric8.kubernetes.api.model.batch.v1.Job.class, JobRun.class)
                .withName(ATTEMPTS)
                .withLabelSelector(
                    Shard.narrow(Labels.MANAGED_SELECTOR + "," + Labels.RUN, context))
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JobRun.class, false))
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context);
    sources.add(attempts);
    // Their pods, for exit codes and messages: owned by the batch Jobs, whose owner is the run (the
    // run label is shortened with a hash for long run names, so it cannot name the run).
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, JobRun.class)
                .withName(TASK_PODS)
                .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.RUN + "," + Labels.TASK)
                .withSecondaryToPrimaryMapper((Pod p) -> runOf(p, attempts))
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context));
    // Clusters: a run's job cluster (owned), and an existing Cluster the Job names.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Cluster.class, JobRun.class)
                .withName(CLUSTERS)
                .withLabelSelector(Shard.narrow(null, context))
                .withSecondaryToPrimaryMapper(
                    c ->
                        context
                            .getPrimaryCache()
                            .list(c.getMetadata().getNamespace())
                            .filter(
                                r ->
                                    JobClusters.taskClusterOf(r)
                                        .map(c.getMetadata().getName()::equals)
                                        .orElse(false))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                // The run's own Cluster is its secondary resource, so its job cluster is pruned
                // when the run ends; an existing Cluster is not the run's and is never pruned.
                .withPrimaryToSecondaryMapper(
                    (JobRun r) ->
                        JobClusters.taskClusterOf(r)
                            .map(c -> Set.of(new ResourceID(c, r.getMetadata().getNamespace())))
                            .orElse(Set.of()))
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context));
    // The Job: its spec now (repairs, limits), and its runs' admission.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, JobRun.class)
                .withName(JOBS)
                .withLabelSelector(Shard.narrow(null, context))
                .withSecondaryToPrimaryMapper(
                    j ->
                        context
                            .getPrimaryCache()
                            .list(j.getMetadata().getNamespace())
                            .filter(r -> j.getMetadata().getName().equals(r.getSpec().job))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((JobRun r) -> Set.of())
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context));
    sources.add(WorkspaceGate.eventSource(JobRun.class, context));
    return sources;
  }

  @Override
  public UpdateControl<JobRun> reconcile(JobRun run, Context<JobRun> context) {
    Instant now = clock.instant();
    String namespace = run.getMetadata().getNamespace();
    Optional<Job> job = cached(context, Job.class, JOBS, run.getSpec().job, namespace);
    if (job.isEmpty() && run.getSpec().jobSpec == null) {
      recordUnrunnable(
          run,
          context,
          "Job "
              + run.getSpec().job
              + " does not exist in namespace "
              + namespace
              + ": create it, or create the run for an existing Job",
          now);
      return UpdateControl.noUpdate();
    }
    if (job.isPresent() && needsAdoption(run, job.get())) {
      adopt(run, job.get());
      return UpdateControl.noUpdate(); // the update starts the next reconcile
    }
    JobSpec spec = run.getSpec().jobSpec;
    String cluster = JobClusters.taskClusterOf(run).orElseThrow();
    Optional<Cluster> observedCluster =
        cached(context, Cluster.class, CLUSTERS, cluster, namespace);
    WorkspaceGate.Passage gate = WorkspaceGate.check(run, context);
    Optional<Problem> problem = problem(spec, observedCluster);
    boolean clusterReady =
        gate.open()
            && observedCluster
                .map(
                    c ->
                        Conditions.isTrue(
                            c.getStatus() == null ? null : c.getStatus().conditions,
                            ConditionType.Ready))
                .orElse(false);
    String jobKey = namespace + "/" + run.getSpec().job;
    List<JobRun> siblings =
        context
            .getPrimaryCache()
            .list(namespace)
            .filter(r -> run.getSpec().job.equals(r.getSpec().job))
            .toList();
    boolean placeFree =
        admissions.admit(
            jobKey, run, siblings, Objects.requireNonNullElse(spec.maxConcurrentRuns, 1));

    // The attempts the step starts, built while it decides (a task that cannot be built fails).
    Map<String, List<HasMetadata>> built = new HashMap<>();
    RunStep step =
        RunStateMachine.advance(
            new RunInput(
                run,
                job.map(Job::getSpec),
                Attempts.of(
                    context.getSecondaryResources(
                        io.fabric8.kubernetes.api.model.batch.v1.Job.class),
                    context.getSecondaryResources(Pod.class)),
                placeFree,
                clusterReady,
                cluster,
                problem,
                run.getMetadata().getAnnotations() != null
                    && run.getMetadata().getAnnotations().containsKey(CANCEL),
                (task, n) -> RunNames.attempt(run.getMetadata().getName(), task, n),
                start -> {
                  try {
                    built.put(
                        start.job(), attemptChildren(run, job, start, observedCluster, gate, now));
                    return Optional.empty();
                  } catch (InvalidTaskException e) {
                    return Optional.of(e.getMessage());
                  }
                },
                now));

    ChildSet set = children.of(run, context, List.of(Cluster.class));
    if (spec.jobCluster != null) {
      boolean keep =
          step.status().phase == RunPhase.Failed
              && Boolean.TRUE.equals(spec.keepJobClusterOnFailure);
      if (step.needsCluster()) {
        set.apply(JobClusters.build(run, spec.jobCluster, run.getSpec().job));
      } else if (keep) {
        observedCluster.ifPresent(set::keep);
      }
    }
    for (RunStep.Start start : step.start()) {
      built.get(start.job()).forEach(set::createOnce);
      metrics.taskAttempt("started");
    }
    stopAttempts(context, step);
    set.prune();

    JobRunStatus status = step.status();
    status.conditions = conditions(run, status, now);
    boolean ended =
        status.phase != null
            && status.phase.terminal()
            && (run.getStatus() == null
                || run.getStatus().phase == null
                || !run.getStatus().phase.terminal());
    if (ended) {
      metrics.runEnded(status.phase.name());
    }
    Attempts.endedBetween(run.getStatus(), status).forEach(metrics::taskAttempt);
    step.told()
        .forEach(
            t -> {
              if (t.warning()) {
                events.warning(run, t.reason(), t.message());
              } else {
                events.normal(run, t.reason(), t.message());
              }
            });
    statuses.record(run, status, context);
    return step.wakeAt()
        .flatMap(at -> Requeue.earliest(Duration.between(now, at)))
        .map(d -> UpdateControl.<JobRun>noUpdate().rescheduleAfter(d))
        .orElseGet(UpdateControl::noUpdate);
  }

  @Override
  public ErrorStatusUpdateControl<JobRun> updateErrorStatus(
      JobRun run, Context<JobRun> context, Exception e) {
    return errors.record(run, context, e, JobRunStatus::new);
  }

  /**
   * The children of an attempt (its batch Job, and a ConfigMap of files when it needs one). Called
   * by the state machine only once the Cluster is Ready, so the Workspace and the Cluster exist.
   *
   * @throws InvalidTaskException when the task cannot run as it is written
   */
  private List<HasMetadata> attemptChildren(
      JobRun run,
      Optional<Job> job,
      RunStep.Start start,
      Optional<Cluster> cluster,
      WorkspaceGate.Passage gate,
      Instant now) {
    JobSpec spec = run.getSpec().jobSpec;
    Workspace workspace = gate.workspace().orElseThrow();
    Cluster engineCluster = cluster.orElseThrow();
    EngineModel model =
        EngineModel.of(
            EngineDescription.of(engineCluster),
            workspace,
            runtimes.resolve(engineCluster.getSpec().runtimeVersion),
            engine.imageRepository(),
            engine.imagePullPolicy(),
            engine.cpuRequestFraction());
    // A repair runs with the Job's current spec: its parameters too, under the run's own.
    JobSpec current = start.repair() != null && job.isPresent() ? job.get().getSpec() : spec;
    Map<String, String> parameters = new HashMap<>();
    Optional.ofNullable(current.parameters).ifPresent(parameters::putAll);
    Optional.ofNullable(run.getSpec().parameters).ifPresent(parameters::putAll);
    TaskAttempt attempt =
        new TaskAttempt(
            run,
            run.getSpec().job,
            run.getMetadata().getName(),
            run.getSpec().trigger,
            run.getSpec().scheduledTime == null ? null : Instant.parse(run.getSpec().scheduledTime),
            run.getStatus() == null || run.getStatus().startTime == null
                ? now.truncatedTo(ChronoUnit.SECONDS)
                : Instant.parse(run.getStatus().startTime),
            spec.schedule == null || spec.schedule.timeZone == null
                ? "UTC"
                : spec.schedule.timeZone,
            start.spec(),
            start.number(),
            start.repair(),
            start.job(),
            parameters,
            model,
            workspace.getMetadata().getName());
    return TaskJobs.build(attempt).all();
  }

  private void stopAttempts(Context<JobRun> context, RunStep step) {
    for (String name : step.stop()) {
      context.getSecondaryResources(io.fabric8.kubernetes.api.model.batch.v1.Job.class).stream()
          .filter(j -> j.getMetadata().getName().equals(name))
          .filter(j -> j.getMetadata().getDeletionTimestamp() == null)
          .forEach(children::delete);
    }
  }

  /** The run of an attempt's pod: the owner of the batch Job that owns the pod. */
  private static Set<ResourceID> runOf(
      Pod pod, InformerEventSource<io.fabric8.kubernetes.api.model.batch.v1.Job, JobRun> attempts) {
    String namespace = pod.getMetadata().getNamespace();
    return pod.getMetadata().getOwnerReferences().stream()
        .filter(o -> "Job".equals(o.getKind()) && o.getApiVersion().startsWith("batch/"))
        .flatMap(o -> attempts.get(new ResourceID(o.getName(), namespace)).stream())
        .flatMap(j -> j.getMetadata().getOwnerReferences().stream())
        .filter(o -> "JobRun".equals(o.getKind()))
        .map(o -> new ResourceID(o.getName(), namespace))
        .collect(Collectors.toSet());
  }

  /** What keeps the run from running at all. */
  private static Optional<Problem> problem(JobSpec spec, Optional<Cluster> cluster) {
    Optional<java.util.List<String>> cycle = new TaskGraph(spec.tasks).cycle();
    if (cycle.isPresent()) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "the tasks depend on each other in a cycle: " + String.join(" -> ", cycle.get())));
    }
    if (spec.existingCluster != null && cluster.isEmpty()) {
      return Optional.of(
          new Problem(
              Reason.InvalidSpec,
              "existingCluster "
                  + spec.existingCluster
                  + " does not exist in the namespace: create it, or give the Job a jobCluster"));
    }
    return cluster.flatMap(JobRunReconciler::cannotRun);
  }

  /**
   * A Cluster that cannot run as it is (kstatus Stalled: an invalid spec, a Workspace policy),
   * judged on its current generation: a run on it fails with the Cluster's reason rather than wait.
   */
  private static Optional<Problem> cannotRun(Cluster cluster) {
    if (cluster.getStatus() == null || cluster.getStatus().conditions == null) {
      return Optional.empty();
    }
    return cluster.getStatus().conditions.stream()
        .filter(c -> ConditionType.Stalled.name().equals(c.type) && "True".equals(c.status))
        .filter(c -> Objects.equals(c.observedGeneration, cluster.getMetadata().getGeneration()))
        .findFirst()
        .map(
            c ->
                new Problem(
                    java.util.Arrays.stream(Reason.values())
                        .filter(r -> r.name().equals(c.reason))
                        .findFirst()
                        .orElse(Reason.InvalidSpec),
                    "Cluster " + cluster.getMetadata().getName() + " cannot run: " + c.message));
  }

  private static boolean needsAdoption(JobRun run, Job job) {
    boolean owned =
        run.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> job.getMetadata().getUid().equals(o.getUid()));
    boolean labelled =
        run.getMetadata().getLabels() != null
            && job.getMetadata().getName().equals(run.getMetadata().getLabels().get(Labels.JOB));
    return !owned || !labelled || run.getSpec().jobSpec == null;
  }

  /** Owner reference, label, and (for a run made by hand) the Job's spec as its snapshot. */
  private void adopt(JobRun run, Job job) {
    Map<String, Object> metadata = new HashMap<>();
    metadata.put("labels", Map.of(Labels.JOB, job.getMetadata().getName()));
    boolean owned =
        run.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> job.getMetadata().getUid().equals(o.getUid()));
    if (!owned) {
      List<Object> owners = new ArrayList<>(run.getMetadata().getOwnerReferences());
      owners.add(Owners.controlledBy(job));
      metadata.put("ownerReferences", owners);
    }
    Map<String, Object> patch = new HashMap<>();
    patch.put("metadata", metadata);
    if (run.getSpec().jobSpec == null) {
      patch.put("spec", Map.of("jobSpec", job.getSpec()));
    }
    children.mergePatch(run, patch);
  }

  private void recordUnrunnable(JobRun run, Context<JobRun> context, String why, Instant now) {
    JobRunStatus status = new JobRunStatus();
    status.phase = RunPhase.Failed;
    status.message = why;
    status.observedGeneration = run.getMetadata().getGeneration();
    status.endTime = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    status.conditions = conditions(run, status, now);
    statuses.record(run, status, context);
  }

  /** Complete (the run ended, with its result) and kstatus's Reconciling (it runs). */
  private static List<dev.lakehouse.api.v1alpha1.Condition> conditions(
      JobRun run, JobRunStatus status, Instant now) {
    long generation = Optional.ofNullable(run.getMetadata().getGeneration()).orElse(0L);
    boolean done = status.phase != null && status.phase.terminal();
    String message = Objects.requireNonNullElse(status.message, "");
    boolean succeeded =
        status.phase == RunPhase.Succeeded || status.phase == RunPhase.SucceededWithFailures;
    return new Conditions(
            run.getStatus() == null ? null : run.getStatus().conditions, generation, now)
        .set(
            ConditionType.Complete,
            done,
            done ? Reason.RunEnded : Reason.RunInProgress,
            done ? status.phase + (succeeded ? "" : ": " + message) : message)
        .set(
            ConditionType.Reconciling,
            !done,
            done ? Reason.RunEnded : Reason.RunInProgress,
            done ? "the run ended " + status.phase : message)
        .build();
  }

  private static <R extends HasMetadata> Optional<R> cached(
      Context<JobRun> context, Class<R> kind, String source, String name, String namespace) {
    @SuppressWarnings("unchecked")
    InformerEventSource<R, JobRun> informer =
        (InformerEventSource<R, JobRun>)
            context.eventSourceRetriever().getEventSourceFor(kind, source);
    return informer.get(new ResourceID(name, namespace));
  }
}
