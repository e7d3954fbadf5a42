package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingAction;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.operator.kube.EventRecorder;
import org.jboss.logging.Logger;

/**
 * A Warehouse's scaling decisions as Kubernetes events, each with its reason and numbers: Waking (a
 * connection started a stopped Warehouse), ScaledUp, AutoStopped, ScaledDown, and
 * AutoscalerMetricsUnavailable when the SQL endpoints' load cannot be read.
 */
public class WarehouseDecisionEvents implements WarehouseAutoscaling.DecisionEvents {
  private static final Logger LOG = Logger.getLogger(WarehouseDecisionEvents.class);
  private final EventRecorder events;

  public WarehouseDecisionEvents(EventRecorder events) {
    this.events = events;
  }

  @Override
  public void record(Warehouse warehouse, ScalingDecision decision, boolean woken) {
    LOG.infof(
        "autoscaler %s/%s: %s",
        warehouse.getMetadata().getNamespace(),
        warehouse.getMetadata().getName(),
        decision.summary());
    if (decision.action() == ScalingAction.SCALE_UP) {
      events.normal(
          warehouse,
          decision.reason() != Reason.START_ON_DEMAND
              ? EventReason.ScaledUp
              : woken ? EventReason.Waking : EventReason.Starting,
          decision.summary());
    } else if (decision.action() == ScalingAction.SCALE_DOWN) {
      events.normal(
          warehouse,
          decision.reason() == Reason.AUTO_STOP ? EventReason.AutoStopped : EventReason.ScaledDown,
          decision.summary());
    } else {
      events.warning(
          warehouse,
          EventReason.AutoscalerMetricsUnavailable,
          decision.summary()
              + "; the number of clusters holds until the SQL endpoints' load can be read again");
    }
  }
}
