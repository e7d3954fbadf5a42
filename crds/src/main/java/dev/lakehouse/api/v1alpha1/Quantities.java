package dev.lakehouse.api.v1alpha1;

/** Patterns of Kubernetes quantities accepted by the API. */
public final class Quantities {
  /** Memory as a Kubernetes quantity, for example 4Gi or 512Mi. */
  public static final String MEMORY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$";

  /** CPU as a Kubernetes quantity, for example 64 or 500m. */
  public static final String CPU = "^[0-9]+(\\.[0-9]+)?m?$";

  private Quantities() {}
}
