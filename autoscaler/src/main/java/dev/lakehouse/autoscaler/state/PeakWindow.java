package dev.lakehouse.autoscaler.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the recent demand peak in fixed buckets so that the remembered history stays bounded
 * whatever the evaluation rate.
 */
public final class PeakWindow {
  private PeakWindow() {}

  /**
   * Adds a demand sample at {@code nowMs} and drops buckets older than {@code windowMs} before the
   * start of the current bucket. A zero sample raises no peak and is not stored, so an idle
   * target's state stops changing (no status writes). Buckets are dropped only when a new bucket
   * starts, at the moment one is added: counted from {@code nowMs}, a window that is not a multiple
   * of the bucket would drop the oldest bucket in the middle of a bucket and add the new one at its
   * end, two changes (two status writes) per bucket instead of one. What is kept is never less than
   * {@link #peak} looks at over the same window.
   */
  public static List<PeakSample> record(
      List<PeakSample> peaks, long nowMs, int units, long bucketMs, long windowMs) {
    long bucket = Math.floorDiv(nowMs, bucketMs) * bucketMs;
    List<PeakSample> out = new ArrayList<>(peaks.size() + 1);
    for (PeakSample p : peaks) {
      if (p.bucketStartMs() + bucketMs > bucket - windowMs) {
        out.add(p);
      }
    }
    if (units <= 0) {
      return out.size() == peaks.size() ? peaks : out;
    }
    if (!out.isEmpty() && out.get(out.size() - 1).bucketStartMs() == bucket) {
      PeakSample last = out.remove(out.size() - 1);
      out.add(new PeakSample(bucket, Math.max(last.units(), units)));
    } else {
      out.add(new PeakSample(bucket, units));
    }
    return out;
  }

  /** Highest demand among buckets that overlap the last {@code windowMs}, 0 if none. */
  public static int peak(List<PeakSample> peaks, long nowMs, long bucketMs, long windowMs) {
    int max = 0;
    for (PeakSample p : peaks) {
      if (p.bucketStartMs() + bucketMs > nowMs - windowMs) {
        max = Math.max(max, p.units());
      }
    }
    return max;
  }
}
