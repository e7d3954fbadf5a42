package dev.lakehouse.operator.it;

import static dev.lakehouse.operator.it.ItSupport.apply;
import static dev.lakehouse.operator.it.ItSupport.awaitCluster;
import static dev.lakehouse.operator.it.ItSupport.awaitWorkers;
import static dev.lakehouse.operator.it.ItSupport.markReady;
import static dev.lakehouse.operator.it.ItSupport.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator puts back what others change in its children, recreates what they delete, prunes
 * what it owns and no longer wants, and reports a child the API server refuses in the owner's
 * status, against a real kube-apiserver.
 */
class DriftRepairOnRealApiServerTest {
  static final String NS = "it-drift";
  static OperatorHarness harness;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    harness = new OperatorHarness();
    client = harness.client;
    ItSupport.readyWorkspace(client, NS);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void workersScaledOutsideTheOperatorAreScaledBackAndToldOnce() {
    runningCluster("scaled", 2);

    for (int attempt = 1; attempt <= 2; attempt++) {
      client.apps().deployments().inNamespace(NS).withName("scaled-workers").scale(5);
      awaitWorkers(client, NS, "scaled-workers", d -> d.getSpec().getReplicas() == 2);
    }

    assertThat(events("scaled", "DriftRepaired"))
        .as("one Event for the same repair, counted twice, as core controllers tell repeats")
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMessage())
                  .contains("Deployment scaled-workers")
                  .contains("spec.replicas");
              assertThat(e.getCount()).isEqualTo(2);
            });
    assertThat(events("scaled", "Scaling")).as("a repair is not a scale").isEmpty();
  }

  @Test
  void aContainerEditedOutsideTheOperatorIsPutBack() {
    runningCluster("edited", 1);
    String image =
        client
            .apps()
            .deployments()
            .inNamespace(NS)
            .withName("edited-workers")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage();

    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("edited-workers")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("busybox:1");
              return d;
            });

    Deployment repaired =
        awaitWorkers(
            client,
            NS,
            "edited-workers",
            d ->
                image.equals(
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    assertThat(repaired.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(image);
  }

  @Test
  void aDeletedServiceIsRecreated() {
    runningCluster("deleted", 1);
    String uid =
        client.services().inNamespace(NS).withName("deleted-driver").get().getMetadata().getUid();

    client.services().inNamespace(NS).withName("deleted-driver").delete();

    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () -> {
              var service = client.services().inNamespace(NS).withName("deleted-driver").get();
              return service != null && !uid.equals(service.getMetadata().getUid());
            });
  }

  @Test
  void aWorkspaceNetworkPolicyEditedOutsideTheOperatorIsPutBack() {
    NetworkPolicy before =
        client.network().networkPolicies().inNamespace(NS).withName("lakehouse-allow-dns").get();

    client
        .network()
        .networkPolicies()
        .inNamespace(NS)
        .withName("lakehouse-allow-dns")
        .edit(
            p -> {
              p.getSpec().getEgress().get(0).getPorts().get(0).setPort(new IntOrString(5353));
              return p;
            });

    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () ->
                client
                    .network()
                    .networkPolicies()
                    .inNamespace(NS)
                    .withName("lakehouse-allow-dns")
                    .get()
                    .getSpec()
                    .equals(before.getSpec()));
  }

  @Test
  void anOwnedChildTheOperatorNoLongerWantsIsPruned() {
    Cluster owner = runningCluster("pruning", 1);
    // What an older operator version (or a removed feature) left: owned by the Cluster, labelled
    // as the operator's, and not among its children any more.
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("pruning-leftover")
                .withNamespace(NS)
                .withLabels(
                    Map.of(
                        "app.kubernetes.io/managed-by", "lakehouse-operator",
                        "lakehouse.dev/cluster", "pruning"))
                .withOwnerReferences(dev.lakehouse.operator.kube.Owners.controlledBy(owner))
                .endMetadata()
                .withData(Map.of("old", "yes"))
                .build())
        .create();

    await()
        .atMost(ItSupport.TIMEOUT)
        .until(
            () -> client.configMaps().inNamespace(NS).withName("pruning-leftover").get() == null);
    assertThat(client.configMaps().inNamespace(NS).withName("pruning-config").get())
        .as("the wanted children stay")
        .isNotNull();
  }

  /**
   * A child the API server refuses (here by a quota on Services) reaches the Cluster's status in
   * the same reconcile, with the API server's words; once the obstacle is gone the operator,
   * retrying with backoff, recovers.
   */
  @Test
  void aRefusedChildIsAConditionAndTheClusterRecoversWhenTheRefusalEnds() {
    client
        .resourceQuotas()
        .inNamespace(NS)
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("no-services")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("services", new Quantity("0")))
                .endSpec()
                .build())
        .create();
    ItSupport.retryOnConflict(
        () ->
            client
                .resourceQuotas()
                .inNamespace(NS)
                .withName("no-services")
                .editStatus(
                    q -> {
                      q.setStatus(
                          new ResourceQuotaStatus(
                              q.getSpec().getHard(), Map.of("services", new Quantity("0"))));
                      return q;
                    }));

    try {
      apply(
          client,
          Cluster.class,
          """
          apiVersion: lakehouse.dev/v1alpha1
          kind: Cluster
          metadata: {name: refused, namespace: %s}
          spec: {workers: 1}
          """
              .formatted(NS));
      assertRefused();
    } finally {
      client.resourceQuotas().inNamespace(NS).withName("no-services").delete();
    }

    awaitWorkers(client, NS, "refused-workers", d -> true);
    markReady(client, NS, "refused-driver");
    markReady(client, NS, "refused-workers");
    Cluster recovered = awaitCluster(client, NS, "refused", c -> "Running".equals(phase(c)));
    assertThat(condition(recovered, "Degraded").status).isEqualTo("False");
  }

  private static void assertRefused() {
    Cluster failing =
        awaitCluster(
            client,
            NS,
            "refused",
            c -> "ApplyFailed".equals(ItSupport.reason(conditions(c), "Degraded")));
    Condition degraded = condition(failing, "Degraded");
    assertThat(degraded.status).isEqualTo("True");
    assertThat(degraded.message)
        .contains("Service refused-driver")
        .contains("exceeded quota")
        .contains("retries");
    assertThat(condition(failing, "Ready").status).isEqualTo("False");
    assertThat(condition(failing, "Reconciling").status)
        .as("kstatus sees it in progress, not current")
        .isEqualTo("True");
    assertThat(failing.getStatus().observedGeneration).isEqualTo(1L);
    assertThat(events("refused", "ApplyFailed")).singleElement();

    client.resourceQuotas().inNamespace(NS).withName("no-services").delete();

    awaitWorkers(client, NS, "refused-workers", d -> true);
    markReady(client, NS, "refused-driver");
    markReady(client, NS, "refused-workers");
    Cluster recovered = awaitCluster(client, NS, "refused", c -> "Running".equals(phase(c)));
    assertThat(condition(recovered, "Degraded").status).isEqualTo("False");
  }

  private static Cluster runningCluster(String name, int workers) {
    apply(
        client,
        Cluster.class,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Cluster
        metadata: {name: %s, namespace: %s}
        spec: {workers: %d}
        """
            .formatted(name, NS, workers));
    awaitWorkers(client, NS, name + "-workers", s -> true);
    markReady(client, NS, name + "-driver");
    markReady(client, NS, name + "-workers");
    return awaitCluster(client, NS, name, c -> "Running".equals(phase(c)));
  }

  private static List<Event> events(String object, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> object.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private static List<Condition> conditions(Cluster c) {
    return c.getStatus() == null ? null : c.getStatus().conditions;
  }

  private static Condition condition(Cluster c, String type) {
    return Optional.ofNullable(conditions(c)).orElse(List.of()).stream()
        .filter(x -> x.type.equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + conditions(c)));
  }
}
