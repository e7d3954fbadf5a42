package dev.lakehouse.operator.kube;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.workspace.Workspaces;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether an engine (a Cluster, a Job, a Warehouse) may run: only in the namespace of a Workspace
 * that is Ready, whose catalogs, storage and policy shape it. The engine kinds share this gate and
 * its informer, so a change of a Workspace reconciles every engine in its namespace.
 */
public final class WorkspaceGate {
  /** The name of the Workspace informer of an engine controller. */
  public static final String EVENT_SOURCE = "workspaces";

  private WorkspaceGate() {}

  /** Open: the engine's Workspace, Ready. Closed: why the engine waits. */
  public record Passage(Optional<Workspace> workspace, Optional<Problem> problem) {
    public boolean open() {
      return problem.isEmpty();
    }
  }

  /** The Workspace informer of an engine controller, to register in its prepareEventSources. */
  public static <P extends HasMetadata> InformerEventSource<Workspace, P> eventSource(
      Class<P> engineKind, EventSourceContext<P> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Workspace.class, engineKind)
            .withName(EVENT_SOURCE)
            // Only the shard's Workspaces: an engine runs in a Workspace of its own shard.
            .withLabelSelector(Shard.narrow(null, context))
            .withSecondaryToPrimaryMapper(
                w ->
                    context
                        .getPrimaryCache()
                        .list(Workspaces.namespaceOf(w))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper((P engine) -> Set.of())
            .withItemStore(new WithoutManagedFields<>())
            .build(),
        context);
  }

  /**
   * The gate for {@code engine}, from the Workspace informer registered by {@link #eventSource}.
   */
  @SuppressWarnings("unchecked")
  public static Passage check(HasMetadata engine, Context<?> context) {
    InformerEventSource<Workspace, ?> source =
        (InformerEventSource<Workspace, ?>)
            context.eventSourceRetriever().getEventSourceFor(Workspace.class, EVENT_SOURCE);
    String namespace = engine.getMetadata().getNamespace();
    Optional<String> shard =
        Optional.ofNullable(
            context.getControllerConfiguration().getInformerConfig().getLabelSelector());
    return check(
        namespace, engine.getKind(), Workspaces.owning(namespace, source.list().toList()), shard);
  }

  /** The gate for an engine of {@code kind} in {@code namespace}, given its Workspace if any. */
  public static Passage check(String namespace, String kind, Optional<Workspace> workspace) {
    return check(namespace, kind, workspace, Optional.empty());
  }

  /**
   * The gate for an engine of {@code kind} in {@code namespace}, given its Workspace if any among
   * those of the operator's shard ({@code shard}: its selector, when sharded).
   */
  public static Passage check(
      String namespace, String kind, Optional<Workspace> workspace, Optional<String> shard) {
    if (workspace.isEmpty()) {
      String message =
          shard.filter(s -> !s.isBlank()).isPresent()
              ? "no Workspace of this operator's shard ("
                  + shard.get()
                  + ") owns namespace "
                  + namespace
                  + "; label the "
                  + kind
                  + " with its Workspace's "
                  + Shard.LABEL
                  + " (kubectl get workspaces.lakehouse.dev -L "
                  + Shard.LABEL
                  + ")"
              : "no Workspace owns namespace "
                  + namespace
                  + "; create "
                  + kind
                  + "s in the namespace of a Workspace (kubectl get workspaces.lakehouse.dev)";
      return new Passage(
          Optional.empty(), Optional.of(new Problem(Reason.WorkspaceNotFound, message)));
    }
    Workspace w = workspace.get();
    boolean ready =
        Conditions.isTrue(
            w.getStatus() == null ? null : w.getStatus().conditions, ConditionType.Ready);
    if (!ready) {
      String name = w.getMetadata().getName();
      return new Passage(
          workspace,
          Optional.of(
              new Problem(
                  Reason.WorkspaceNotReady,
                  "Workspace "
                      + name
                      + " is not ready: see its conditions (kubectl describe workspaces.lakehouse.dev/"
                      + name
                      + ")")));
    }
    return new Passage(workspace, Optional.empty());
  }
}
