package dev.lakehouse.operator.cluster.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.ClusterAutoscalerStatus;
import dev.lakehouse.autoscaler.state.DecisionRecord;
import dev.lakehouse.autoscaler.state.PeakSample;
import dev.lakehouse.autoscaler.state.PendingScaleDown;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalerStateMappingTest {
  private static final long T = 1_795_000_000_123L;

  private static final ScalerState RICH =
      new ScalerState(
          4,
          T,
          T + 1,
          T + 2,
          T + 3,
          T + 4,
          31_500,
          "BACKLOG",
          List.of(new PeakSample(T - 60_000, 3), new PeakSample(T, 4)),
          List.of(new PendingScaleDown("etl-workers-abc12", T + 5)),
          List.of(
              new DecisionRecord(T - 1000, 1, 4, "BACKLOG"),
              new DecisionRecord(T + 1, 4, 3, "UNDERUTILIZED")));

  @Test
  void aStateSurvivesTheTripThroughTheStatus() {
    ClusterAutoscalerStatus status = ScalerStateMapping.toStatus(RICH);
    ClusterAutoscalerStatus reread =
        AutoscalingFixtures.SERIALIZATION.unmarshal(
            AutoscalingFixtures.SERIALIZATION.asJson(status), ClusterAutoscalerStatus.class);

    assertThat(ScalerStateMapping.fromStatus(reread)).isEqualTo(RICH);
  }

  @Test
  void timesAreReadableWithMilliseconds() {
    ClusterAutoscalerStatus status = ScalerStateMapping.toStatus(RICH);

    assertThat(status.desiredWorkers).isEqualTo(4);
    assertThat(status.lastScaleUpTime).isEqualTo("2026-11-18T11:06:40.123Z");
    assertThat(status.decommissioning)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.worker).isEqualTo("etl-workers-abc12");
              assertThat(d.since).isEqualTo("2026-11-18T11:06:40.128Z");
            });
    assertThat(status.history)
        .extracting(d -> d.from + "->" + d.to + " " + d.reason)
        .containsExactly("1->4 BACKLOG", "4->3 UNDERUTILIZED");
  }

  @Test
  void noStatusIsTheInitialState() {
    assertThat(ScalerStateMapping.fromStatus(null)).isEqualTo(ScalerState.initial());
  }

  @Test
  void theInitialStateLeavesUnsetTimesAndEmptyListsOut() {
    String json =
        AutoscalingFixtures.SERIALIZATION.asJson(
            ScalerStateMapping.toStatus(ScalerState.initial()));

    assertThat(json).isEqualTo("{\"learnedStartupMillis\":0}");
    assertThat(ScalerStateMapping.fromStatus(ScalerStateMapping.toStatus(ScalerState.initial())))
        .isEqualTo(ScalerState.initial());
  }
}
