package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the upgrade suite counts as a change of what engines run on. */
class EngineSnapshotTest {
  static final EngineSnapshot BEFORE =
      new EngineSnapshot(
          Map.of("Pod/a-driver-0", "uid-1", "ConfigMap/a-config", "uid-2"),
          Map.of("StatefulSet/a-driver", "generation 1, config c1, template t1"),
          Map.of("a", "Running, workers 2, Ready True since 2026-12-02T06:00:00Z"));

  @Test
  void theSameObjectsAreNoChange() {
    EngineSnapshot same =
        new EngineSnapshot(
            Map.copyOf(BEFORE.children()),
            Map.copyOf(BEFORE.templates()),
            Map.copyOf(BEFORE.statuses()));

    assertThat(same.changesSince(BEFORE)).isEmpty();
    assertThat(same.pods()).isEqualTo(1);
  }

  @Test
  void aRecreatedPodARolledTemplateAndANewReadyTimeAreEachAChange() {
    EngineSnapshot after =
        new EngineSnapshot(
            Map.of("Pod/a-driver-0", "uid-9", "ConfigMap/a-config", "uid-2"),
            Map.of("StatefulSet/a-driver", "generation 2, config c2, template t1"),
            Map.of("a", "Running, workers 2, Ready True since 2026-12-02T06:05:00Z"));

    assertThat(after.changesSince(BEFORE))
        .containsExactly(
            "child Pod/a-driver-0: uid-1 -> uid-9",
            "pod template StatefulSet/a-driver: generation 1, config c1, template t1 -> "
                + "generation 2, config c2, template t1",
            "Cluster status a: Running, workers 2, Ready True since 2026-12-02T06:00:00Z -> "
                + "Running, workers 2, Ready True since 2026-12-02T06:05:00Z");
  }

  @Test
  void aChildGoneOrAddedIsAChange() {
    EngineSnapshot after =
        new EngineSnapshot(
            Map.of("Pod/a-driver-0", "uid-1", "Service/a-driver", "uid-3"),
            BEFORE.templates(),
            BEFORE.statuses());

    assertThat(after.changesSince(BEFORE))
        .containsExactly(
            "child ConfigMap/a-config: uid-2 -> (gone)", "child Service/a-driver: (none) -> uid-3");
  }
}
