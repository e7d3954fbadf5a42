package dev.lakehouse.api.v1alpha1;

/** Names and rules shared by the kinds of the lakehouse.dev API. */
public final class Lakehouse {
  public static final String GROUP = "lakehouse.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "lakehouse";

  /**
   * CEL on a resource whose name becomes part of Service names (DNS-1035 labels): lower-case
   * letters, digits and '-', starting with a letter and ending with a letter or digit.
   */
  public static final String NAME_IS_DNS_LABEL_PREFIX =
      "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')";

  private Lakehouse() {}
}
