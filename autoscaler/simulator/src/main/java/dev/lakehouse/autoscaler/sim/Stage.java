package dev.lakehouse.autoscaler.sim;

/** One stage of a Spark job: its tasks' run times. A warehouse query is one stage of one task. */
public record Stage(int[] taskMillis) {
  public Stage {
    if (taskMillis.length == 0) {
      throw new IllegalArgumentException("a stage has at least one task");
    }
    taskMillis = taskMillis.clone();
    for (int t : taskMillis) {
      if (t <= 0) {
        throw new IllegalArgumentException("task durations must be > 0 ms");
      }
    }
  }

  public int tasks() {
    return taskMillis.length;
  }

  public long workMillis() {
    long sum = 0;
    for (int t : taskMillis) {
      sum += t;
    }
    return sum;
  }
}
