package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.RunPhase;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.cluster.autoscaling.ClusterAutoscaling;
import dev.lakehouse.operator.config.OperatorSettings;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.activity.EngineActivity;
import dev.lakehouse.operator.job.JobClusters;
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
import dev.lakehouse.operator.workspace.SecretKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles a Cluster: observe (its Workspace, its children, engine activity and load), compute
 * (checks, the engine model, desired children, status), apply (the child set), record (status and
 * events). A failed reconcile reaches the status through {@link #updateErrorStatus} and is retried
 * with backoff, up to every 5 minutes, without holding a reconcile thread.
 */
@ControllerConfiguration(
    name = "cluster",
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
public class ClusterReconciler implements Reconciler<Cluster> {
  static final String WORKER_PODS = "worker-pods";
  static final String JOB_RUNS = "job-runs";
  static final String SECRET_EVENTS = "secrets";

  /** The kinds of a Cluster's children: owned ones no longer desired are pruned. */
  static final List<Class<? extends HasMetadata>> CHILD_KINDS =
      List.of(ConfigMap.class, Service.class, StatefulSet.class, Deployment.class);

  private final ChildSets children;
  private final StatusRecorder statuses;
  private final ReconcileErrors errors;
  private final ClusterTransitions transitions;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final RuntimeVersions runtimes;
  private final EngineActivity activity;
  private final ClusterAutoscaling autoscaling;
  private final OperatorSettings.Engine engine;
  private final SecretKeys secretKeys;
  private final Clock clock;

  public ClusterReconciler(
      ChildSets children,
      StatusRecorder statuses,
      ReconcileErrors errors,
      EventRecorder events,
      OperatorMetrics metrics,
      RuntimeVersions runtimes,
      EngineActivity activity,
      ClusterAutoscaling autoscaling,
      OperatorSettings.Engine engine,
      SecretKeys secretKeys,
      Clock clock) {
    this.children = children;
    this.statuses = statuses;
    this.errors = errors;
    this.transitions = new ClusterTransitions(events);
    this.events = events;
    this.metrics = metrics;
    this.runtimes = runtimes;
    this.activity = activity;
    this.autoscaling = autoscaling;
    this.engine = engine;
    this.secretKeys = secretKeys;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
    metrics.phaseSource(
        "Cluster",
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(c -> c.getStatus() == null ? null : c.getStatus().phase));
    List<EventSource<?, Cluster>> sources = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : CHILD_KINDS) {
      sources.add(childInformer(kind, context));
    }
    // Worker pods belong to the workers' ReplicaSet, not to the Cluster: they are found by their
    // cluster label. The autoscaler needs them (starting, ready, leaving) and chooses among them.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, Cluster.class)
                .withName(WORKER_PODS)
                .withLabelSelector(
                    Labels.MANAGED_SELECTOR
                        + ","
                        + Labels.CLUSTER
                        + ","
                        + Labels.ROLE
                        + "="
                        + EngineNames.WORKER)
                .withSecondaryToPrimaryMapper(
                    (Pod p) ->
                        Set.of(
                            new ResourceID(
                                p.getMetadata().getLabels().get(Labels.CLUSTER),
                                p.getMetadata().getNamespace())))
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context));
    sources.add(WorkspaceGate.eventSource(Cluster.class, context));
    // Runs whose tasks run on this Cluster (their Job's existingCluster, or their job cluster):
    // while one is in progress the Cluster runs, even if stopped or idle.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(JobRun.class, Cluster.class)
                .withName(JOB_RUNS)
                .withLabelSelector(Shard.narrow(null, context))
                .withSecondaryToPrimaryMapper(
                    (JobRun r) ->
                        JobClusters.taskClusterOf(r)
                            .map(c -> Set.of(new ResourceID(c, r.getMetadata().getNamespace())))
                            .orElse(Set.of()))
                .withPrimaryToSecondaryMapper((Cluster c) -> Set.of())
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context));
    sources.add(secretEvents(context));
    return sources;
  }

  /** A Secret named by a Cluster's spec.env appearing, going or changing keys reconciles it. */
  private SimpleInboundEventSource<Cluster> secretEvents(EventSourceContext<Cluster> context) {
    SimpleInboundEventSource<Cluster> source = new SimpleInboundEventSource<>(SECRET_EVENTS);
    secretKeys.onChange(
        (namespace, name) ->
            context
                .getPrimaryCache()
                .list(namespace)
                .filter(c -> ClusterChecks.secretNames(c).contains(name))
                .forEach(c -> source.propagateEvent(ResourceID.fromResource(c))));
    return source;
  }

  private static <R extends HasMetadata> InformerEventSource<R, Cluster> childInformer(
      Class<R> kind, EventSourceContext<Cluster> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Cluster.class)
            .withLabelSelector(
                Shard.narrow(Labels.MANAGED_SELECTOR + "," + Labels.CLUSTER, context))
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Cluster.class, false))
            .withItemStore(new WithoutManagedFields<>())
            .build(),
        context);
  }

  @Override
  public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
    Instant now = clock.instant();
    ClusterStatus previous = Optional.ofNullable(cluster.getStatus()).orElseGet(ClusterStatus::new);
    WorkspaceGate.Passage gate = WorkspaceGate.check(cluster, context);
    Optional<Problem> problem =
        gate.workspace().flatMap(w -> ClusterChecks.check(cluster, w, runtimes));

    EngineNames names = EngineNames.of(cluster);
    Optional<StatefulSet> driver = observed(context, StatefulSet.class, names.driver());
    Optional<Deployment> workers = observed(context, Deployment.class, names.workers());
    List<Pod> workerPods = List.copyOf(context.getSecondaryResources(Pod.class));
    boolean demanded = demandedByRuns(cluster, context);
    AutoTermination.RunState run =
        AutoTermination.decide(cluster, previous, activity.lastActivity(cluster), demanded, now);
    // A Workspace that is not Ready (a Secret missing, its deletion waiting for engines to stop)
    // keeps engines from starting or changing, never from stopping.
    boolean stoppingInItsWorkspace = !run.running() && gate.workspace().isPresent();
    // Like a Workspace not Ready, a Secret missing keeps engines from starting or changing, never
    // from stopping.
    if (problem.isEmpty() && run.running() && gate.workspace().isPresent()) {
      problem = secretProblem(cluster);
    }
    boolean runnable = problem.isEmpty() && (gate.open() || stoppingInItsWorkspace);
    Optional<Problem> workspaceProblem = stoppingInItsWorkspace ? Optional.empty() : gate.problem();

    boolean autoscaled = cluster.getSpec().autoscale != null;
    int workersWanted = ClusterModel.fixedWorkers(cluster);
    // The autoscaler's memory survives a pause in evaluation (a Workspace not ready); a stop or
    // the end of autoscaling forgets it, so a restart begins at minWorkers.
    ClusterAutoscalerStatus autoscalerStatus =
        autoscaled && run.running() ? previous.autoscaler : null;
    Duration evaluateAgain = null;
    SpecChange change = SpecChange.NONE;
    List<String> ignored = List.of();
    if (runnable) {
      if (autoscaled && run.running()) {
        // Spark answers once the driver is up; while workers roll, surge pods are no capacity to
        // decide on.
        ClusterAutoscaling.Outcome outcome =
            driverReady(driver) && !ClusterStatusCalculator.rollingWorkers(workers)
                ? autoscaling.evaluate(cluster, workerPods)
                : autoscaling.withoutEvaluating(cluster, workerPods);
        workersWanted = outcome.replicas();
        autoscalerStatus = outcome.status();
        evaluateAgain =
            outcome.metricsUnavailable()
                ? ClusterAutoscaling.UNAVAILABLE_PERIOD
                : ClusterAutoscaling.EVALUATION_PERIOD;
      }
      ClusterChildren desired =
          desiredChildren(cluster, gate.workspace().get(), run, workersWanted);
      ignored = desired.ignoredSettings();
      change = apply(cluster, context, desired, driver, workers, workersWanted);
      transitions.lifecycle(
          cluster,
          previous,
          run.stoppedReason(),
          change,
          workers.map(d -> d.getSpec().getReplicas()).orElse(0),
          desired.workers().getSpec().getReplicas());
    } else {
      problem.ifPresent(p -> transitions.problem(cluster, previous, p));
    }

    ClusterObservation observation =
        new ClusterObservation(
            problem,
            workspaceProblem,
            run.running(),
            run.stoppedReason(),
            workersWanted,
            driver,
            workers,
            workerPods.size(),
            change,
            run.running() ? run.lastActivity() : null,
            ignored);
    ClusterStatus status = ClusterStatusCalculator.compute(cluster, observation, now);
    status.autoscaler = autoscalerStatus;
    if (status.lastActivityTime == null && run.running() && "Running".equals(status.phase)) {
      status.lastActivityTime = now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    transitions.ignoredSettings(cluster, previous, status);
    statuses.record(cluster, status, context);

    if (!runnable || !run.running()) {
      return UpdateControl.noUpdate();
    }
    // Activity is polled, not watched: look again before the Cluster would reach its idle limit,
    // and at least every minute.
    Duration idleLeft =
        AutoTermination.remaining(cluster.getSpec().autoTerminationMinutes, run.lastActivity(), now)
            .plusSeconds(1);
    return UpdateControl.<Cluster>noUpdate()
        .rescheduleAfter(
            Requeue.earliest(idleLeft, Duration.ofMinutes(1), evaluateAgain).orElseThrow());
  }

  @Override
  public ErrorStatusUpdateControl<Cluster> updateErrorStatus(
      Cluster cluster, Context<Cluster> context, Exception e) {
    return errors.record(cluster, context, e, ClusterStatus::new);
  }

  private Optional<Problem> secretProblem(Cluster cluster) {
    SecretKeys.Reading secrets = secretKeys.reading();
    Optional<Problem> problem = ClusterChecks.secrets(cluster, secrets);
    // A Secret whose read is forbidden (the Workspace's RoleBinding not in force yet) is not known
    // to be missing: its informer's first event reconciles the Cluster again.
    return secrets.complete() ? problem : Optional.empty();
  }

  private ClusterChildren desiredChildren(
      Cluster cluster, Workspace workspace, AutoTermination.RunState run, int workers) {
    RuntimeVersion runtime = runtimes.resolve(cluster.getSpec().runtimeVersion);
    EngineModel model =
        EngineModel.of(
            EngineDescription.of(cluster),
            workspace,
            runtime,
            engine.imageRepository(),
            engine.imagePullPolicy(),
            engine.cpuRequestFraction());
    return ClusterResources.build(new ClusterModel(cluster, model, run.running(), workers));
  }

  /** Applies the children, prunes what is no longer wanted, and says how what runs changes. */
  private SpecChange apply(
      Cluster cluster,
      Context<Cluster> context,
      ClusterChildren desired,
      Optional<StatefulSet> driver,
      Optional<Deployment> workers,
      int workersWanted) {
    ChildSet set = children.of(cluster, context, CHILD_KINDS);
    SpecChange change = SpecChange.NONE;
    for (HasMetadata child : desired.all()) {
      ChildSet.Outcome outcome = set.apply(child);
      // Only a change of what is wanted is a scale or a roll; a drift put back is not.
      if (outcome == ChildSet.Outcome.CHANGED && child == desired.driver()) {
        change = change.and(SpecChange.classify(driver, desired.driver()));
      } else if (outcome == ChildSet.Outcome.CHANGED && child == desired.workers()) {
        change = change.and(SpecChange.classify(workers, desired.workers()));
      }
    }
    keepOldWorkersUntilReplaced(cluster, context, set, workers, workersWanted);
    set.prune().stream()
        .filter(
            c ->
                c instanceof StatefulSet
                    && c.getMetadata().getName().equals(EngineNames.of(cluster).workers()))
        .forEach(
            old ->
                events.normal(
                    cluster,
                    EventReason.WorkersMigrated,
                    "workers now run as Deployment "
                        + old.getMetadata().getName()
                        + "; the StatefulSet of the previous operator version is deleted"));
    return change;
  }

  /**
   * Operator versions before the autoscaler ran workers as a StatefulSet of the same name; after an
   * upgrade the Deployment replaces it. The StatefulSet (with its pods) is pruned only once the
   * Deployment's workers are ready, so the Cluster keeps its capacity meanwhile.
   */
  private static void keepOldWorkersUntilReplaced(
      Cluster cluster,
      Context<Cluster> context,
      ChildSet set,
      Optional<Deployment> workers,
      int wanted) {
    int ready =
        workers
            .map(
                d ->
                    d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                        ? 0
                        : d.getStatus().getReadyReplicas())
            .orElse(0);
    if (ready < wanted) {
      observed(context, StatefulSet.class, EngineNames.of(cluster).workers()).ifPresent(set::keep);
    }
  }

  /** Whether a Job's run in progress runs its tasks on this Cluster. */
  @SuppressWarnings("unchecked")
  private static boolean demandedByRuns(Cluster cluster, Context<Cluster> context) {
    InformerEventSource<JobRun, Cluster> runs =
        (InformerEventSource<JobRun, Cluster>)
            context.eventSourceRetriever().getEventSourceFor(JobRun.class, JOB_RUNS);
    String name = cluster.getMetadata().getName();
    return runs.list(
            cluster.getMetadata().getNamespace(),
            r ->
                JobClusters.taskClusterOf(r).map(name::equals).orElse(false)
                    && r.getStatus() != null
                    && r.getStatus().phase != null
                    && !r.getStatus().phase.terminal()
                    && r.getStatus().phase != RunPhase.Queued)
        .findAny()
        .isPresent();
  }

  private static boolean driverReady(Optional<StatefulSet> driver) {
    return driver
        .map(
            d ->
                d.getStatus() != null
                    && d.getStatus().getReadyReplicas() != null
                    && d.getStatus().getReadyReplicas() > 0)
        .orElse(false);
  }

  private static <R extends HasMetadata> Optional<R> observed(
      Context<Cluster> context, Class<R> kind, String name) {
    return context.getSecondaryResources(kind).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst();
  }
}
