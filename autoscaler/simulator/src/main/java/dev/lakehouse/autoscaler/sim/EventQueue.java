package dev.lakehouse.autoscaler.sim;

import java.util.PriorityQueue;

/**
 * Events in time order; events at the same millisecond run in the order they were scheduled, which
 * makes every run reproducible.
 */
final class EventQueue {
  enum Type {
    SUBMIT,
    TASK_DONE,
    UNIT_READY,
    UNIT_GONE,
    TICK,
    STEP
  }

  record Event(long timeMs, long seq, Type type, int index, SimUnit unit, WorkItem item) {}

  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(
          (a, b) -> {
            int c = Long.compare(a.timeMs(), b.timeMs());
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
          });
  private long seq;

  void schedule(long timeMs, Type type, int index, SimUnit unit, WorkItem item) {
    queue.add(new Event(timeMs, seq++, type, index, unit, item));
  }

  Event poll() {
    return queue.poll();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }
}
