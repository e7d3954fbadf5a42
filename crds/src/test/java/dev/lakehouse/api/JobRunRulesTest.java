package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.api.v1alpha1.RunPhase;
import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run's rules at admission: what started it and what it runs cannot change; repairs are appended,
 * with the next id, once the run has ended.
 */
class JobRunRulesTest {
  private static final RealApiServer API = RealApiServer.shared();
  private static final KubernetesClient client = API.client();
  private static final String NS = "jobrun-rules";

  @BeforeAll
  static void namespace() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
  }

  private static CommandResult apply(String name, String spec) {
    return API.kubectlWithInput(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: JobRun
        metadata: {name: %s, namespace: %s}
        spec: %s
        """
            .formatted(name, NS, spec),
        "apply",
        "--server-side",
        "--field-manager=test",
        "-f",
        "-");
  }

  private static void finish(String name, RunPhase phase) {
    client
        .resources(JobRun.class)
        .inNamespace(NS)
        .withName(name)
        .editStatus(
            r -> {
              JobRunStatus status = new JobRunStatus();
              status.phase = phase;
              r.setStatus(status);
              return r;
            });
  }

  @Test
  void theJobAndTheTriggerCannotChange() {
    assertThat(apply("fixed", "{job: daily, trigger: Manual}").succeeded()).isTrue();

    CommandResult otherJob = apply("fixed", "{job: nightly, trigger: Manual}");
    CommandResult otherTrigger = apply("fixed", "{job: daily, trigger: Schedule}");

    assertThat(otherJob.stderr()).contains("spec.job cannot change");
    assertThat(otherTrigger.stderr()).contains("spec.trigger cannot change");
  }

  @Test
  void aRunningRunCannotBeRepaired() {
    assertThat(apply("busy", "{job: daily}").succeeded()).isTrue();
    finish("busy", RunPhase.Running);

    CommandResult repaired = apply("busy", "{job: daily, repairs: [{id: 1}]}");

    assertThat(repaired.succeeded()).isFalse();
    assertThat(repaired.stderr()).contains("a run is repaired only once it has finished");
  }

  @Test
  void aFinishedRunTakesRepairsWithTheNextIdOnly() {
    assertThat(apply("done", "{job: daily}").succeeded()).isTrue();
    finish("done", RunPhase.Failed);

    assertThat(apply("done", "{job: daily, repairs: [{id: 1, tasks: [report]}]}").succeeded())
        .isTrue();
    CommandResult stale =
        apply("done", "{job: daily, repairs: [{id: 1, tasks: [report]}, {id: 1}]}");
    CommandResult skipped =
        apply("done", "{job: daily, repairs: [{id: 1, tasks: [report]}, {id: 3}]}");
    CommandResult rewritten = apply("done", "{job: daily, repairs: [{id: 1, tasks: [other]}]}");
    CommandResult removed = apply("done", "{job: daily, repairs: []}");

    assertThat(stale.stderr()).contains("this id is taken, the run was repaired meanwhile");
    assertThat(skipped.stderr()).contains("a repair's id is the next one");
    assertThat(rewritten.stderr()).contains("spec.repairs is append-only");
    assertThat(removed.stderr()).contains("spec.repairs is append-only");
    assertThat(
            apply("done", "{job: daily, repairs: [{id: 1, tasks: [report]}, {id: 2}]}").succeeded())
        .isTrue();
  }
}
