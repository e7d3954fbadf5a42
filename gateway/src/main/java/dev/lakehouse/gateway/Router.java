package dev.lakehouse.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gateway's view of its backends and of the sessions it opened to each. Choosing a backend and
 * counting the new session happen under one lock, so two connections arriving together see each
 * other's choice and spread out.
 */
final class Router {
  private List<Backend> backends = List.of();
  private final Map<String, Integer> sessions = new HashMap<>();

  /** Replaces the backend list; returns whether it changed. */
  synchronized boolean setBackends(List<Backend> newBackends) {
    if (newBackends.equals(backends)) {
      return false;
    }
    backends = List.copyOf(newBackends);
    return true;
  }

  synchronized List<Backend> backends() {
    return backends;
  }

  synchronized boolean hasRoutable() {
    return backends.stream().anyMatch(Backend::routable);
  }

  /** Chooses a backend for a new session and counts it; release it when the session ends. */
  synchronized Optional<Backend> acquire(Set<String> excluded) {
    Optional<Backend> choice = BackendChoice.leastSessions(backends, sessions, excluded);
    choice.ifPresent(backend -> sessions.merge(backend.name(), 1, Integer::sum));
    return choice;
  }

  synchronized void release(Backend backend) {
    sessions.computeIfPresent(backend.name(), (name, count) -> count > 1 ? count - 1 : null);
  }

  /**
   * Open sessions per cluster: every known backend (0 when idle, so a draining cluster shows when
   * it is empty) and any gone backend that still has sessions.
   */
  synchronized Map<String, Integer> sessions() {
    Map<String, Integer> counts = new TreeMap<>(sessions);
    backends.forEach(backend -> counts.putIfAbsent(backend.name(), 0));
    return counts;
  }
}
