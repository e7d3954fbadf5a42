package dev.lakehouse.operator.kube;

import dev.lakehouse.api.status.Reason;

/**
 * Something that keeps a resource from running as its spec says, in words a user can act on: the
 * reason goes into conditions and events, the message says what is wrong and what to do.
 */
public record Problem(Reason reason, String message) {}
