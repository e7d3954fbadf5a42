package dev.lakehouse.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsAndOwnersTest {

  @Test
  void workspaceLabelsMarkTheOperatorAndTheWorkspace() {
    assertThat(Labels.ofWorkspace("analytics"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app.kubernetes.io/managed-by", "lakehouse-operator",
                "app.kubernetes.io/part-of", "lakehouse",
                "lakehouse.dev/workspace", "analytics"));
  }

  @Test
  void clusterLabelsOfARoleAddClusterRoleAndComponent() {
    assertThat(Labels.ofCluster("analytics", "etl", "worker"))
        .containsAllEntriesOf(Labels.ofWorkspace("analytics"))
        .containsEntry("app.kubernetes.io/name", "spark")
        .containsEntry("lakehouse.dev/cluster", "etl")
        .containsEntry("lakehouse.dev/role", "worker")
        .containsEntry("app.kubernetes.io/component", "worker");
  }

  @Test
  void clusterLabelsWithoutARoleHaveNoRole() {
    assertThat(Labels.ofCluster("analytics", "etl", null))
        .doesNotContainKeys("lakehouse.dev/role", "app.kubernetes.io/component");
  }

  @Test
  void selectorOfARoleIsClusterAndRoleOnly() {
    assertThat(Labels.selectorOf("etl", "driver"))
        .containsExactly(
            Map.entry("lakehouse.dev/cluster", "etl"), Map.entry("lakehouse.dev/role", "driver"));
  }

  @Test
  void selectorStringJoinsTermsWithCommas() {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put("a", "1");
    selector.put("b", "2");

    assertThat(Labels.asSelectorString(selector)).isEqualTo("a=1,b=2");
  }

  @Test
  void managedSelectorSelectsWhatTheOperatorLabels() {
    assertThat(Labels.MANAGED_SELECTOR)
        .isEqualTo(Labels.MANAGED_BY + "=" + Labels.ofWorkspace("x").get(Labels.MANAGED_BY));
  }

  @Test
  void ownerReferenceIsAControllerReferenceBlockingDeletion() {
    Cluster cluster = new Cluster();
    cluster.setMetadata(
        new ObjectMetaBuilder().withName("etl").withNamespace("ns").withUid("uid-1").build());

    OwnerReference owner = Owners.controlledBy(cluster);

    assertThat(owner.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
    assertThat(owner.getKind()).isEqualTo("Cluster");
    assertThat(owner.getName()).isEqualTo("etl");
    assertThat(owner.getUid()).isEqualTo("uid-1");
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
  }

  @Test
  void hashIsSixteenHexDigitsOfSha256() {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    assertThat(Hashes.of("abc")).isEqualTo("ba7816bf8f01cfea");
  }

  @Test
  void statusComparisonIgnoresIdentityButSeesContent() {
    Map<String, String> a = Map.of("phase", "Running");

    assertThat(StatusRecorder.differs(a, Map.of("phase", "Running"))).isFalse();
    assertThat(StatusRecorder.differs(a, Map.of("phase", "Pending"))).isTrue();
  }
}
