package dev.lakehouse.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.api.v1alpha1.WorkspaceStatus;
import dev.lakehouse.operator.kube.Problem;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceStatusCalculatorTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Resolution RESOLVED = new Resolution(true, Reason.Resolved, "resolved");
  private static final Resolution MISSING =
      Resolution.of(
          List.of(new Problem(Reason.SecretNotFound, "Secret s3 not found in namespace ws")), "");

  private static Workspace workspace() {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: lakehouse.dev/v1alpha1
            kind: Workspace
            metadata: {name: ws, generation: 2}
            spec: {}
            """,
            Workspace.class);
  }

  private static WorkspaceStatus compute(
      boolean namespaceActive, boolean quotaCounted, Resolution storage) {
    return WorkspaceStatusCalculator.compute(
        workspace(),
        new WorkspaceObservation(namespaceActive, quotaCounted, RESOLVED, storage, 2, 1, 0),
        NOW);
  }

  private static String condition(WorkspaceStatus status, String type) {
    return status.conditions.stream()
        .filter(c -> c.type.equals(type))
        .map(c -> c.status + "/" + c.reason)
        .findFirst()
        .orElse(null);
  }

  @Test
  void readyWhenTheNamespaceIsActiveTheQuotaCountedAndEverythingResolves() {
    WorkspaceStatus status = compute(true, true, RESOLVED);

    assertThat(status.phase).isEqualTo("Ready");
    assertThat(condition(status, "Ready")).isEqualTo("True/Ready");
    assertThat(condition(status, "Reconciling")).isEqualTo("False/Stable");
    assertThat(condition(status, "Stalled")).isEqualTo("False/AsExpected");
    assertThat(status.observedGeneration).isEqualTo(2L);
    assertThat(status.namespace).isEqualTo("ws");
    assertThat(status.clusters).isEqualTo(2);
    assertThat(status.jobs).isEqualTo(1);
  }

  @Test
  void waitingForTheNamespaceOrTheQuotaIsInProgress() {
    assertThat(condition(compute(false, true, RESOLVED), "Ready"))
        .isEqualTo("False/NamespacePending");
    WorkspaceStatus quota = compute(true, false, RESOLVED);

    assertThat(quota.phase).isEqualTo("Pending");
    assertThat(condition(quota, "Ready")).isEqualTo("False/QuotaPending");
    assertThat(condition(quota, "Reconciling")).isEqualTo("True/QuotaPending");
    assertThat(condition(quota, "Stalled")).isEqualTo("False/AsExpected");
  }

  @Test
  void aMissingSecretIsAnErrorThatWaitsForSomeoneToCreateIt() {
    WorkspaceStatus status = compute(true, true, MISSING);

    assertThat(status.phase).isEqualTo("Error");
    assertThat(condition(status, "Ready")).isEqualTo("False/Unresolved");
    assertThat(condition(status, "StorageResolved")).isEqualTo("False/SecretNotFound");
    assertThat(condition(status, "Stalled")).isEqualTo("True/Unresolved");
    assertThat(condition(status, "Reconciling")).isEqualTo("False/Stable");
  }
}
