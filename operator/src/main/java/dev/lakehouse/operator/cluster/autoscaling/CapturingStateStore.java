package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.port.StateStore;
import dev.lakehouse.autoscaler.state.ScalerState;

/**
 * The autoscaler's state store in one reconcile: it hands the library the state recorded in the
 * resource's status and keeps what the library saves, for the reconciler to record. Status is the
 * store; this only carries it between the two.
 */
public final class CapturingStateStore implements StateStore {
  private final ScalerState before;
  private ScalerState saved;

  public CapturingStateStore(ScalerState before) {
    this.before = before;
    this.saved = before;
  }

  @Override
  public ScalerState load(ScalingTarget target) {
    return before;
  }

  @Override
  public void save(ScalingTarget target, ScalerState state) {
    saved = state;
  }

  public ScalerState before() {
    return before;
  }

  public ScalerState saved() {
    return saved;
  }

  /** Whether the library saved a state other than the one it was handed. */
  public boolean changed() {
    return saved != before;
  }
}
