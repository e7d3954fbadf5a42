package dev.lakehouse.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterStatus;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.api.v1alpha1.Warehouse;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceDeletionTest {
  private static Cluster cluster(String name, String phase, Integer workers) {
    Cluster c = new Cluster();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ws").build());
    c.setSpec(new dev.lakehouse.api.v1alpha1.ClusterSpec());
    if (phase != null) {
      ClusterStatus status = new ClusterStatus();
      status.phase = phase;
      status.workers = workers;
      c.setStatus(status);
    }
    return c;
  }

  private static List<String> blocking(HasMetadata... engines) {
    return WorkspaceDeletion.blocking(List.of(engines)).stream()
        .map(e -> e.getMetadata().getName())
        .toList();
  }

  @Test
  void runningStartingAndStoppingEnginesHoldTheWorkspace() {
    assertThat(
            blocking(
                cluster("running", "Running", 2),
                cluster("new", null, null),
                cluster("stopping", "Terminating", 1),
                cluster("resizing", "Resizing", 3)))
        .containsExactly("running", "new", "stopping", "resizing");
  }

  @Test
  void stoppedAutoTerminatedAndNeverStartedEnginesLetItGo() {
    Cluster userStopped = cluster("stopped", "Terminated", 0);
    userStopped.getSpec().state = State.Stopped;
    Cluster autoTerminated = cluster("idle", "Terminated", 0); // spec.state still Running

    assertThat(blocking(userStopped, autoTerminated, cluster("invalid", "Error", 0))).isEmpty();
  }

  @Test
  void anEngineInErrorThatStillHasReadyWorkersHoldsIt() {
    assertThat(blocking(cluster("tightened", "Error", 2))).containsExactly("tightened");
  }

  @Test
  void kindsWithoutAControllerYetHoldNothing() {
    Warehouse warehouse = new Warehouse();
    warehouse.setMetadata(new ObjectMetaBuilder().withName("bi").withNamespace("ws").build());

    assertThat(blocking(warehouse)).isEmpty();
  }

  @Test
  void enginesBeingDeletedHoldNothing() {
    Cluster going = cluster("going", "Running", 2);
    going.getMetadata().setDeletionTimestamp("2026-12-01T10:00:00Z");

    assertThat(blocking(going)).isEmpty();
  }
}
