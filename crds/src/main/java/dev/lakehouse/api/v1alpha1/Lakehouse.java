package dev.lakehouse.api.v1alpha1;

/** Names shared by the four kinds of the lakehouse.dev API. */
public final class Lakehouse {
  public static final String GROUP = "lakehouse.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "lakehouse";

  private Lakehouse() {}
}
