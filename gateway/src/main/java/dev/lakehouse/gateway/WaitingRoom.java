package dev.lakehouse.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * New connections in arrival order: each is routed at once when a backend is routable, else held
 * here until one is (or until its wake timeout, which the connection watches itself). Every
 * connection passes through the queue, so one arriving while others wait never overtakes them.
 */
final class WaitingRoom {

  /** A connection that can be sent to a backend; its session is already counted. */
  interface Waiter {
    void route(Backend backend);
  }

  private final Router router;
  private final Runnable wake;
  private final Deque<Waiter> queue = new ArrayDeque<>();

  /**
   * @param wake run when a connection has to wait because no backend is routable (rate limiting is
   *     the caller's)
   */
  WaitingRoom(Router router, Runnable wake) {
    this.router = router;
    this.wake = wake;
  }

  /** Routes the connection now if it can; returns true when it is held instead. */
  boolean admit(Waiter waiter) {
    synchronized (this) {
      queue.addLast(waiter);
    }
    release();
    boolean held;
    synchronized (this) {
      held = queue.contains(waiter);
    }
    if (held) {
      wake.run();
    }
    return held;
  }

  /** Routes held connections, oldest first, while a backend is routable. Call on every change. */
  void release() {
    List<Waiter> routed = new ArrayList<>();
    List<Backend> targets = new ArrayList<>();
    synchronized (this) {
      while (!queue.isEmpty()) {
        Optional<Backend> backend = router.acquire(Set.of());
        if (backend.isEmpty()) {
          break;
        }
        routed.add(queue.pollFirst());
        targets.add(backend.get());
      }
    }
    // Outside the lock: routing hands the connection to its event loop, which may call back here.
    for (int i = 0; i < routed.size(); i++) {
      routed.get(i).route(targets.get(i));
    }
  }

  /** Removes a held connection (timed out or gone); false when it was already routed. */
  synchronized boolean leave(Waiter waiter) {
    return queue.remove(waiter);
  }

  synchronized int size() {
    return queue.size();
  }

  /** Asks again for a wake while connections still wait, in case the first request was lost. */
  void remindWake() {
    if (size() > 0 && !router.hasRoutable()) {
      wake.run();
    }
  }
}
