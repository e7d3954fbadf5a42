package dev.lakehouse.api.v1alpha1;

/**
 * Admission's limit on a Spark property's value. Properties are rendered into the engine's
 * ConfigMap, which the API server caps at 1 MiB: a value above this limit is refused when written,
 * not when the operator renders it.
 */
public final class SparkProperties {
  /** The longest value of a Spark property, in characters. */
  public static final int MAX_VALUE_LENGTH = 16384;

  public static final String VALUE_SIZE_RULE = "self.all(k, self[k].size() <= 16384)";

  public static final String VALUE_SIZE_MESSAGE =
      "values are at most 16384 characters each (the engine's configuration is a ConfigMap, at most "
          + "1 MiB): put large content in a file the engine reads instead";

  private SparkProperties() {}
}
