package dev.lakehouse.operator.workspace;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.api.v1alpha1.WorkspaceSpec;
import dev.lakehouse.api.v1alpha1.WorkspaceStatus;
import dev.lakehouse.operator.config.OperatorServiceAccount;
import dev.lakehouse.operator.kube.ChildSet;
import dev.lakehouse.operator.kube.ChildSets;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Observed;
import dev.lakehouse.operator.kube.ReconcileErrors;
import dev.lakehouse.operator.kube.Shard;
import dev.lakehouse.operator.kube.StatusRecorder;
import dev.lakehouse.operator.kube.WithoutManagedFields;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles a Workspace: its namespace and what lives there for its engines (the child set), the
 * resolution of its catalogs and storage against the keys of its namespace's Secrets ({@link
 * SecretKeys}, watched, so a Secret created or changed reconciles the Workspace at once), and the
 * engine counts in its status. Deletion follows spec.deletionPolicy (see {@link #cleanup}).
 */
@ControllerConfiguration(
    name = "workspace",
    informer = @Informer(itemStore = WithoutManagedFields.class))
@GradualRetry(
    maxAttempts = -1,
    initialInterval = 1_000,
    intervalMultiplier = 2,
    maxInterval = 300_000)
public class WorkspaceReconciler implements Reconciler<Workspace>, Cleaner<Workspace> {
  static final List<Class<? extends HasMetadata>> CHILD_KINDS =
      List.of(
          Namespace.class,
          ServiceAccount.class,
          RoleBinding.class,
          ResourceQuota.class,
          LimitRange.class,
          NetworkPolicy.class);

  /**
   * The kinds pruned when no longer desired: never the namespace, which goes with the Workspace.
   */
  static final List<Class<? extends HasMetadata>> PRUNED_KINDS =
      CHILD_KINDS.stream().filter(k -> k != Namespace.class).toList();

  /**
   * A safety net while catalogs or storage do not resolve: a Secret event reconciles the Workspace
   * at once, this only covers an event that could not be had (a namespace's informer retrying).
   */
  static final long RECHECK_WHILE_UNRESOLVED_MS = 30_000;

  /** While a Secret cannot be read yet (the namespace's RoleBinding is not in force yet): soon. */
  static final long RECHECK_WHILE_SECRETS_UNKNOWN_MS = 2_000;

  /** The event source of Secret changes in Workspace namespaces. */
  static final String SECRET_EVENTS = "secrets";

  private final ChildSets children;
  private final StatusRecorder statuses;
  private final ReconcileErrors errors;
  private final OperatorServiceAccount operator;
  private final SecretKeys secretKeys;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public WorkspaceReconciler(
      ChildSets children,
      StatusRecorder statuses,
      ReconcileErrors errors,
      EventRecorder events,
      OperatorMetrics metrics,
      OperatorServiceAccount operator,
      SecretKeys secretKeys,
      Clock clock) {
    this.children = children;
    this.statuses = statuses;
    this.errors = errors;
    this.operator = operator;
    this.secretKeys = secretKeys;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Workspace>> prepareEventSources(
      EventSourceContext<Workspace> context) {
    metrics.phaseSource(
        "Workspace",
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(w -> w.getStatus() == null ? null : w.getStatus().phase));
    List<EventSource<?, Workspace>> sources = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : CHILD_KINDS) {
      sources.add(childInformer(kind, context));
    }
    for (Class<? extends HasMetadata> kind : List.of(Cluster.class, Warehouse.class, Job.class)) {
      sources.add(engineInformer(kind, context));
    }
    sources.add(secretEvents(context));
    return sources;
  }

  /**
   * A change of a Secret that a Workspace references, in its namespace, reconciles that Workspace.
   */
  private SimpleInboundEventSource<Workspace> secretEvents(EventSourceContext<Workspace> context) {
    SimpleInboundEventSource<Workspace> source = new SimpleInboundEventSource<>(SECRET_EVENTS);
    secretKeys.onChange(
        (namespace, name) ->
            Workspaces.owning(namespace, context.getPrimaryCache().list().toList())
                .filter(w -> WorkspaceChecks.secretNames(w).contains(name))
                .ifPresent(w -> source.propagateEvent(ResourceID.fromResource(w))));
    return source;
  }

  private static <R extends HasMetadata> InformerEventSource<R, Workspace> childInformer(
      Class<R> kind, EventSourceContext<Workspace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Workspace.class)
            .withLabelSelector(
                Shard.narrow(Labels.MANAGED_SELECTOR + "," + Labels.WORKSPACE, context))
            .withSecondaryToPrimaryMapper(
                child ->
                    Set.of(new ResourceID(child.getMetadata().getLabels().get(Labels.WORKSPACE))))
            .withItemStore(new WithoutManagedFields<>())
            .build(),
        context);
  }

  /** Engines in a Workspace's namespace count towards its status and gate its deletion. */
  private static <R extends HasMetadata> InformerEventSource<R, Workspace> engineInformer(
      Class<R> kind, EventSourceContext<Workspace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Workspace.class)
            .withLabelSelector(Shard.narrow(null, context))
            .withSecondaryToPrimaryMapper(
                engine ->
                    Workspaces.owning(
                            engine.getMetadata().getNamespace(),
                            context.getPrimaryCache().list().toList())
                        .map(w -> Set.of(ResourceID.fromResource(w)))
                        .orElse(Set.of()))
            .withPrimaryToSecondaryMapper((Workspace w) -> Set.of())
            .withItemStore(new WithoutManagedFields<>())
            .build(),
        context);
  }

  @Override
  public UpdateControl<Workspace> reconcile(Workspace workspace, Context<Workspace> context) {
    List<HasMetadata> desired = WorkspaceResources.build(workspace, operator);
    ChildSet set = children.of(workspace, context, PRUNED_KINDS);
    desired.forEach(set::apply);
    set.prune();

    SecretKeys.Reading secrets = secretKeys.reading();
    Resolution catalogs = WorkspaceChecks.catalogs(workspace, secrets);
    Resolution storage = WorkspaceChecks.storage(workspace, secrets);
    if (!secrets.complete()) {
      // Not known is neither missing nor present: report nothing yet, and look again shortly.
      return UpdateControl.<Workspace>noUpdate().rescheduleAfter(RECHECK_WHILE_SECRETS_UNKNOWN_MS);
    }
    String namespace = Workspaces.namespaceOf(workspace);
    WorkspaceObservation seen =
        new WorkspaceObservation(
            namespaceActive(context, namespace),
            quotaCounted(set, desired),
            catalogs,
            storage,
            count(context, Cluster.class, namespace),
            count(context, Job.class, namespace),
            count(context, Warehouse.class, namespace));
    WorkspaceStatus status = WorkspaceStatusCalculator.compute(workspace, seen, clock.instant());
    reportTransitions(workspace, seen);
    statuses.record(workspace, status, context);
    boolean resolved = seen.catalogs().resolved() && seen.storage().resolved();
    return resolved
        ? UpdateControl.noUpdate()
        : UpdateControl.<Workspace>noUpdate().rescheduleAfter(RECHECK_WHILE_UNRESOLVED_MS);
  }

  @Override
  public ErrorStatusUpdateControl<Workspace> updateErrorStatus(
      Workspace workspace, Context<Workspace> context, Exception e) {
    return errors.record(workspace, context, e, WorkspaceStatus::new);
  }

  private static boolean namespaceActive(Context<Workspace> context, String namespace) {
    return context.getSecondaryResources(Namespace.class).stream()
        .anyMatch(
            n ->
                n.getMetadata().getName().equals(namespace)
                    && n.getStatus() != null
                    && "Active".equals(n.getStatus().getPhase()));
  }

  /**
   * Whether the quota controller has counted every resource of the Workspace's quota: it lists new
   * resources (clusters.lakehouse.dev) only every 30 s, and until {@code status.used} carries one
   * the API server refuses to create it ("status unknown for quota").
   */
  private static boolean quotaCounted(ChildSet set, List<HasMetadata> desired) {
    return desired.stream()
        .filter(ResourceQuota.class::isInstance)
        .map(ResourceQuota.class::cast)
        .allMatch(
            quota ->
                set.observed(quota)
                    .map(ResourceQuota.class::cast)
                    .map(q -> q.getStatus() == null ? null : q.getStatus().getUsed())
                    .map(used -> used.keySet().containsAll(quota.getSpec().getHard().keySet()))
                    .orElse(false));
  }

  /** Catalogs and storage told as events when they stop or start resolving. */
  private void reportTransitions(Workspace workspace, WorkspaceObservation seen) {
    List<dev.lakehouse.api.v1alpha1.Condition> previous =
        workspace.getStatus() == null ? null : workspace.getStatus().conditions;
    report(
        workspace,
        previous,
        ConditionType.CatalogsResolved,
        EventReason.CatalogsResolved,
        seen.catalogs());
    report(
        workspace,
        previous,
        ConditionType.StorageResolved,
        EventReason.StorageResolved,
        seen.storage());
  }

  private void report(
      Workspace workspace,
      List<dev.lakehouse.api.v1alpha1.Condition> previous,
      ConditionType type,
      EventReason resolvedReason,
      Resolution now) {
    var before = Conditions.find(previous, type);
    boolean changed =
        before.isEmpty()
            || !before.get().reason.equals(now.reason().name())
            || !before.get().message.equals(now.message());
    if (!changed) {
      return;
    }
    if (!now.resolved()) {
      events.warning(
          workspace,
          now.reason() == Reason.SecretKeyNotFound
              ? EventReason.SecretKeyNotFound
              : now.reason() == Reason.SecretNotFound
                  ? EventReason.SecretNotFound
                  : EventReason.InvalidSpec,
          now.message());
    } else if (before.isPresent()) {
      events.normal(workspace, resolvedReason, now.message());
    }
  }

  private static int count(
      Context<Workspace> context, Class<? extends HasMetadata> kind, String namespace) {
    return Observed.inNamespace(context, kind, namespace).size();
  }

  /**
   * With deletionPolicy Refuse, the Workspace (and with it its namespace) goes only once no engine
   * in it still runs ({@link WorkspaceDeletion}); meanwhile its status says which engines hold it.
   * With StopEngines, the engines are deleted first.
   */
  @Override
  public DeleteControl cleanup(Workspace workspace, Context<Workspace> context) {
    String namespace = Workspaces.namespaceOf(workspace);
    List<HasMetadata> engines =
        Stream.of(Cluster.class, Warehouse.class)
            .flatMap(kind -> Observed.inNamespace(context, kind, namespace).stream())
            .toList();
    if (engines.isEmpty()) {
      return gone(namespace);
    }
    WorkspaceSpec.DeletionPolicy policy =
        workspace.getSpec() == null || workspace.getSpec().deletionPolicy == null
            ? WorkspaceSpec.DeletionPolicy.Refuse
            : workspace.getSpec().deletionPolicy;
    if (policy == WorkspaceSpec.DeletionPolicy.StopEngines) {
      engines.stream()
          .filter(e -> e.getMetadata().getDeletionTimestamp() == null)
          .forEach(children::delete);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(2_000);
    }
    List<HasMetadata> running = WorkspaceDeletion.blocking(engines);
    if (running.isEmpty()) {
      return gone(namespace);
    }
    String names =
        running.stream()
            .map(e -> e.getKind() + " " + e.getMetadata().getName())
            .collect(Collectors.joining(", "));
    String message =
        "deletion is waiting: "
            + running.size()
            + " engine(s) still run in namespace "
            + namespace
            + " ("
            + names
            + "); stop or delete them, or set spec.deletionPolicy: StopEngines";
    WorkspaceStatus status =
        Optional.ofNullable(workspace.getStatus()).orElseGet(WorkspaceStatus::new);
    WorkspaceStatus blocked = new WorkspaceStatus();
    blocked.observedGeneration = status.observedGeneration;
    blocked.namespace = status.namespace;
    blocked.clusters = status.clusters;
    blocked.jobs = status.jobs;
    blocked.warehouses = status.warehouses;
    blocked.phase = "Terminating";
    blocked.conditions =
        new Conditions(status.conditions, workspace.getMetadata().getGeneration(), clock.instant())
            .carryOver()
            .set(ConditionType.Ready, false, Reason.DeletionBlocked, message)
            .progressing(true, Reason.DeletionBlocked, message)
            .build();
    if (StatusRecorder.differs(workspace.getStatus(), blocked)) {
      events.warning(workspace, EventReason.DeletionBlocked, message);
      statuses.record(workspace, blocked, context);
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(15_000);
  }

  /** The Workspace goes: its namespace's Secrets are no longer watched. */
  private DeleteControl gone(String namespace) {
    secretKeys.forget(namespace);
    return DeleteControl.defaultDelete();
  }
}
