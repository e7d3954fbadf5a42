package dev.lakehouse.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.api.v1alpha1.Condition;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileErrorsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final String EARLIER = "2026-12-01T09:00:00Z";

  private static ApplyFailure quotaRefusal() {
    return new ApplyFailure(
        new ServiceBuilder().withNewMetadata().withName("etl-driver").endMetadata().build(),
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(403)
                .withMessage(
                    "services \"etl-driver\" is forbidden: exceeded quota: no-services, requested: services=1")
                .build()));
  }

  @Test
  void aRefusedChildIsApplyFailedNamingTheChildAndTheApiServersWords() {
    Problem problem = ReconcileErrors.problemOf(quotaRefusal());

    assertThat(problem.reason()).isEqualTo(Reason.ApplyFailed);
    assertThat(problem.message())
        .startsWith("the API server refused Service etl-driver (HTTP 403): ")
        .contains("exceeded quota: no-services");
  }

  @Test
  void anotherFailureIsAReconcileErrorThatSaysWhat() {
    assertThat(ReconcileErrors.problemOf(new IllegalStateException("boom")))
        .isEqualTo(
            new Problem(
                Reason.ReconcileError, "the reconcile failed: IllegalStateException: boom"));
    assertThat(
            ReconcileErrors.problemOf(
                    new RuntimeException(
                        new KubernetesClientException(
                            new StatusBuilder().withCode(500).withMessage("etcd is down").build())))
                .message())
        .isEqualTo("a request to the API server failed: etcd is down");
  }

  @Test
  void aResourceWithoutStatusGetsAPendingOneThatIsNotReady() {
    ClusterStatus status =
        ReconcileErrors.failedStatus(
            null, ClusterStatus::new, 3, NOW, ReconcileErrors.problemOf(quotaRefusal()));

    assertThat(status.phase).isEqualTo("Pending");
    assertThat(status.observedGeneration).isEqualTo(3L);
    assertThat(status.conditions)
        .extracting(c -> c.type + "=" + c.status + "/" + c.reason)
        .containsExactlyInAnyOrder(
            "Degraded=True/ApplyFailed", "Reconciling=True/ApplyFailed", "Ready=False/ApplyFailed");
    assertThat(status.conditions)
        .allSatisfy(c -> assertThat(c.message).endsWith("; the operator retries with backoff"));
  }

  @Test
  void whatTheLastGoodReconcileRecordedStaysAndOnlyDegradedAndReconcilingChange() {
    ClusterStatus recorded = new ClusterStatus();
    recorded.phase = "Running";
    recorded.workers = 3;
    recorded.conditions =
        List.of(
            new Condition("Ready", "True", "Running", "ok", 2L, EARLIER),
            new Condition("Degraded", "False", "AsExpected", "fine", 2L, EARLIER));

    ClusterStatus status =
        ReconcileErrors.failedStatus(
            recorded, ClusterStatus::new, 3, NOW, ReconcileErrors.problemOf(quotaRefusal()));

    assertThat(status.phase).isEqualTo("Running");
    assertThat(status.workers).isEqualTo(3);
    assertThat(status.conditions)
        .extracting(c -> c.type + "=" + c.status + "/" + c.reason)
        .containsExactly(
            "Ready=True/Running", "Degraded=True/ApplyFailed", "Reconciling=True/ApplyFailed");
    assertThat(recorded.conditions).as("the recorded status is not modified").hasSize(2);
  }
}
