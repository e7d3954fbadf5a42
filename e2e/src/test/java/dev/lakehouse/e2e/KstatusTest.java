package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kstatus checker and its Java side against a real API server, on Clusters whose status is
 * written by hand (no operator runs): the rules kstatus applies to our kinds, which the operator's
 * status must meet for Flux to see readiness. Kstatus's generic rules, in order: deletionTimestamp
 * makes Terminating; status.observedGeneration present and not metadata.generation makes
 * InProgress; Reconciling=True makes InProgress, Stalled=True Failed; then Ready=True makes Current
 * and Ready=False or Unknown InProgress; anything else, including no status at all, is Current.
 */
class KstatusTest {
  static final String NS = "kstatus";
  static RealApiServer api;
  static Kstatus kstatus;

  @BeforeAll
  static void namespace() {
    api = RealApiServer.shared();
    api.kubectlWithInput(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + NS + "\n",
        "apply",
        "--server-side",
        "-f",
        "-");
    kstatus = new Kstatus(api.kubeconfig());
  }

  @Test
  void aClusterWithoutStatusIsCurrent() {
    String cluster = createCluster("no-status");

    assertThat(kstatus.status(cluster, NS))
        .isEqualTo(new Kstatus.Result(cluster, "Current", "Resource is current"));
  }

  @Test
  void anUnobservedGenerationIsInProgressWhateverReadySays() {
    String cluster = createCluster("behind");
    patchStatus(cluster, 1, condition("Ready", "True", "Running", "2 of 2 workers ready"));
    assertThat(kstatus.status(cluster, NS).status()).isEqualTo("Current");

    ok(api.kubectl("patch", cluster, "-n", NS, "--type=merge", "-p", "{\"spec\":{\"workers\":3}}"));

    assertThat(kstatus.status(cluster, NS))
        .isEqualTo(
            new Kstatus.Result(
                cluster,
                "InProgress",
                "Cluster generation is 2, but latest observed generation is 1"));
  }

  @Test
  void readyDecidesOnceTheGenerationIsObservedAndFalseIsNeverFailed() {
    String cluster = createCluster("ready");
    patchStatus(
        cluster,
        1,
        condition("Ready", "False", "SecretNotFound", "Secret s3 not found"),
        condition("Degraded", "True", "SecretNotFound", "Secret s3 not found"));
    assertThat(kstatus.status(cluster, NS))
        .isEqualTo(new Kstatus.Result(cluster, "InProgress", "Secret s3 not found"));

    patchStatus(cluster, 1, condition("Ready", "True", "Running", "2 of 2 workers ready"));
    assertThat(kstatus.awaitStatus(cluster, NS, "Current", Duration.ofSeconds(10)))
        .isEqualTo(new Kstatus.Result(cluster, "Current", "Resource is Ready"));
  }

  @Test
  void reconcilingAndStalledOverrideReady() {
    String cluster = createCluster("abnormal-true");
    patchStatus(
        cluster,
        1,
        condition("Ready", "True", "Running", "ready"),
        condition("Reconciling", "True", "Scaling", "scaling to 3 workers"));
    assertThat(kstatus.status(cluster, NS))
        .isEqualTo(new Kstatus.Result(cluster, "InProgress", "scaling to 3 workers"));

    patchStatus(
        cluster,
        1,
        condition("Ready", "True", "Running", "ready"),
        condition("Stalled", "True", "InvalidSpec", "unknown runtime spark-0.1"));
    assertThat(kstatus.status(cluster, NS))
        .isEqualTo(new Kstatus.Result(cluster, "Failed", "unknown runtime spark-0.1"));
  }

  @Test
  void deletingIsTerminatingAndGoneIsNotFound() {
    String cluster = createCluster("deleted");
    ok(
        api.kubectl(
            "patch",
            cluster,
            "-n",
            NS,
            "--type=merge",
            "-p",
            "{\"metadata\":{\"finalizers\":[\"lakehouse.dev/test\"]}}"));
    ok(api.kubectl("delete", cluster, "-n", NS, "--wait=false"));
    assertThat(kstatus.status(cluster, NS))
        .isEqualTo(new Kstatus.Result(cluster, "Terminating", "Resource scheduled for deletion"));

    ok(
        api.kubectl(
            "patch",
            cluster,
            "-n",
            NS,
            "--type=merge",
            "-p",
            "{\"metadata\":{\"finalizers\":null}}"));
    assertThat(kstatus.awaitStatus(cluster, NS, "NotFound", Duration.ofSeconds(10)).message())
        .isEqualTo("Resource not found");
  }

  @Test
  void anUnknownTypeIsUnknownAndAwaitingItFailsWithTheLastStatus() {
    Kstatus.Result unknown = kstatus.status("widgets.example.com/w", NS);
    assertThat(unknown.status()).isEqualTo("Unknown");
    assertThat(unknown.message()).contains("widgets");

    Throwable timeout =
        catchThrowable(
            () -> kstatus.awaitStatus("widgets.example.com/w", NS, "Current", Duration.ZERO));
    assertThat(timeout)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is not Current")
        .hasMessageContaining("last: Unknown");
  }

  /** Creates a valid Cluster (no Workspace needed without an operator); returns TYPE/NAME. */
  private static String createCluster(String name) {
    String manifest =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata:
          name: %s
          namespace: %s
        spec:
          runtimeVersion: spark-3.5
          workers: 2
        """
            .formatted(name, NS);
    ok(api.kubectlWithInput(manifest, "apply", "--server-side", "-f", "-"));
    return "clusters.lakehouse.dev/" + name;
  }

  private static void patchStatus(String cluster, int observedGeneration, String... conditions) {
    String status =
        "{\"status\":{\"observedGeneration\":%d,\"conditions\":[%s]}}"
            .formatted(observedGeneration, String.join(",", conditions));
    ok(
        api.kubectl(
            "patch", cluster, "-n", NS, "--subresource=status", "--type=merge", "-p", status));
  }

  private static String condition(String type, String status, String reason, String message) {
    return ("{\"type\":\"%s\",\"status\":\"%s\",\"reason\":\"%s\",\"message\":\"%s\","
            + "\"lastTransitionTime\":\"2025-01-01T00:00:00Z\"}")
        .formatted(type, status, reason, message);
  }

  private static void ok(CommandResult result) {
    assertThat(result.succeeded()).as(result.toString()).isTrue();
  }
}
