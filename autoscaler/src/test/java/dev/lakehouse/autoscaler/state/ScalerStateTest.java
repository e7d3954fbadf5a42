package dev.lakehouse.autoscaler.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalerStateTest {
  @Test
  void roundTripsThroughAPlainObjectMapper() throws Exception {
    ScalerState state =
        ScalerState.initial()
            .withResize(1_000, 2, 8, "BACKLOG")
            .withResize(200_000, 8, 4, "UNDERUTILIZED")
            .withLowLoad(150_000)
            .withBacklogSince(-1)
            .withLearnedStartup(85_000)
            .withRecentPeaks(List.of(new PeakSample(180_000, 7)))
            .withPendingScaleDowns(List.of(new PendingScaleDown("w-7", 200_000)))
            .withDecisionAt(200_000, "UNDERUTILIZED");
    ObjectMapper mapper = new ObjectMapper();
    String json = mapper.writeValueAsString(state);
    ScalerState back = mapper.readValue(json, ScalerState.class);
    assertThat(back).isEqualTo(state);
    assertThat(json).contains("\"pendingScaleDowns\":[{\"unit\":\"w-7\"");
  }

  @Test
  void historyAndPeaksStayBounded() {
    ScalerState s = ScalerState.initial();
    for (int i = 0; i < 100; i++) {
      s = s.withResize(i * 1_000L, i, i + 1, "BACKLOG");
    }
    assertThat(s.history()).hasSize(ScalerState.MAX_HISTORY);
    assertThat(s.history().get(ScalerState.MAX_HISTORY - 1).to()).isEqualTo(100);
    List<PeakSample> peaks = List.of();
    for (int i = 0; i < 1_000; i++) {
      peaks = PeakWindow.record(peaks, i * 10_000L, 3, 10_000L, 300_000L);
    }
    assertThat(peaks.size()).isLessThanOrEqualTo(31);
  }

  @Test
  void peakWindowForgetsOldBucketsAndStoresNoZeros() {
    List<PeakSample> peaks = PeakWindow.record(List.of(), 0, 5, 10_000, 60_000);
    peaks = PeakWindow.record(peaks, 5_000, 7, 10_000, 60_000);
    assertThat(peaks).containsExactly(new PeakSample(0, 7));
    assertThat(PeakWindow.peak(peaks, 30_000, 10_000, 60_000)).isEqualTo(7);
    assertThat(PeakWindow.peak(peaks, 90_000, 10_000, 60_000)).isZero();
    assertThat(PeakWindow.record(peaks, 20_000, 0, 10_000, 60_000)).isSameAs(peaks);
  }

  @Test
  void peaksChangeOnlyWhenABucketStartsWhateverTheWindow() {
    // A busy target evaluated every 2 s, with a window that is not a multiple of the bucket (as
    // a learned startup time makes it): its remembered peaks, and so its status, change once per
    // bucket, when the new bucket is added, never in between.
    long window = 65_300;
    List<PeakSample> peaks = List.of();
    int changes = 0;
    for (long now = 0; now < 300_000; now += 2_000) {
      List<PeakSample> next = PeakWindow.record(peaks, now, 2, 10_000, window);
      if (!next.equals(peaks)) {
        changes++;
        assertThat(now % 10_000).as("changed at %d", now).isZero();
      }
      peaks = next;
      assertThat(PeakWindow.peak(peaks, now, 10_000, window - 10_000)).isEqualTo(2);
    }
    assertThat(changes).isEqualTo(30);
    assertThat(peaks.size()).isLessThanOrEqualTo(8);
  }

  @Test
  void reversalsAreDetectedOnlyWhenCloseAndRecent() {
    ScalerState flapped =
        ScalerState.initial().withResize(0, 2, 8, "BACKLOG").withResize(300_000, 8, 3, "U");
    assertThat(flapped.reversedRecently(400_000, 600_000, 1_800_000)).isTrue();
    assertThat(flapped.reversedRecently(3_000_000, 600_000, 1_800_000)).isFalse();
    ScalerState slow =
        ScalerState.initial().withResize(0, 2, 8, "BACKLOG").withResize(900_000, 8, 3, "U");
    assertThat(slow.reversedRecently(1_000_000, 600_000, 1_800_000)).isFalse();
  }
}
