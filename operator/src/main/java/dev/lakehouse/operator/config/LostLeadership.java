package dev.lakehouse.operator.config;

import org.jboss.logging.Logger;

/**
 * What happens when this replica stops leading. Losing the Lease while running means another
 * replica may reconcile now, so this one exits and restarts as a follower. Stopping to lead because
 * the process is shutting down (SIGTERM) must not call System.exit again: java-operator-sdk's own
 * exit-on-stop does, from inside the shutdown, and the JVM then deadlocks and never exits.
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
    System.exit(1);
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
