package dev.lakehouse.autoscaler.sim;

import java.util.Arrays;

/** Samples (time, value) kept for a sliding window: count and sum of the ones still inside. */
final class TimeWindow {
  private final long windowMs;
  private long[] times = new long[256];
  private long[] values = new long[256];
  private int head;
  private int tail;
  private long sum;

  TimeWindow(long windowMs) {
    this.windowMs = windowMs;
  }

  void add(long timeMs, long value) {
    if (tail == times.length) {
      compactOrGrow();
    }
    times[tail] = timeMs;
    values[tail] = value;
    tail++;
    sum += value;
  }

  /** Drops samples at or before {@code nowMs - windowMs}. */
  void prune(long nowMs) {
    while (head < tail && times[head] <= nowMs - windowMs) {
      sum -= values[head];
      head++;
    }
  }

  int count() {
    return tail - head;
  }

  long sum() {
    return sum;
  }

  private void compactOrGrow() {
    int n = tail - head;
    if (head > times.length / 2) {
      System.arraycopy(times, head, times, 0, n);
      System.arraycopy(values, head, values, 0, n);
    } else {
      long[] t = Arrays.copyOfRange(times, head, head + times.length * 2);
      long[] v = Arrays.copyOfRange(values, head, head + values.length * 2);
      times = t;
      values = v;
    }
    head = 0;
    tail = n;
  }
}
