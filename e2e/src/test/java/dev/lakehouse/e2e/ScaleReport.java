package dev.lakehouse.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scale benchmark's results: one table of every side with the ratio of ours to each peer it is
 * compared with (ours / peer: below 1 is better for ours in every row but the creation rate),
 * {@code scale.json} with every figure and breakdown, and {@code scale.csv} with the table's rows.
 */
final class ScaleReport {
  /** The table's rows: figure and label. */
  static final Map<String, String> ROWS = new LinkedHashMap<>();

  static {
    ROWS.put("engines", "engines (Clusters, runs, applications)");
    ROWS.put("create_rate_per_s", "creation rate reached (/s)");
    ROWS.put("all_ready_s", "all ready after first create (s)");
    ROWS.put("ready_p50_s", "p50 create to ready (s)");
    ROWS.put("ready_p90_s", "p90 create to ready (s)");
    ROWS.put("event_to_reconcile_p50_s", "event-to-reconcile p50 (s)");
    ROWS.put("event_to_reconcile_p99_s", "event-to-reconcile p99 (s)");
    ROWS.put("create_writes_operator", "operator writes during create");
    ROWS.put("create_writes_operator_per_engine", "operator writes per engine");
    ROWS.put("create_writes_all_clients", "all clients' writes during create");
    ROWS.put("cpu_seconds_create", "operator CPU s, create to all ready");
    ROWS.put("reconciles_per_engine", "reconciles per engine during create");
    ROWS.put("reconcile_mean_ms", "mean reconcile time (ms)");
    ROWS.put("cpu_ms_per_reconcile", "operator CPU ms per reconcile");
    ROWS.put("rss_mb_before_engines", "operator RSS before engines (MB)");
    ROWS.put("peak_rss_mb", "operator peak RSS (MB)");
    ROWS.put("peak_tree_rss_mb_create", "peak RSS with child processes (MB)");
    ROWS.put("rss_mb_after_idle", "operator RSS after idle (MB)");
    ROWS.put("live_heap_mb_after_idle", "live heap after full GC (MB)");
    ROWS.put("idle_writes", "writes in idle window (leases aside)");
    ROWS.put("idle_cpu_seconds", "operator CPU s in idle window");
    ROWS.put("restart_all_reconciled_s", "restart: all reconciled (s)");
    ROWS.put("restart_writes", "restart: writes (leases aside)");
    ROWS.put("restart_cpu_seconds", "restart: CPU s");
    ROWS.put("restart_peak_rss_mb", "restart: peak RSS (MB)");
  }

  private final ScaleProfile profile;
  private final Map<String, Map<String, Object>> sides = new LinkedHashMap<>();
  private final Map<String, String> comparisons = new LinkedHashMap<>();

  ScaleReport(ScaleProfile profile) {
    this.profile = profile;
  }

  void add(String side, Map<String, Object> figures) {
    sides.put(side, figures);
  }

  /** A ratio column of {@code ours} to {@code peer} once both have figures. */
  void compare(String ours, String peer) {
    comparisons.put(peer, ours);
  }

  /**
   * Writes scale.json and scale.csv into {@code directory} with the sides measured so far (a run
   * that fails later keeps them), and prints the table when {@code print}.
   */
  void write(Path directory, boolean print) throws IOException {
    Files.createDirectories(directory);
    List<String> names = new ArrayList<>(sides.keySet());
    List<String> peers =
        comparisons.keySet().stream()
            .filter(p -> sides.containsKey(p) && sides.containsKey(comparisons.get(p)))
            .toList();
    StringBuilder table = new StringBuilder();
    StringBuilder csv = new StringBuilder("figure");
    table.append(
        String.format(
            "%-40s", "profile " + profile.name() + ", " + profile.engines() + " engines"));
    for (String name : names) {
      table.append(String.format(" %12s", name));
      csv.append(',').append(name);
    }
    for (String peer : peers) {
      String header = comparisons.get(peer) + "/" + peer;
      table.append(String.format(" %" + Math.max(14, header.length()) + "s", header));
      csv.append(',').append(header);
    }
    table.append('\n');
    csv.append('\n');
    for (Map.Entry<String, String> row : ROWS.entrySet()) {
      table.append(String.format("%-40s", row.getValue()));
      csv.append(row.getKey());
      for (String name : names) {
        Object value = sides.get(name).get(row.getKey());
        table.append(String.format(" %12s", value == null ? "-" : value));
        csv.append(',').append(value == null ? "" : value);
      }
      for (String peer : peers) {
        String ours = comparisons.get(peer);
        String ratio = ratio(sides.get(ours).get(row.getKey()), sides.get(peer).get(row.getKey()));
        int width = Math.max(14, (ours + "/" + peer).length());
        table.append(String.format(" %" + width + "s", ratio));
        csv.append(',').append(ratio);
      }
      table.append('\n');
      csv.append('\n');
    }
    if (print) {
      System.out.println("[scale] results\n" + table);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("profile", profile.describe());
    json.put("sides", sides);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(directory.resolve("scale.json").toFile(), json);
    Files.writeString(directory.resolve("scale.csv"), csv.toString());
    System.out.println(
        "[scale] " + directory.resolve("scale.json") + ", " + directory.resolve("scale.csv"));
  }

  private static String ratio(Object ours, Object peer) {
    if (ours instanceof Number o && peer instanceof Number p) {
      if (p.doubleValue() == 0) {
        return o.doubleValue() == 0 ? "1.00" : "-";
      }
      return String.format("%.2f", o.doubleValue() / p.doubleValue());
    }
    return "-";
  }
}
