package dev.lakehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time and memory of a running process, from /proc (Linux). */
final class ProcessUsage {
  /** USER_HZ: the unit of /proc/<pid>/stat's times on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessUsage() {}

  /**
   * User plus system CPU seconds the process has used since it started, with those of its child
   * processes that ended and were waited for (an operator that runs a program per resource, as
   * spark-operator runs spark-submit, pays for it).
   */
  static double cpuSeconds(long pid) {
    String stat = read(pid, "stat");
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    long childrenUtime = Long.parseLong(fields[13]);
    long childrenStime = Long.parseLong(fields[14]);
    return (utime + stime + childrenUtime + childrenStime) / TICKS_PER_SECOND;
  }

  /** The resident set of the process and all its descendants now, in MiB (0 once it is gone). */
  static double treeRssMb(long pid) {
    double sum = 0;
    java.util.Deque<Long> todo = new java.util.ArrayDeque<>(List.of(pid));
    while (!todo.isEmpty()) {
      long next = todo.pop();
      try {
        sum += statusKb(next, "VmRSS:") / 1024.0;
        todo.addAll(children(next));
      } catch (RuntimeException e) {
        // ended while we looked
      }
    }
    return sum;
  }

  private static List<Long> children(long pid) {
    List<Long> children = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> tasks =
        Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String list = Files.readString(task.resolve("children")).trim();
        if (!list.isEmpty()) {
          for (String child : list.split("\\s+")) {
            children.add(Long.parseLong(child));
          }
        }
      }
    } catch (IOException e) {
      // gone
    }
    return children;
  }

  /**
   * The largest resident set of a process with its descendants, sampled every 250 ms while open:
   * the kernel keeps a high-water mark per process only, and a child's ends with it.
   */
  static final class PeakTreeRss implements AutoCloseable {
    private final java.util.concurrent.ScheduledExecutorService sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "peak-tree-rss");
              thread.setDaemon(true);
              return thread;
            });
    private final java.util.concurrent.atomic.AtomicLong peakKb =
        new java.util.concurrent.atomic.AtomicLong();

    PeakTreeRss(long pid) {
      sampler.scheduleAtFixedRate(
          () -> peakKb.accumulateAndGet((long) (treeRssMb(pid) * 1024), Math::max),
          0,
          250,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    double peakMb() {
      return peakKb.get() / 1024.0;
    }

    @Override
    public void close() {
      sampler.shutdownNow();
    }
  }

  /** Resident set size now, in MiB. */
  static double rssMb(long pid) {
    return statusKb(pid, "VmRSS:") / 1024.0;
  }

  /** The largest resident set size the process has had, in MiB (the kernel's high-water mark). */
  static double peakRssMb(long pid) {
    return statusKb(pid, "VmHWM:") / 1024.0;
  }

  private static long statusKb(long pid, String field) {
    for (String line : read(pid, "status").lines().toList()) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no " + field + " for pid " + pid);
  }

  private static String read(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), file));
    } catch (IOException e) {
      throw new UncheckedIOException("process " + pid + " is gone", e);
    }
  }
}
