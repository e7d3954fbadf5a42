package dev.lakehouse.operator.workspace;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.operator.kube.Problem;
import java.util.List;

/**
 * Whether a part of a Workspace (its catalogs, its storage) resolved, and if not, why, in words a
 * user can act on.
 */
public record Resolution(boolean resolved, Reason reason, String message) {

  static Resolution ok(String message) {
    return new Resolution(true, Reason.Resolved, message);
  }

  /** The first problem's reason, and every problem in the message. */
  static Resolution of(List<Problem> problems, String okMessage) {
    if (problems.isEmpty()) {
      return ok(okMessage);
    }
    return new Resolution(
        false,
        problems.get(0).reason(),
        String.join("; ", problems.stream().map(Problem::message).toList()));
  }
}
