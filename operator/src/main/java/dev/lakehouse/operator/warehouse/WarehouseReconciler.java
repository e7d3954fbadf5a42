package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseStatus;
import dev.lakehouse.operator.config.OperatorSettings;
import dev.lakehouse.operator.kube.ChildSet;
import dev.lakehouse.operator.kube.ChildSets;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Problem;
import dev.lakehouse.operator.kube.ReconcileErrors;
import dev.lakehouse.operator.kube.Shard;
import dev.lakehouse.operator.kube.SpecOrAnnotationsChanged;
import dev.lakehouse.operator.kube.StatusRecorder;
import dev.lakehouse.operator.kube.WithoutManagedFields;
import dev.lakehouse.operator.kube.WorkspaceGate;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reconciles a Warehouse: observe (its Workspace, its fleet of Clusters, its gateway, the SQL load
 * of each cluster), compute (checks, the autoscaler's decision, desired children, status), apply
 * (the child set: gateway children and clusters; a drained cluster is pruned), record (status,
 * {@code spec.clusters} through the scale subresource, events).
 */
@ControllerConfiguration(
    name = "warehouse",
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
public class WarehouseReconciler implements Reconciler<Warehouse> {
  /** The kinds of a Warehouse's children: owned ones no longer desired are pruned. */
  static final List<Class<? extends HasMetadata>> CHILD_KINDS =
      List.of(
          Cluster.class,
          ServiceAccount.class,
          RoleBinding.class,
          Deployment.class,
          Service.class,
          NetworkPolicy.class);

  private final ChildSets children;
  private final StatusRecorder statuses;
  private final ReconcileErrors errors;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final RuntimeVersions runtimes;
  private final WarehouseAutoscaling autoscaling;
  private final OperatorSettings settings;
  private final Clock clock;

  public WarehouseReconciler(
      ChildSets children,
      StatusRecorder statuses,
      ReconcileErrors errors,
      EventRecorder events,
      OperatorMetrics metrics,
      RuntimeVersions runtimes,
      WarehouseAutoscaling autoscaling,
      OperatorSettings settings,
      Clock clock) {
    this.children = children;
    this.statuses = statuses;
    this.errors = errors;
    this.events = events;
    this.metrics = metrics;
    this.runtimes = runtimes;
    this.autoscaling = autoscaling;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Warehouse>> prepareEventSources(
      EventSourceContext<Warehouse> context) {
    metrics.phaseSource(
        "Warehouse",
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(w -> w.getStatus() == null ? null : w.getStatus().phase));
    List<EventSource<?, Warehouse>> sources = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : CHILD_KINDS) {
      sources.add(
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(kind, Warehouse.class)
                  .withName("warehouse-" + kind.getSimpleName().toLowerCase())
                  .withLabelSelector(
                      Shard.narrow(Labels.MANAGED_SELECTOR + "," + Labels.WAREHOUSE, context))
                  .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Warehouse.class, false))
                  .withItemStore(new WithoutManagedFields<>())
                  .build(),
              context));
    }
    sources.add(WorkspaceGate.eventSource(Warehouse.class, context));
    return sources;
  }

  @Override
  public UpdateControl<Warehouse> reconcile(Warehouse warehouse, Context<Warehouse> context) {
    Instant now = clock.instant();
    WarehouseStatus previous =
        Optional.ofNullable(warehouse.getStatus()).orElseGet(WarehouseStatus::new);
    WorkspaceGate.Passage gate = WorkspaceGate.check(warehouse, context);
    Optional<Problem> problem =
        gate.workspace().flatMap(w -> WarehouseChecks.check(warehouse, w, runtimes));
    List<FleetMember> members =
        WarehouseFleet.observe(context.getSecondaryResources(Cluster.class));
    Optional<Deployment> gateway =
        context.getSecondaryResources(Deployment.class).stream()
            .filter(
                d -> d.getMetadata().getName().equals(WarehouseResources.gatewayName(warehouse)))
            .findFirst();
    boolean stoppedByUser = warehouse.getSpec().state == State.Stopped;
    Optional<Instant> wake = WarehouseWake.pending(warehouse);
    boolean runnable = problem.isEmpty() && gate.open();

    int desired = (int) members.stream().filter(WarehouseAutoscaling::takesConnections).count();
    Map<String, SqlLoad> loads = Map.of();
    ClusterAutoscalerStatus autoscalerStatus = stoppedByUser ? null : previous.autoscaler;
    String lastWakeTime = previous.lastWakeTime;
    Instant activity = activityFloor(warehouse, previous);
    boolean waking = false;
    Duration again = null;
    if (runnable) {
      List<String> drain = List.of();
      if (stoppedByUser) {
        desired = 0;
      } else {
        WarehouseAutoscaling.Outcome outcome =
            autoscaling.evaluate(warehouse, members, wake, activity);
        desired = outcome.desiredClusters();
        drain = outcome.drain();
        loads = outcome.loads();
        autoscalerStatus = outcome.status();
        waking = wake.isPresent() && members.stream().noneMatch(FleetMember::routable);
        if (wake.isPresent() && desired > 0) {
          lastWakeTime = wake.get().toString();
        }
        again = WarehouseAutoscaling.EVALUATION_PERIOD;
      }
      String workspace = gate.workspace().orElseThrow().getMetadata().getName();
      apply(warehouse, context, workspace, members, desired, drain, loads, stoppedByUser, now);
    }
    Instant lastQuery =
        Stream.concat(
                loads.values().stream().map(l -> Instant.ofEpochMilli(l.lastActivityMs())),
                wake.stream())
            .max(Instant::compareTo)
            .orElse(null);
    WarehouseObservation observation =
        new WarehouseObservation(
            problem,
            gate.problem(),
            stoppedByUser,
            desired,
            members,
            loads,
            gateway,
            lastQuery,
            lastWakeTime,
            autoscalerStatus,
            waking);
    statuses.record(
        warehouse, WarehouseStatusCalculator.compute(warehouse, observation, now), context);
    if (runnable) {
      // After the status: its write carries the resourceVersion read, which this patch would make
      // stale (a conflict, a read and a second write).
      recordScale(warehouse, desired);
    }
    if (again == null || (desired == 0 && members.isEmpty())) {
      // Stopped: the gateway's wake annotation, a spec change or the Workspace starts it again.
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<Warehouse>noUpdate().rescheduleAfter(again);
  }

  @Override
  public ErrorStatusUpdateControl<Warehouse> updateErrorStatus(
      Warehouse warehouse, Context<Warehouse> context, Exception e) {
    return errors.record(warehouse, context, e, WarehouseStatus::new);
  }

  /**
   * Applies the gateway and the fleet. Clusters that take connections are kept up to {@code
   * desired}, new ones taking the smallest free numbers; a cluster the autoscaler named drains
   * (annotated, so the gateway sends it nothing new) until its sessions end or the drain timeout
   * passes, and is then pruned. A stop by {@code spec.state} prunes every cluster at once.
   */
  private void apply(
      Warehouse warehouse,
      Context<Warehouse> context,
      String workspace,
      List<FleetMember> members,
      int desired,
      List<String> drain,
      Map<String, SqlLoad> loads,
      boolean stoppedByUser,
      Instant now) {
    ChildSet set = children.of(warehouse, context, CHILD_KINDS);
    String image =
        settings.engine().imageRepository()
            + ":"
            + runtimes.resolve(warehouse.getSpec().runtimeVersion).name();
    for (HasMetadata child :
        WarehouseResources.build(
            warehouse, workspace, image, settings.engine().imagePullPolicy())) {
      set.apply(child);
    }
    Set<String> drained = new HashSet<>();
    if (!stoppedByUser) {
      Set<String> named = new HashSet<>(drain);
      int taking = 0;
      for (FleetMember member : members) {
        if (member.deleting()) {
          set.keep(member.cluster());
        } else if (member.draining() || named.contains(member.name())) {
          Instant since = member.drainingSince().orElse(now);
          if (drainedOut(member, loads.get(member.name()), since, now)) {
            drained.add(member.name());
          } else {
            if (!member.draining()) {
              events.normal(
                  warehouse,
                  EventReason.Draining,
                  "cluster "
                      + member.name()
                      + " drains: no new connections; it is deleted when its sessions end, at the "
                      + "latest in "
                      + settings.warehouse().drainTimeout().toMinutes()
                      + " min");
            }
            set.apply(WarehouseFleet.member(warehouse, workspace, member.name(), since));
          }
        } else {
          taking++;
          set.apply(WarehouseFleet.member(warehouse, workspace, member.name(), null));
        }
      }
      for (String name : WarehouseFleet.newNames(warehouse, members, desired - taking)) {
        set.apply(WarehouseFleet.member(warehouse, workspace, name, null));
      }
    }
    for (HasMetadata pruned : set.prune()) {
      if (pruned instanceof Cluster && drained.contains(pruned.getMetadata().getName())) {
        events.normal(
            warehouse,
            EventReason.Drained,
            "cluster " + pruned.getMetadata().getName() + " drained and deleted");
      }
    }
  }

  /**
   * A draining cluster may go once nothing is left on it: not ready (nothing to drain), no session
   * open, or its drain timeout passed.
   */
  private boolean drainedOut(FleetMember member, SqlLoad load, Instant since, Instant now) {
    return !member.ready()
        || (load != null && load.sessions() == 0 && load.running() == 0)
        || !now.isBefore(since.plus(settings.warehouse().drainTimeout()));
  }

  /**
   * {@code spec.clusters} is the Warehouse's scale subresource and the operator's to set: written
   * when the decision differs from it, so kubectl and HPA-style tools see the size.
   */
  private void recordScale(Warehouse warehouse, int desired) {
    // Admission allows 0 or a value within the bounds; the fleet may pass them for a moment.
    int min = Optional.ofNullable(warehouse.getSpec().minClusters).orElse(1);
    int max = Math.max(min, Optional.ofNullable(warehouse.getSpec().maxClusters).orElse(min));
    int clusters = desired == 0 ? 0 : Math.max(min, Math.min(max, desired));
    if (!Objects.equals(warehouse.getSpec().clusters, clusters)) {
      children.mergePatch(warehouse, Map.of("spec", Map.of("clusters", clusters)));
    }
  }

  /** The latest activity recorded: a query, a handled wake, or the Warehouse's creation. */
  private static Instant activityFloor(Warehouse warehouse, WarehouseStatus previous) {
    return Stream.of(
            previous.lastQueryTime,
            previous.lastWakeTime,
            warehouse.getMetadata().getCreationTimestamp())
        .map(WarehouseWake::parse)
        .flatMap(Optional::stream)
        .max(Instant::compareTo)
        .orElse(Instant.EPOCH);
  }
}
