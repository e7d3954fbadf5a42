package dev.lakehouse.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cumulative buckets of a Prometheus histogram read from a metrics page, the difference of two
 * scrapes (what was observed between them) and its quantiles, interpolated within a bucket as
 * Prometheus' {@code histogram_quantile} does. The benchmark reads its operators' own histograms
 * with it, so that every side's figure is computed the same way.
 */
final class HistogramBuckets {
  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

  /** Cumulative counts by upper bound, +Inf last. */
  private final TreeMap<Double, Double> cumulative;

  private HistogramBuckets(TreeMap<Double, Double> cumulative) {
    this.cumulative = cumulative;
  }

  /**
   * The buckets of histogram {@code name} (its {@code _bucket} samples) whose labels contain {@code
   * labelFilter}, summed over the matching series by bound (as {@code sum by (le)}); empty when the
   * page has none.
   */
  static Optional<HistogramBuckets> parse(String metrics, String name, String labelFilter) {
    TreeMap<Double, Double> counts = new TreeMap<>();
    String prefix = name + "_bucket{";
    for (String line : metrics.lines().toList()) {
      if (!line.startsWith(prefix) || !line.contains(labelFilter)) {
        continue;
      }
      Matcher le = LE.matcher(line.substring(prefix.length(), line.lastIndexOf('}')));
      if (!le.find()) {
        continue;
      }
      double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      counts.merge(bound(le.group(1)), value, Double::sum);
    }
    return counts.isEmpty() ? Optional.empty() : Optional.of(new HistogramBuckets(counts));
  }

  private static double bound(String le) {
    return switch (le) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(le);
    };
  }

  /** What was observed since {@code earlier} (a scrape of the same process before this one). */
  HistogramBuckets since(HistogramBuckets earlier) {
    TreeMap<Double, Double> difference = new TreeMap<>();
    cumulative.forEach(
        (le, count) -> difference.put(le, count - earlier.cumulative.getOrDefault(le, 0.0)));
    return new HistogramBuckets(difference);
  }

  /**
   * What was observed between two scrapes of one process: a histogram without a series in the
   * earlier scrape had observed nothing yet (a labelled series appears with its first observation);
   * empty when the later scrape has none.
   */
  static Optional<HistogramBuckets> between(
      Optional<HistogramBuckets> earlier, Optional<HistogramBuckets> later) {
    return later.map(l -> earlier.map(l::since).orElse(l));
  }

  /** Observations counted (the +Inf bucket). */
  double count() {
    return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
  }

  /**
   * The {@code q}-quantile (0 to 1) as histogram_quantile computes it: the bucket the rank falls
   * in, linear within it (the first bucket from 0); the highest finite bound when the rank falls in
   * the +Inf bucket. Empty without observations or without a +Inf bucket and one finite bucket.
   */
  Optional<Double> quantile(double q) {
    List<Map.Entry<Double, Double>> buckets = new ArrayList<>(cumulative.entrySet());
    if (buckets.size() < 2
        || buckets.get(buckets.size() - 1).getKey() != Double.POSITIVE_INFINITY
        || count() <= 0
        || Double.isNaN(q)) {
      return Optional.empty();
    }
    if (q < 0) {
      return Optional.of(Double.NEGATIVE_INFINITY);
    }
    if (q > 1) {
      return Optional.of(Double.POSITIVE_INFINITY);
    }
    double rank = q * count();
    int b = 0;
    while (b < buckets.size() - 1 && buckets.get(b).getValue() < rank) {
      b++;
    }
    if (b == buckets.size() - 1) {
      return Optional.of(buckets.get(b - 1).getKey());
    }
    double end = buckets.get(b).getKey();
    if (b == 0 && end <= 0) {
      return Optional.of(end);
    }
    double start = 0;
    double inBucket = buckets.get(b).getValue();
    if (b > 0) {
      start = buckets.get(b - 1).getKey();
      inBucket -= buckets.get(b - 1).getValue();
      rank -= buckets.get(b - 1).getValue();
    }
    return Optional.of(inBucket <= 0 ? start : start + (end - start) * (rank / inBucket));
  }
}
