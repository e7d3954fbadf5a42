package dev.lakehouse.autoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.autoscaler.sim.workload.ClusterWorkloads;
import dev.lakehouse.autoscaler.sim.workload.QueryShape;
import dev.lakehouse.autoscaler.sim.workload.WarehouseWorkloads;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  @Test
  void generatorsAreReproducibleFromTheirSeed() {
    Trace a = ClusterWorkloads.spike(3, 0.2);
    Trace b = ClusterWorkloads.spike(3, 0.2);
    assertThat(a.jobs()).hasSameSizeAs(b.jobs());
    for (int i = 0; i < a.jobs().size(); i++) {
      assertThat(a.jobs().get(i).submitAtMs()).isEqualTo(b.jobs().get(i).submitAtMs());
      assertThat(a.jobs().get(i).stages().get(0).taskMillis())
          .isEqualTo(b.jobs().get(i).stages().get(0).taskMillis());
    }
    assertThat(ClusterWorkloads.spike(4, 0.2).jobs().get(0).submitAtMs())
        .isNotEqualTo(a.jobs().get(0).submitAtMs());
  }

  @Test
  void theStepWorkloadStepsUpByAboutEightTimes() {
    Trace t = ClusterWorkloads.step(11, 1.0);
    long high =
        t.jobs().stream()
            .filter(j -> j.submitAtMs() >= t.stepAtMs() && j.submitAtMs() < 3_600_000)
            .count();
    long low = t.jobs().size() - high;
    // 60 min at the low rate, 40 min at 8x: the per-minute rates differ by about 8.
    assertThat((high / 40.0) / (low / 60.0)).isBetween(5.0, 12.0);
    assertThat(t.stepNeededUnits()).isBetween(18, 32);
  }

  @Test
  void queryTimesAreLongTailedAroundTheConfiguredMedian() {
    Trace t = WarehouseWorkloads.step(5, 1.0);
    int[] d = t.jobs().stream().mapToInt(j -> j.stages().get(0).taskMillis()[0]).sorted().toArray();
    double median = d[d.length / 2];
    double mean = Arrays.stream(d).average().orElseThrow();
    assertThat(median).isBetween(1_800.0, 2_200.0);
    assertThat(mean)
        .isBetween(0.85 * QueryShape.analytics().meanMs(), 1.15 * QueryShape.analytics().meanMs());
    assertThat(d[(int) (d.length * 0.99)]).isGreaterThan(10 * (int) median);
  }

  @Test
  void theIdleThenBurstWorkloadIsIdleFirst() {
    Trace t = ClusterWorkloads.idleThenBurst(2, 1.0);
    assertThat(t.jobs()).hasSize(12);
    assertThat(t.jobs())
        .allSatisfy(j -> assertThat(j.submitAtMs()).isBetween(3_600_000L, 3_660_000L));
    assertThat(t.stationarySegments()).contains(new Segment(0, 3_600_000));
  }

  @Test
  void flapsAreReversalsWithinTenMinutes() {
    List<ScalingAct> acts =
        List.of(
            new ScalingAct(0, 2, 6),
            new ScalingAct(300_000, 6, 3),
            new ScalingAct(1_000_000, 3, 8),
            new ScalingAct(1_100_000, 8, 9));
    assertThat(FlapCounter.flaps(acts)).isEqualTo(1);
    assertThat(FlapCounter.flapsWithin(acts, List.of(new Segment(200_000, 2_000_000)))).isZero();
    assertThat(FlapCounter.flapsWithin(acts, List.of(new Segment(0, 400_000)))).isEqualTo(1);
  }
}
