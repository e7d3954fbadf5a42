package dev.lakehouse.autoscaler.state;

/**
 * One remembered decision that changed the size.
 *
 * @param atMs when, epoch ms
 * @param from units before
 * @param to units after
 * @param reason the {@link dev.lakehouse.autoscaler.model.Reason} name
 */
public record DecisionRecord(long atMs, int from, int to, String reason) {

  /** +1 for growth, -1 for shrink, 0 otherwise. */
  public int direction() {
    return Integer.signum(to - from);
  }
}
