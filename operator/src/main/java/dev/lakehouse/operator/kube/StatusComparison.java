package dev.lakehouse.operator.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;

/**
 * Whether a computed status differs from the stored one, so that an unchanged status is never
 * written.
 */
public final class StatusComparison {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private StatusComparison() {}

  public static boolean differs(Object stored, Object computed) {
    return !Objects.equals(JSON.asJson(stored), JSON.asJson(computed));
  }
}
