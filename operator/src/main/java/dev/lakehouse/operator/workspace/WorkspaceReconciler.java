package dev.lakehouse.operator.workspace;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.api.v1alpha1.WorkspaceSpec;
import dev.lakehouse.api.v1alpha1.WorkspaceStatus;
import dev.lakehouse.operator.config.OperatorNamespace;
import dev.lakehouse.operator.kube.ChildApplier;
import dev.lakehouse.operator.kube.Conditions;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Observed;
import dev.lakehouse.operator.kube.StatusComparison;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles a Workspace: its namespace and what lives there for its engines, the resolution of its
 * catalogs and storage, and the engine counts in its status. Deletion follows spec.deletionPolicy
 * (see {@link #cleanup}).
 */
@ControllerConfiguration(name = "workspace")
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
   * Children that come and go with the spec (a group list emptied, a quota removed) and are pruned.
   */
  static final List<Class<? extends HasMetadata>> PRUNED_KINDS =
      List.of(RoleBinding.class, ResourceQuota.class, NetworkPolicy.class);

  static final long RECHECK_WHILE_UNRESOLVED_MS = 30_000;

  private final KubernetesClient client;
  private final ChildApplier applier;
  private final OperatorNamespace operatorNamespace;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public WorkspaceReconciler(
      KubernetesClient client,
      ChildApplier applier,
      EventRecorder events,
      OperatorMetrics metrics,
      OperatorNamespace operatorNamespace,
      Clock clock) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
    this.applier = applier;
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
    return sources;
  }

  private static <R extends HasMetadata> InformerEventSource<R, Workspace> childInformer(
      Class<R> kind, EventSourceContext<Workspace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Workspace.class)
            .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.WORKSPACE)
            .withSecondaryToPrimaryMapper(
                child ->
                    Set.of(new ResourceID(child.getMetadata().getLabels().get(Labels.WORKSPACE))))
            .build(),
        context);
  }

  /** Engines in a Workspace's namespace count towards its status and gate its deletion. */
  private static <R extends HasMetadata> InformerEventSource<R, Workspace> engineInformer(
      Class<R> kind, EventSourceContext<Workspace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, Workspace.class)
            .withSecondaryToPrimaryMapper(
                engine ->
                    Workspaces.owning(
                            engine.getMetadata().getNamespace(),
                            context.getPrimaryCache().list().toList())
                        .map(w -> Set.of(ResourceID.fromResource(w)))
                        .orElse(Set.of()))
            .withPrimaryToSecondaryMapper((Workspace w) -> Set.of())
            .build(),
        context);
  }

  @Override
  public UpdateControl<Workspace> reconcile(Workspace workspace, Context<Workspace> context) {
    List<HasMetadata> desired = WorkspaceResources.build(workspace, operatorNamespace.name());
    for (HasMetadata child : desired) {
      applier.apply(child, Observed.find(context, child));
    }
    prune(workspace, desired, context);

    SecretLookup secrets = this::secretKeys;
    Resolution catalogs = WorkspaceChecks.catalogs(workspace, secrets);
    Resolution storage = WorkspaceChecks.storage(workspace, secrets);
    WorkspaceStatus status = status(workspace, context, desired, catalogs, storage);

    boolean ready = catalogs.resolved() && storage.resolved();
    UpdateControl<Workspace> control;
    if (StatusComparison.differs(workspace.getStatus(), status)) {
      reportTransitions(workspace, catalogs, storage);
      workspace.setStatus(status);
      control = UpdateControl.patchStatus(workspace);
    } else {
      control = UpdateControl.noUpdate();
    }
    // Secrets are not watched (that would mean caching every Secret); while they are missing, look
    // again soon.
    return ready ? control : control.rescheduleAfter(RECHECK_WHILE_UNRESOLVED_MS);
  }

  private void prune(Workspace workspace, List<HasMetadata> desired, Context<Workspace> context) {
    String name = workspace.getMetadata().getName();
    for (Class<? extends HasMetadata> kind : PRUNED_KINDS) {
      for (HasMetadata observed : Observed.all(context, kind)) {
        boolean ours = name.equals(observed.getMetadata().getLabels().get(Labels.WORKSPACE));
        boolean wanted =
            desired.stream()
                .anyMatch(
                    d ->
                        d.getKind().equals(observed.getKind())
                            && d.getMetadata().getName().equals(observed.getMetadata().getName()));
        if (ours && !wanted) {
          applier.delete(observed);
        }
      }
    }
  }

  private WorkspaceStatus status(
      Workspace workspace,
      Context<Workspace> context,
      List<HasMetadata> desired,
      Resolution catalogs,
      Resolution storage) {
    WorkspaceStatus previous =
        Optional.ofNullable(workspace.getStatus()).orElseGet(WorkspaceStatus::new);
    String namespace = Workspaces.namespaceOf(workspace);
    boolean namespaceActive =
        context.getSecondaryResources(Namespace.class).stream()
            .anyMatch(
                n ->
                    n.getMetadata().getName().equals(namespace)
                        && n.getStatus() != null
                        && "Active".equals(n.getStatus().getPhase()));
    boolean quotaCounted = quotaCounted(desired, context);
    boolean ready = namespaceActive && quotaCounted && catalogs.resolved() && storage.resolved();
    String readyMessage =
        !namespaceActive
            ? "waiting for namespace " + namespace
            : !quotaCounted
                ? "waiting for the quota controller to count ResourceQuota lakehouse-quota (until then the "
                    + "API server refuses new engines in "
                    + namespace
                    + ")"
                : ready
                    ? "namespace " + namespace + " is ready for engines"
                    : "engines cannot attach until the catalogs and storage resolve: see CatalogsResolved and StorageResolved";
    WorkspaceStatus status = new WorkspaceStatus();
    status.observedGeneration = workspace.getMetadata().getGeneration();
    status.namespace = namespace;
    status.clusters = count(context, Cluster.class, namespace);
    status.jobs = count(context, Job.class, namespace);
    status.warehouses = count(context, Warehouse.class, namespace);
    status.phase =
        ready ? "Ready" : (!catalogs.resolved() || !storage.resolved()) ? "Error" : "Pending";
    status.conditions =
        new Conditions(
                previous.conditions, workspace.getMetadata().getGeneration(), clock.instant())
            .set(
                "Ready",
                ready,
                ready
                    ? "Ready"
                    : !namespaceActive
                        ? "NamespacePending"
                        : !quotaCounted ? "QuotaPending" : "Unresolved",
                readyMessage)
            .set("CatalogsResolved", catalogs.resolved(), catalogs.reason(), catalogs.message())
            .set("StorageResolved", storage.resolved(), storage.reason(), storage.message())
            .build();
    return status;
  }

  /**
   * A new ResourceQuota is enforced only once the quota controller has counted it; until then the
   * API server refuses to create what it counts, so the Workspace is not ready for engines.
   */
  private static boolean quotaCounted(List<HasMetadata> desired, Context<Workspace> context) {
    return desired.stream()
        .filter(ResourceQuota.class::isInstance)
        .map(ResourceQuota.class::cast)
        .allMatch(
            quota ->
                context.getSecondaryResources(ResourceQuota.class).stream()
                    .filter(o -> o.getMetadata().getName().equals(quota.getMetadata().getName()))
                    .anyMatch(
                        o ->
                            o.getStatus() != null
                                && o.getStatus().getHard() != null
                                && o.getStatus()
                                    .getHard()
                                    .keySet()
                                    .equals(quota.getSpec().getHard().keySet())));
  }

  private void reportTransitions(Workspace workspace, Resolution catalogs, Resolution storage) {
    List<?> previous = workspace.getStatus() == null ? List.of() : workspace.getStatus().conditions;
    for (Map.Entry<String, Resolution> part :
        Map.of("CatalogsResolved", catalogs, "StorageResolved", storage).entrySet()) {
      boolean wasResolved =
          Conditions.isTrue(
              workspace.getStatus() == null ? null : workspace.getStatus().conditions,
              part.getKey());
      if (!part.getValue().resolved()) {
        events.warning(workspace, part.getValue().reason(), part.getValue().message());
      } else if (!wasResolved && !previous.isEmpty()) {
        events.normal(workspace, part.getKey(), part.getValue().message());
      }
    }
  }

  private static int count(
      Context<Workspace> context, Class<? extends HasMetadata> kind, String namespace) {
    return Observed.inNamespace(context, kind, namespace).size();
  }

  private Optional<Set<String>> secretKeys(String namespace, String name) {
    var secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    return Optional.of(
        Stream.concat(
                Optional.ofNullable(secret.getData()).map(Map::keySet).orElse(Set.of()).stream(),
                Optional.ofNullable(secret.getStringData())
                    .map(Map::keySet)
                    .orElse(Set.of())
                    .stream())
            .collect(Collectors.toSet()));
  }

  /**
   * Deleting a Workspace: with deletionPolicy Refuse, it waits while Clusters or Warehouses of its
   * namespace still run, saying which in its Ready condition; with StopEngines, it deletes them
   * first. Then the namespace goes with the Workspace through its owner reference.
   */
  @Override
  public DeleteControl cleanup(Workspace workspace, Context<Workspace> context) {
    String namespace = Workspaces.namespaceOf(workspace);
    List<HasMetadata> engines =
        Stream.of(Cluster.class, Warehouse.class)
            .flatMap(kind -> Observed.inNamespace(context, kind, namespace).stream())
            .toList();
    if (engines.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    WorkspaceSpec.DeletionPolicy policy =
        workspace.getSpec() == null || workspace.getSpec().deletionPolicy == null
            ? WorkspaceSpec.DeletionPolicy.Refuse
            : workspace.getSpec().deletionPolicy;
    if (policy == WorkspaceSpec.DeletionPolicy.StopEngines) {
      engines.stream()
          .filter(e -> e.getMetadata().getDeletionTimestamp() == null)
          .forEach(applier::delete);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(2_000);
    }
    List<HasMetadata> running = engines.stream().filter(WorkspaceReconciler::runs).toList();
    if (running.isEmpty()) {
      return DeleteControl.defaultDelete();
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
    Conditions conditions =
        new Conditions(status.conditions, workspace.getMetadata().getGeneration(), clock.instant());
    status.conditions.stream()
        .filter(c -> !"Ready".equals(c.type))
        .forEach(
            c -> conditions.set(c.type, Conditions.TRUE.equals(c.status), c.reason, c.message));
    blocked.conditions = conditions.set("Ready", false, "DeletionBlocked", message).build();
    if (StatusComparison.differs(workspace.getStatus(), blocked)) {
      events.warning(workspace, "DeletionBlocked", message);
      workspace.setStatus(blocked);
      client.resource(workspace).patchStatus();
      metrics.apiWrite("Workspace", "patchStatus");
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(15_000);
  }

  private static boolean runs(HasMetadata engine) {
    if (engine instanceof Cluster c) {
      return c.getSpec() == null || c.getSpec().state != State.Stopped;
    }
    if (engine instanceof Warehouse w) {
      return w.getSpec() == null || w.getSpec().state != State.Stopped;
    }
    return false;
  }
}
