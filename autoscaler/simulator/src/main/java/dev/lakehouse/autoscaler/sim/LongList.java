package dev.lakehouse.autoscaler.sim;

import java.util.Arrays;

/** A growable array of longs (waits of a run can be hundreds of thousands; no boxing). */
final class LongList {
  private long[] values = new long[1024];
  private int size;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int size() {
    return size;
  }

  long[] sortedCopy() {
    long[] copy = Arrays.copyOf(values, size);
    Arrays.sort(copy);
    return copy;
  }
}
