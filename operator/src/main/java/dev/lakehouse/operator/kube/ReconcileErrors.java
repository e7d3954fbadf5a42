package dev.lakehouse.operator.kube;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Condition;
import dev.lakehouse.api.v1alpha1.ReportedStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The error-status hook of every reconciler: a reconcile that failed (a child the API server
 * refused, the API server out of reach) reaches the resource's status in the same reconcile, as
 * Degraded with a reason and the API server's words, while java-operator-sdk retries with backoff.
 * What the last good reconcile recorded stays; a resource that had no status yet gets one.
 */
public class ReconcileErrors {
  private static final Logger LOG = Logger.getLogger(ReconcileErrors.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final StatusRecorder recorder;
  private final EventRecorder events;
  private final Clock clock;

  public ReconcileErrors(StatusRecorder recorder, EventRecorder events, Clock clock) {
    this.recorder = recorder;
    this.events = events;
    this.clock = clock;
  }

  /** What went wrong, for conditions and events. */
  public static Problem problemOf(Exception e) {
    if (e instanceof ApplyFailure failure) {
      return failure.problem();
    }
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof KubernetesClientException)) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplyFailure failure) {
      return failure.problem();
    }
    if (cause instanceof KubernetesClientException k) {
      String answer =
          k.getStatus() != null && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : String.valueOf(k.getMessage());
      return new Problem(Reason.ReconcileError, "a request to the API server failed: " + answer);
    }
    return new Problem(
        Reason.ReconcileError,
        "the reconcile failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  /**
   * The status after a failed reconcile: the recorded one (or a new Pending one), Degraded and
   * Reconciling with the problem, and Ready False unless something was ready before.
   */
  public static <S extends ReportedStatus> S failedStatus(
      S recorded, Supplier<S> empty, long generation, Instant now, Problem problem) {
    @SuppressWarnings("unchecked")
    S status =
        recorded == null
            ? empty.get()
            : (S) JSON.unmarshal(JSON.asJson(recorded), recorded.getClass());
    List<Condition> previous = Optional.ofNullable(status.conditions()).orElse(List.of());
    Conditions conditions = new Conditions(previous, generation, now).carryOver();
    String retrying = problem.message() + "; the operator retries with backoff";
    conditions
        .set(ConditionType.Degraded, true, problem.reason(), retrying)
        .set(ConditionType.Reconciling, true, problem.reason(), retrying);
    if (Conditions.find(previous, ConditionType.Ready).isEmpty()) {
      conditions.set(ConditionType.Ready, false, problem.reason(), retrying);
    }
    status.conditions(conditions.build());
    status.observedGeneration(generation);
    if (status.phase() == null) {
      status.phase("Pending");
    }
    return status;
  }

  /**
   * Records the failed status and tells it once per problem; java-operator-sdk goes on retrying.
   */
  public <S extends ReportedStatus, R extends CustomResource<?, S>>
      ErrorStatusUpdateControl<R> record(
          R resource, Context<R> context, Exception e, Supplier<S> empty) {
    Problem problem = problemOf(e);
    long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    S status = failedStatus(resource.getStatus(), empty, generation, clock.instant(), problem);
    try {
      if (StatusRecorder.differs(resource.getStatus(), status)) {
        events.warning(
            resource,
            problem.reason() == Reason.ApplyFailed
                ? EventReason.ApplyFailed
                : EventReason.ReconcileError,
            problem.message(),
            problem.reason().name());
        recorder.record(resource, status, context);
      }
    } catch (RuntimeException recordFailed) {
      LOG.warnf(
          "could not record the failure of %s %s/%s in its status: %s",
          resource.getKind(),
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          recordFailed.getMessage());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
