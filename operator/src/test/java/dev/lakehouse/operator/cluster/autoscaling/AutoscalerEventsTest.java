package dev.lakehouse.operator.cluster.autoscaling;

import static dev.lakehouse.operator.cluster.autoscaling.AutoscalingFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingAction;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.state.ScalerState;
import dev.lakehouse.operator.kube.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoscalerEventsTest {
  private final List<String> recorded = new ArrayList<>();
  private final AutoscalerEvents events =
      new AutoscalerEvents(
          new EventRecorder(null, null, null) {
            @Override
            public void normal(HasMetadata about, EventReason reason, String message) {
              recorded.add("Normal " + reason + " " + message);
            }

            @Override
            public void warning(HasMetadata about, EventReason reason, String message) {
              recorded.add("Warning " + reason + " " + message);
            }
          });

  private static ScalingDecision decision(
      ScalingAction action, int from, int to, List<String> leaving, Reason reason) {
    return new ScalingDecision(
        action, from, to, leaving, reason, "", Map.of("pendingTasks", 40L), ScalerState.initial());
  }

  @Test
  void resizesAreNormalEventsWithTheirNumbers() {
    events.record(
        cluster("autoscale: {minWorkers: 1, maxWorkers: 4}"),
        decision(ScalingAction.SCALE_UP, 1, 4, List.of(), Reason.BACKLOG));
    events.record(
        cluster("autoscale: {minWorkers: 1, maxWorkers: 4}"),
        decision(ScalingAction.SCALE_DOWN, 4, 3, List.of("w-1"), Reason.UNDERUTILIZED));

    assertThat(recorded)
        .containsExactly(
            "Normal ScaledUp BACKLOG: 1 -> 4 pendingTasks=40",
            "Normal ScaledDown UNDERUTILIZED: 4 -> 3 decommission [w-1] pendingTasks=40");
  }

  @Test
  void aMetricsOutageIsAWarningThatSaysTheSizeHolds() {
    events.record(
        cluster("autoscale: {minWorkers: 1, maxWorkers: 4}"),
        decision(ScalingAction.HOLD, 2, 2, List.of(), Reason.METRICS_MISSING));

    assertThat(recorded)
        .singleElement()
        .asString()
        .startsWith("Warning AutoscalerMetricsUnavailable")
        .contains("holds");
  }
}
