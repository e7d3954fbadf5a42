package dev.lakehouse.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardTest {

  @Test
  void aChildInheritsItsOwnersShardLabel() {
    Map<String, String> labels = Labels.ofCluster("analytics", "etl", null);
    Map<String, String> inherited = Shard.inherit(owner(Map.of(Shard.LABEL, "b")), labels);
    assertThat(inherited).containsAllEntriesOf(labels).containsEntry(Shard.LABEL, "b");
    assertThat(labels).doesNotContainKey(Shard.LABEL);
  }

  @Test
  void anUnshardedOwnerLeavesItsChildsLabelsAsTheyAre() {
    Map<String, String> labels = Labels.ofCluster("analytics", "etl", null);
    assertThat(Shard.inherit(owner(Map.of("team", "x")), labels)).isSameAs(labels);
    assertThat(Shard.inherit(owner(null), null)).isNull();
  }

  @Test
  void aChildOfAnotherShardIsMovedToItsOwners() {
    Map<String, String> labels = new HashMap<>(Map.of(Shard.LABEL, "a", "x", "y"));
    assertThat(Shard.inherit(owner(Map.of(Shard.LABEL, "b")), labels))
        .containsExactlyInAnyOrderEntriesOf(Map.of(Shard.LABEL, "b", "x", "y"));
  }

  @Test
  void aChildWithoutLabelsGetsTheShardLabelAlone() {
    assertThat(Shard.inherit(owner(Map.of(Shard.LABEL, "a")), null))
        .containsExactlyEntriesOf(Map.of(Shard.LABEL, "a"));
  }

  @Test
  void informerSelectorsNarrowToTheShard() {
    String managed = Labels.MANAGED_SELECTOR + "," + Labels.CLUSTER;
    assertThat(Shard.narrow(managed, Optional.of("lakehouse.dev/shard=a")))
        .isEqualTo(managed + ",lakehouse.dev/shard=a");
    assertThat(Shard.narrow(null, Optional.of("!lakehouse.dev/shard")))
        .isEqualTo("!lakehouse.dev/shard");
    assertThat(Shard.narrow(managed, Optional.empty())).isEqualTo(managed);
    assertThat(Shard.narrow(null, Optional.empty())).isNull();
    assertThat(Shard.narrow(" ", Optional.empty())).isNull();
  }

  @Test
  void anEngineWithoutAWorkspaceInItsShardIsToldToLabelIt() {
    Problem sharded =
        WorkspaceGate.check(
                "analytics", "Cluster", Optional.empty(), Optional.of("lakehouse.dev/shard=b"))
            .problem()
            .orElseThrow();
    assertThat(sharded.reason()).isEqualTo(Reason.WorkspaceNotFound);
    assertThat(sharded.message())
        .contains("shard (lakehouse.dev/shard=b)")
        .contains("namespace analytics")
        .contains("label the Cluster");
    Problem unsharded =
        WorkspaceGate.check("analytics", "Cluster", Optional.empty()).problem().orElseThrow();
    assertThat(unsharded.message())
        .startsWith("no Workspace owns namespace analytics")
        .doesNotContain("shard");
  }

  private static Cluster owner(Map<String, String> labels) {
    Cluster cluster = new Cluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName("etl")
            .withNamespace("analytics")
            .withLabels(labels)
            .build());
    return cluster;
  }
}
