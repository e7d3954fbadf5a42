package dev.lakehouse.gateway;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The routing rule, with no state: the routable backend with the fewest sessions, ties by name. */
final class BackendChoice {
  private BackendChoice() {}

  /**
   * @param backends the backends known now
   * @param sessions open sessions per backend name (missing = 0)
   * @param excluded names not to choose (backends that just refused a connection)
   */
  static Optional<Backend> leastSessions(
      Collection<Backend> backends, Map<String, Integer> sessions, Set<String> excluded) {
    return backends.stream()
        .filter(Backend::routable)
        .filter(backend -> !excluded.contains(backend.name()))
        .min(
            Comparator.<Backend>comparingInt(backend -> sessions.getOrDefault(backend.name(), 0))
                .thenComparing(Backend::name));
  }
}
