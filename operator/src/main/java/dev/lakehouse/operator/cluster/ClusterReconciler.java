package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.cluster.activity.EngineActivity;
import dev.lakehouse.operator.cluster.autoscaling.ClusterAutoscaling;
import dev.lakehouse.operator.config.OperatorSettings;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig;
import dev.lakehouse.operator.engine.config.SparkConfigRenderer;
import dev.lakehouse.operator.kube.ChildApplier;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Observed;
import dev.lakehouse.operator.kube.StatusComparison;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import dev.lakehouse.operator.workspace.Workspaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles a Cluster: observe (its Workspace, its children, engine activity), compute (checks,
 * rendered configuration, desired children, status), apply what changed, and record status,
 * conditions and events.
 */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster> {
  static final String WORKSPACES = "workspaces";
  static final String WORKER_PODS = "worker-pods";

  private final ChildApplier applier;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final RuntimeVersions runtimes;
  private final EngineActivity activity;
  private final ClusterAutoscaling autoscaling;
  private final OperatorSettings.Engine engine;
  private final Clock clock;

  public ClusterReconciler(
      ChildApplier applier,
      EventRecorder events,
      OperatorMetrics metrics,
      RuntimeVersions runtimes,
      EngineActivity activity,
      ClusterAutoscaling autoscaling,
      OperatorSettings.Engine engine,
      Clock clock) {
    this.applier = applier;
    this.events = events;
    this.metrics = metrics;
    this.runtimes = runtimes;
    this.activity = activity;
    this.autoscaling = autoscaling;
    this.engine = engine;
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
    for (Class<? extends HasMetadata> kind :
        List.of(ConfigMap.class, Service.class, StatefulSet.class, Deployment.class)) {
      sources.add(childInformer(kind, context));
    }
    // Worker pods belong to the workers' ReplicaSet, not to the Cluster: they are found by their
    // cluster label. The
    // autoscaler needs them (starting, ready, leaving) and chooses among them.
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
                        + ClusterNames.WORKER)
                .withSecondaryToPrimaryMapper(
                    (Pod p) ->
                        Set.of(
                            new ResourceID(
                                p.getMetadata().getLabels().get(Labels.CLUSTER),
                                p.getMetadata().getNamespace())))
                .build(),
            context));
    // A Workspace's catalogs, storage and policy shape its Clusters: a change reconciles all of
    // them.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Workspace.class, Cluster.class)
                .withName(WORKSPACES)
                .withSecondaryToPrimaryMapper(
                    w ->
                        context
                            .getPrimaryCache()
                            .list(Workspaces.namespaceOf(w))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((Cluster c) -> Set.of())
                .build(),
            context));
    return sources;
  }

  private static <R extends HasMetadata> InformerEventSource<R, Cluster> childInformer(
      Class<R> kind, EventSourceContext<Cluster> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Cluster.class)
            .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.CLUSTER)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Cluster.class, false))
            .build(),
        context);
  }

  @Override
  public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
    Instant now = clock.instant();
    ClusterStatus previous = Optional.ofNullable(cluster.getStatus()).orElseGet(ClusterStatus::new);
    Optional<Workspace> workspace = workspaceOf(cluster, context);
    Optional<String> workspaceProblem =
        workspace.isEmpty()
            ? Optional.of(
                "no Workspace owns namespace "
                    + cluster.getMetadata().getNamespace()
                    + "; create Clusters in a Workspace's namespace")
            : Conditions.isTrue(
                    workspace.get().getStatus() == null
                        ? null
                        : workspace.get().getStatus().conditions,
                    "Ready")
                ? Optional.empty()
                : Optional.of(
                    "Workspace "
                        + workspace.get().getMetadata().getName()
                        + " is not ready: see its "
                        + "conditions (kubectl describe workspace "
                        + workspace.get().getMetadata().getName()
                        + ")");
    Optional<ClusterChecks.Problem> problem =
        workspace.flatMap(w -> ClusterChecks.check(cluster, w, runtimes));

    Optional<StatefulSet> driver = observedStatefulSet(context, ClusterNames.of(cluster).driver());
    Optional<Deployment> workers =
        context.getSecondaryResources(Deployment.class).stream()
            .filter(d -> d.getMetadata().getName().equals(ClusterNames.of(cluster).workers()))
            .findFirst();
    Instant lastActivity = lastActivity(cluster, previous, now);
    String stoppedReason = stoppedReason(cluster, previous, lastActivity, now);
    boolean running = stoppedReason == null;
    if (running && "AutoTerminated".equals(previous.terminationReason)) {
      lastActivity =
          now.truncatedTo(ChronoUnit.SECONDS); // started again: idle time counts from now
    }

    SpecChange change = SpecChange.NONE;
    boolean autoscaled = cluster.getSpec().autoscale != null;
    int workersWanted = ClusterModel.fixedWorkers(cluster);
    // The autoscaler's memory survives a pause in evaluation (a Workspace not ready); a stop or the
    // end of
    // autoscaling forgets it, so a restart begins at minWorkers.
    ClusterAutoscalerStatus autoscalerStatus = autoscaled && running ? previous.autoscaler : null;
    Duration evaluateAgain = ClusterAutoscaling.EVALUATION_PERIOD;
    List<Pod> workerPods = workerPods(context);
    if (problem.isEmpty() && workspaceProblem.isEmpty()) {
      if (autoscaled && running) {
        // Spark answers once the driver is up; while workers roll, surge pods are no capacity to
        // decide on.
        ClusterAutoscaling.Outcome outcome =
            driverReady(driver) && !ClusterStatusCalculator.rollingWorkers(workers)
                ? autoscaling.evaluate(cluster, workerPods)
                : autoscaling.withoutEvaluating(cluster, workerPods);
        workersWanted = outcome.replicas();
        autoscalerStatus = outcome.status();
        if (outcome.metricsUnavailable()) {
          evaluateAgain = ClusterAutoscaling.UNAVAILABLE_PERIOD;
        }
      } else {
        autoscaling.forget(cluster);
      }
      RuntimeVersion runtime = runtimes.resolve(cluster.getSpec().runtimeVersion);
      RenderedSparkConfig config = SparkConfigRenderer.render(workspace.get(), cluster, runtime);
      ClusterModel model =
          new ClusterModel(
              cluster,
              workspace.get(),
              runtime,
              config,
              engine.imageRepository() + ":" + runtime.name(),
              engine.imagePullPolicy(),
              running,
              workersWanted);
      ClusterChildren children = ClusterResources.build(model);
      change =
          SpecChange.classify(driver, children.driver())
              .and(SpecChange.classify(workers, children.workers()));
      for (HasMetadata child : children.all()) {
        applier.apply(child, Observed.find(context, child));
      }
      removeWorkersStatefulSet(cluster, context, workers, workersWanted);
      reportChange(cluster, change, workers, children.workers(), stoppedReason, previous);
    } else {
      problem.ifPresent(
          p -> {
            if (!Conditions.find(previous.conditions, "Ready")
                .map(c -> p.reason().equals(c.reason))
                .orElse(false)) {
              events.warning(cluster, p.reason(), p.message());
            }
          });
    }

    ClusterObservation observation =
        new ClusterObservation(
            problem,
            workspaceProblem,
            running,
            stoppedReason,
            workersWanted,
            driver,
            workers,
            workerPods.size(),
            change,
            running ? lastActivity : null);
    ClusterStatus status = ClusterStatusCalculator.compute(cluster, observation, now);
    status.autoscaler = autoscalerStatus;
    if (status.lastActivityTime == null && running && "Running".equals(status.phase)) {
      status.lastActivityTime = now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    UpdateControl<Cluster> control;
    if (StatusComparison.differs(cluster.getStatus(), status)) {
      cluster.setStatus(status);
      control = UpdateControl.patchStatus(cluster);
    } else {
      control = UpdateControl.noUpdate();
    }
    if (running && problem.isEmpty() && workspaceProblem.isEmpty()) {
      // Activity is polled, not watched: look again before the Cluster would reach its idle limit.
      Duration left =
          AutoTermination.remaining(cluster.getSpec().autoTerminationMinutes, lastActivity, now);
      long delay =
          Math.max(1_000, Math.min(left.toMillis() + 1_000, Duration.ofMinutes(1).toMillis()));
      if (autoscaled) {
        delay = Math.min(delay, evaluateAgain.toMillis());
      }
      return control.rescheduleAfter(delay);
    }
    return control;
  }

  private Optional<Workspace> workspaceOf(Cluster cluster, Context<Cluster> context) {
    @SuppressWarnings("unchecked")
    InformerEventSource<Workspace, Cluster> source =
        (InformerEventSource<Workspace, Cluster>)
            context.eventSourceRetriever().getEventSourceFor(Workspace.class, WORKSPACES);
    return Workspaces.owning(cluster.getMetadata().getNamespace(), source.list().toList());
  }

  /**
   * Operator versions before the autoscaler ran workers as a StatefulSet of the same name; after an
   * upgrade the Deployment replaces it. The StatefulSet (with its pods) goes once the Deployment's
   * workers are ready, so the Cluster keeps its capacity meanwhile.
   */
  private void removeWorkersStatefulSet(
      Cluster cluster, Context<Cluster> context, Optional<Deployment> workers, int wanted) {
    int ready =
        workers
            .map(
                d ->
                    d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                        ? 0
                        : d.getStatus().getReadyReplicas())
            .orElse(0);
    observedStatefulSet(context, ClusterNames.of(cluster).workers())
        .filter(old -> old.getMetadata().getDeletionTimestamp() == null && ready >= wanted)
        .ifPresent(
            old -> {
              if (applier.delete(old)) {
                events.normal(
                    cluster,
                    "WorkersMigrated",
                    "workers now run as Deployment "
                        + old.getMetadata().getName()
                        + "; the StatefulSet of the previous operator version is deleted");
              }
            });
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

  private static List<Pod> workerPods(Context<Cluster> context) {
    return List.copyOf(context.getSecondaryResources(Pod.class));
  }

  private static Optional<StatefulSet> observedStatefulSet(Context<Cluster> context, String name) {
    return context.getSecondaryResources(StatefulSet.class).stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst();
  }

  private Instant lastActivity(Cluster cluster, ClusterStatus previous, Instant now) {
    Instant known =
        previous.lastActivityTime == null ? null : Instant.parse(previous.lastActivityTime);
    // Seconds are enough for idle minutes, and keep the status from changing on every poll of a
    // busy engine.
    Optional<Instant> reported =
        activity.lastActivity(cluster).map(t -> t.truncatedTo(ChronoUnit.SECONDS));
    if (reported.isPresent() && (known == null || reported.get().isAfter(known))) {
      return reported.get().isAfter(now) ? now : reported.get();
    }
    return known;
  }

  /** Null while the Cluster should run; else UserRequest or AutoTerminated. */
  private String stoppedReason(
      Cluster cluster, ClusterStatus previous, Instant lastActivity, Instant now) {
    if (ClusterModel.stoppedByUser(cluster)) {
      return "UserRequest";
    }
    long generation = Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L);
    boolean specUnchangedSinceStop =
        previous.observedGeneration != null && previous.observedGeneration == generation;
    if ("AutoTerminated".equals(previous.terminationReason) && specUnchangedSinceStop) {
      return "AutoTerminated";
    }
    boolean wasAutoTerminated = "AutoTerminated".equals(previous.terminationReason);
    if (!wasAutoTerminated
        && "Running".equals(previous.phase)
        && AutoTermination.idleTooLong(
            cluster.getSpec().autoTerminationMinutes, lastActivity, now)) {
      return "AutoTerminated";
    }
    return null;
  }

  private void reportChange(
      Cluster cluster,
      SpecChange change,
      Optional<Deployment> observedWorkers,
      Deployment desiredWorkers,
      String stoppedReason,
      ClusterStatus previous) {
    String wasStopped = previous.terminationReason;
    if (stoppedReason != null && !stoppedReason.equals(wasStopped)) {
      events.normal(
          cluster,
          "AutoTerminated".equals(stoppedReason) ? "AutoTerminated" : "Stopping",
          "AutoTerminated".equals(stoppedReason)
              ? "no Spark activity for "
                  + cluster.getSpec().autoTerminationMinutes
                  + " minutes: stopping"
              : "spec.state is Stopped: scaling the Cluster to zero");
      return;
    }
    if (stoppedReason == null && wasStopped != null) {
      events.normal(cluster, "Starting", "starting the Cluster again");
      return;
    }
    if (change == SpecChange.RESTART) {
      events.normal(
          cluster,
          "RollingRestart",
          "the image, configuration or resources changed: rolling the pods");
    } else if (change == SpecChange.SCALE && cluster.getSpec().autoscale == null) {
      // An autoscaled Cluster's resizes are told by the autoscaler's ScaledUp and ScaledDown
      // events.
      int from = observedWorkers.map(s -> s.getSpec().getReplicas()).orElse(0);
      events.normal(
          cluster,
          "Scaling",
          "scaling workers from " + from + " to " + desiredWorkers.getSpec().getReplicas());
    }
  }
}
