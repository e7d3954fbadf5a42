package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
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

class WarehouseDecisionEventsTest {
  private final List<String> recorded = new ArrayList<>();
  private final WarehouseDecisionEvents events =
      new WarehouseDecisionEvents(
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

  private void record(ScalingAction action, int from, int to, List<String> go, Reason reason) {
    record(action, from, to, go, reason, true);
  }

  private void record(
      ScalingAction action, int from, int to, List<String> go, Reason reason, boolean woken) {
    events.record(
        warehouse("{}"),
        new ScalingDecision(
            action, from, to, go, reason, "", Map.of("queuedQueries", 3L), ScalerState.initial()),
        woken);
  }

  @Test
  void aFirstStartWithoutAConnectionIsStartingNotWaking() {
    record(ScalingAction.SCALE_UP, 0, 1, List.of(), Reason.START_ON_DEMAND, false);

    assertThat(recorded).containsExactly("Normal Starting START_ON_DEMAND: 0 -> 1 queuedQueries=3");
  }

  @Test
  void eachDecisionIsAnEventWithItsReasonAndNumbers() {
    record(ScalingAction.SCALE_UP, 0, 1, List.of(), Reason.START_ON_DEMAND);
    record(ScalingAction.SCALE_UP, 1, 3, List.of(), Reason.EXPECTED_WORK);
    record(ScalingAction.SCALE_DOWN, 3, 2, List.of("sales-3"), Reason.UNDERUTILIZED);
    record(ScalingAction.SCALE_DOWN, 2, 0, List.of("sales-1", "sales-2"), Reason.AUTO_STOP);

    assertThat(recorded)
        .containsExactly(
            "Normal Waking START_ON_DEMAND: 0 -> 1 queuedQueries=3",
            "Normal ScaledUp EXPECTED_WORK: 1 -> 3 queuedQueries=3",
            "Normal ScaledDown UNDERUTILIZED: 3 -> 2 decommission [sales-3] queuedQueries=3",
            "Normal AutoStopped AUTO_STOP: 2 -> 0 decommission [sales-1, sales-2] queuedQueries=3");
  }

  @Test
  void unreadableLoadIsAWarningThatSaysTheSizeHolds() {
    record(ScalingAction.HOLD, 2, 2, List.of(), Reason.METRICS_MISSING);

    assertThat(recorded)
        .singleElement()
        .asString()
        .startsWith("Warning AutoscalerMetricsUnavailable")
        .contains("holds");
  }
}
