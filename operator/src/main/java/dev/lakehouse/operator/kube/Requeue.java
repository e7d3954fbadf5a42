package dev.lakehouse.operator.kube;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * When to look at a resource again without an event: the earliest of several deadlines (an idle
 * limit, an autoscaler evaluation, a schedule), never sooner than a second so that a deadline just
 * passed cannot spin a reconcile loop.
 */
public final class Requeue {
  public static final Duration MINIMUM = Duration.ofSeconds(1);

  private Requeue() {}

  /** The earliest of the given delays (nulls are ignored); empty when there is none. */
  public static Optional<Duration> earliest(Duration... delays) {
    return Arrays.stream(delays)
        .filter(Objects::nonNull)
        .min(Duration::compareTo)
        .map(d -> d.compareTo(MINIMUM) < 0 ? MINIMUM : d);
  }
}
