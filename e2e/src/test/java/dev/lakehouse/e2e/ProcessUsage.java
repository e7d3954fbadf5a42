package dev.lakehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and memory of a running process, from /proc (Linux). */
final class ProcessUsage {
  /** USER_HZ: the unit of /proc/<pid>/stat's times on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessUsage() {}

  /** User plus system CPU seconds the process has used since it started. */
  static double cpuSeconds(long pid) {
    String stat = read(pid, "stat");
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
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
