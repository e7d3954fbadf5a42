package dev.lakehouse.autoscaler.bench;

/** The policies of the results table, by the names the CSV uses. */
public enum PolicyKind {
  OURS("ours"),
  STATIC_MIN("static-min"),
  STATIC_MAX("static-max"),
  SPARK_DRA("spark-dra"),
  STANDARD("standard"),
  OPTIMIZED("optimized"),
  WAREHOUSE_RULES("warehouse-rules"),
  HPA_QUEUE("hpa-queue"),
  ORACLE("oracle");

  private final String label;

  PolicyKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
