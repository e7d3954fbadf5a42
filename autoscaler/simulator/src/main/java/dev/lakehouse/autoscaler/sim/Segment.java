package dev.lakehouse.autoscaler.sim;

/** A time interval [startMs, endMs) of a run. */
public record Segment(long startMs, long endMs) {
  public Segment {
    if (endMs < startMs) {
      throw new IllegalArgumentException("segment ends before it starts");
    }
  }

  public boolean contains(long t) {
    return t >= startMs && t < endMs;
  }
}
