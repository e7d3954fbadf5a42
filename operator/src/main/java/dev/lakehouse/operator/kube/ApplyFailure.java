package dev.lakehouse.operator.kube;

import dev.lakehouse.api.status.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The API server refused a child the operator applied (a quota, an admission webhook, a full
 * Service IP range): which child, and the API server's own words, for the owner's conditions.
 */
public class ApplyFailure extends RuntimeException {
  private final int code;

  public ApplyFailure(HasMetadata child, KubernetesClientException cause) {
    super(
        "the API server refused "
            + child.getKind()
            + " "
            + child.getMetadata().getName()
            + (cause.getCode() > 0 ? " (HTTP " + cause.getCode() + ")" : "")
            + ": "
            + answer(cause),
        cause);
    this.code = cause.getCode();
  }

  /** The HTTP status of the refusal, 0 when the API server could not be reached. */
  public int code() {
    return code;
  }

  public Problem problem() {
    return new Problem(Reason.ApplyFailed, getMessage());
  }

  private static String answer(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
  }
}
