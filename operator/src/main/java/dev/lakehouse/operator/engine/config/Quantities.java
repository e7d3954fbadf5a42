package dev.lakehouse.operator.engine.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes memory quantities, and the JVM heap Spark gets out of a node's memory. */
final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$");

  /** Spark's own minimum memory overhead of a JVM, in MiB. */
  static final long MIN_OVERHEAD_MIB = 384;

  /**
   * The smallest heap Spark starts a driver or executor with: 1.5 times the 300 MiB it reserves
   * (its UnifiedMemoryManager refuses less, and a driver refuses an executor size below it).
   */
  static final long SPARK_MIN_HEAP_MIB = 450;

  /**
   * The heap a JVM gets where the memory would give it less than Spark's minimum: the minimum and
   * some room, because the JVM reports a little less than its -Xmx as its maximum (a survivor
   * space, under the serial collector the JVM picks in a container of less than 2 GiB) and Spark
   * checks that maximum.
   */
  static final long SMALLEST_RUNNABLE_HEAP_MIB = 512;

  private Quantities() {}

  /** Mebibytes of a quantity such as 4Gi, 512Mi, 2G or 1073741824 (rounded down). */
  static long mebibytes(String quantity) {
    Matcher m = QUANTITY.matcher(quantity.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a memory quantity: " + quantity);
    }
    BigDecimal n = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    BigDecimal bytes =
        switch (unit) {
          case "Ki" -> n.multiply(BigDecimal.valueOf(1L << 10));
          case "Mi" -> n.multiply(BigDecimal.valueOf(1L << 20));
          case "Gi" -> n.multiply(BigDecimal.valueOf(1L << 30));
          case "Ti" -> n.multiply(BigDecimal.valueOf(1L << 40));
          case "k" -> n.multiply(BigDecimal.valueOf(1_000L));
          case "M" -> n.multiply(BigDecimal.valueOf(1_000_000L));
          case "G" -> n.multiply(BigDecimal.valueOf(1_000_000_000L));
          case "T" -> n.multiply(BigDecimal.valueOf(1_000_000_000_000L));
          default -> n;
        };
    return bytes.divide(BigDecimal.valueOf(1L << 20), 0, RoundingMode.FLOOR).longValueExact();
  }

  /**
   * The heap that fits a node of {@code nodeMiB} with Spark's overhead, max(384 MiB, 10% of the
   * heap), on top: the largest h with h + max(384, h / 10) <= nodeMiB, and never below 256 MiB.
   */
  static long heapMiB(long nodeMiB) {
    long h = nodeMiB - MIN_OVERHEAD_MIB;
    if (h / 10 > MIN_OVERHEAD_MIB) {
      h = nodeMiB * 10 / 11;
    }
    return Math.max(256, h);
  }

  /**
   * {@code heapMiB} if Spark starts a JVM with it, else the smallest heap it does: a heap below
   * Spark's minimum never ran, so raising it changes no engine that ran.
   */
  static long runnableHeapMiB(long heapMiB) {
    return heapMiB < SPARK_MIN_HEAP_MIB ? SMALLEST_RUNNABLE_HEAP_MIB : heapMiB;
  }
}
