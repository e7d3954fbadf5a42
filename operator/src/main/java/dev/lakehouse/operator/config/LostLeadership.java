package dev.lakehouse.operator.config;

import org.jboss.logging.Logger;

/**
 * What happens when this replica stops leading. Losing the Lease while running means another
 * replica may reconcile now, so this one stops at once (Runtime.halt, no shutdown hooks) and
 * restarts as a follower: an orderly exit would let the reconciliations in flight, and the ones the
 * informers start meanwhile, write for as long as the shutdown takes (a paused leader resumed after
 * its Lease was taken wrote children that way). Stopping to lead because the process is shutting
 * down (SIGTERM) must not call System.exit again: java-operator-sdk's own exit-on-stop does, from
 * inside the shutdown, and the JVM then deadlocks and never exits.
 */
final class LostLeadership implements Runnable {
  private static final Logger LOG = Logger.getLogger(LostLeadership.class);

  @Override
  public void run() {
    if (shuttingDown()) {
      LOG.info("stopped leading because the operator is shutting down");
      return;
    }
    LOG.error(
        "lost the leader-election Lease: exiting so that this replica restarts as a follower");
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }

  /** The JVM refuses new shutdown hooks once it has begun to shut down. */
  static boolean shuttingDown() {
    try {
      Thread probe = new Thread(() -> {});
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
