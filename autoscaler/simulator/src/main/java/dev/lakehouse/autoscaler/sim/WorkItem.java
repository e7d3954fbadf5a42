package dev.lakehouse.autoscaler.sim;

/** One task (or query) waiting or running. */
record WorkItem(int job, long arrivalMs, int durationMs) {}
