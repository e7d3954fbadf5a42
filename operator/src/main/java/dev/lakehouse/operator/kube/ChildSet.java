package dev.lakehouse.operator.kube;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.RecentOperationCacheFiller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The children of one owner in one reconcile: applied with server-side apply under the operator's
 * field manager, repaired when their live state drifted from what the operator owns, and pruned
 * when owned but no longer wanted.
 *
 * <p>Fast path: a child whose applied-hash annotation matches the desired state and whose live
 * fields match the desired ones ({@link Drift}) is not written, so an idle resync makes no request.
 * What it writes is put into the informer's cache at once (read-your-writes), and the informer's
 * echo of that write starts no second reconcile.
 */
public final class ChildSet {
  /** The hash of the desired state a child was applied from. */
  public static final String APPLIED_HASH = "lakehouse.dev/applied-hash";

  private static final Logger LOG = Logger.getLogger(ChildSet.class);

  /** What {@link #apply} did. */
  public enum Outcome {
    /** The live child already was the desired one: nothing written. */
    UNCHANGED,
    /** The child did not exist (or was deleted) and was created. */
    CREATED,
    /** The desired state changed and was applied. */
    CHANGED,
    /** The desired state did not change, but the live child drifted and was put back. */
    REPAIRED
  }

  private final KubernetesClient client;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final HasMetadata owner;
  private final Context<?> context;
  private final List<Class<? extends HasMetadata>> kinds;
  private final Set<String> wanted = new HashSet<>();

  ChildSet(
      KubernetesClient client,
      OperatorMetrics metrics,
      EventRecorder events,
      HasMetadata owner,
      Context<?> context,
      List<Class<? extends HasMetadata>> kinds) {
    this.client = client;
    this.metrics = metrics;
    this.events = events;
    this.owner = owner;
    this.context = context;
    this.kinds = List.copyOf(kinds);
  }

  /** The child of the same kind, namespace and name as {@code desired} in the informer cache. */
  public Optional<HasMetadata> observed(HasMetadata desired) {
    return Observed.find(context, desired);
  }

  /**
   * Applies {@code desired} unless the live child already matches it. A refused write is an {@link
   * ApplyFailure} that names the child and carries the API server's answer.
   */
  public Outcome apply(HasMetadata desired) {
    wanted.add(key(desired));
    inShard(desired);
    String hash = Hashes.ofObject(desired);
    Map<String, String> annotations =
        new HashMap<>(Optional.ofNullable(desired.getMetadata().getAnnotations()).orElse(Map.of()));
    annotations.put(APPLIED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);

    Optional<HasMetadata> observed = observed(desired);
    boolean sameDesire =
        observed
            .map(o -> o.getMetadata().getAnnotations())
            .map(a -> hash.equals(a.get(APPLIED_HASH)))
            .orElse(false);
    Optional<String> drift = sameDesire ? Drift.find(desired, observed.get()) : Optional.empty();
    if (sameDesire && drift.isEmpty()) {
      return Outcome.UNCHANGED;
    }
    HasMetadata applied;
    try {
      applied =
          client
              .resource(desired)
              .fieldManager(ChildSets.FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply();
    } catch (KubernetesClientException e) {
      throw new ApplyFailure(desired, e);
    } finally {
      metrics.apiWrite(desired.getKind(), "apply");
    }
    remember(applied, observed);
    if (observed.isEmpty()) {
      return Outcome.CREATED;
    }
    if (drift.isPresent()) {
      String what = desired.getKind() + " " + desired.getMetadata().getName();
      LOG.infof(
          "%s of %s %s drifted at %s: put back",
          what, owner.getKind(), owner.getMetadata().getName(), drift.get());
      events.normal(
          owner,
          EventReason.DriftRepaired,
          what + ": " + drift.get() + " was changed outside the operator and was put back",
          what + ":" + drift.get());
      return Outcome.REPAIRED;
    }
    return Outcome.CHANGED;
  }

  /**
   * Creates {@code desired} unless a child of its kind and name exists, and never changes it
   * afterwards: for children that are records once made (a task attempt's batch Job, whose pod
   * template cannot change). Returns whether it created.
   */
  public boolean createOnce(HasMetadata desired) {
    wanted.add(key(desired));
    inShard(desired);
    if (observed(desired).isPresent()) {
      return false;
    }
    HasMetadata created;
    try {
      created = client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false; // made by an earlier reconcile that the informer has not shown yet
      }
      throw new ApplyFailure(desired, e);
    } finally {
      metrics.apiWrite(desired.getKind(), "create");
    }
    remember(created, Optional.empty());
    return true;
  }

  /** Keeps an owned child that is no longer desired from being pruned in this reconcile. */
  public void keep(HasMetadata observed) {
    wanted.add(key(observed));
  }

  /**
   * Deletes the children of the managed kinds that the owner controls and that this reconcile
   * neither applied nor kept. Call it only after every desired child was applied: a reconcile that
   * could not compute its children must not prune.
   *
   * @return the children deleted
   */
  public List<HasMetadata> prune() {
    List<HasMetadata> pruned = new ArrayList<>();
    String uid = owner.getMetadata().getUid();
    for (Class<? extends HasMetadata> kind : kinds) {
      for (HasMetadata child : Observed.all(context, kind)) {
        boolean controlled =
            child.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController()));
        if (controlled
            && child.getMetadata().getDeletionTimestamp() == null
            && !wanted.contains(key(child))) {
          client.resource(child).delete();
          metrics.apiWrite(child.getKind(), "delete");
          pruned.add(child);
          events.normal(
              owner,
              EventReason.Pruned,
              child.getKind()
                  + " "
                  + child.getMetadata().getName()
                  + " is no longer part of the spec and was deleted",
              child.getKind() + ":" + child.getMetadata().getName());
        }
      }
    }
    return pruned;
  }

  /**
   * Puts the child in its owner's shard ({@link Shard}): the label is part of the desired state
   * (and of its hash), on the child's own metadata only, never in a pod template, so moving an
   * owner to another shard relabels its children without restarting anything.
   */
  private void inShard(HasMetadata desired) {
    desired.getMetadata().setLabels(Shard.inherit(owner, desired.getMetadata().getLabels()));
  }

  /** Puts what was written into the informer's cache, so the next reconcile reads it. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void remember(HasMetadata applied, Optional<HasMetadata> observed) {
    RecentOperationCacheFiller<HasMetadata> cache;
    try {
      cache =
          (RecentOperationCacheFiller<HasMetadata>)
              context.eventSourceRetriever().getEventSourceFor((Class) applied.getClass());
    } catch (RuntimeException e) {
      return; // no single informer of this kind: the informer's own event will bring it
    }
    ResourceID ownerId = ResourceID.fromResource(owner);
    if (observed.isPresent()) {
      cache.handleRecentResourceUpdate(ownerId, applied, observed.get());
    } else {
      cache.handleRecentResourceCreate(ownerId, applied);
    }
  }

  private static String key(HasMetadata object) {
    return object.getKind()
        + "/"
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }
}
