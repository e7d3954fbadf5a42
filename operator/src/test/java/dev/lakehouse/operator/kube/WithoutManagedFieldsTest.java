package dev.lakehouse.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {
  @Test
  void cachesObjectsWithoutManagedFieldsAndWithEverythingElse() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("demo-workers-abc")
            .withNamespace("team-a")
            .withResourceVersion("42")
            .addToLabels(Labels.CLUSTER, "demo")
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("kube-controller-manager")
                    .withOperation("Update")
                    .build())
            .endMetadata()
            .withNewSpec()
            .withNodeName("node-1")
            .endSpec()
            .build();
    WithoutManagedFields<Pod> store = new WithoutManagedFields<>();

    store.put(store.getKey(pod), pod);

    Pod cached = store.get("team-a/demo-workers-abc");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getMetadata().getLabels()).containsEntry(Labels.CLUSTER, "demo");
    assertThat(cached.getSpec().getNodeName()).isEqualTo("node-1");
  }
}
