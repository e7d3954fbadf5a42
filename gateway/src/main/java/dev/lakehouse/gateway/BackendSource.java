package dev.lakehouse.gateway;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the gateway learns its backends and how it asks for a stopped Warehouse to start. Two
 * implementations: the Warehouse's child Clusters in Kubernetes, and a polled JSON file for running
 * without an API server.
 */
public interface BackendSource extends AutoCloseable {

  /**
   * Starts watching; {@code listener} receives the full current list whenever it may have changed,
   * on the source's own threads. Returns once the first list was delivered, or after a bounded
   * wait.
   */
  void start(Consumer<List<Backend>> listener);

  /** Asks for the Warehouse to be started, stamped with {@code at}. May block; may throw. */
  void requestWake(Instant at) throws Exception;

  /** Names the source in log lines, e.g. "Warehouse ns/wh" or "file /tmp/backends.json". */
  String describe();

  @Override
  void close();
}
