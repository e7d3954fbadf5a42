package dev.lakehouse.operator.cluster.autoscaling;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.autoscaler.model.ScalingAction;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.operator.kube.EventRecorder;
import org.jboss.logging.Logger;

/**
 * Autoscaler decisions as Kubernetes events on the Cluster (ScaledUp, ScaledDown, and
 * AutoscalerMetricsUnavailable once when the Spark load cannot be read), each with the reason and
 * the numbers behind it.
 */
public class AutoscalerEvents implements ClusterAutoscaling.DecisionEvents {
  private static final Logger LOG = Logger.getLogger(AutoscalerEvents.class);
  private final EventRecorder events;

  public AutoscalerEvents(EventRecorder events) {
    this.events = events;
  }

  @Override
  public void record(Cluster cluster, ScalingDecision decision) {
    LOG.infof(
        "autoscaler %s/%s: %s",
        cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), decision.summary());
    if (decision.action() == ScalingAction.SCALE_UP) {
      events.normal(cluster, EventReason.ScaledUp, decision.summary());
    } else if (decision.action() == ScalingAction.SCALE_DOWN) {
      events.normal(cluster, EventReason.ScaledDown, decision.summary());
    } else {
      events.warning(
          cluster,
          EventReason.AutoscalerMetricsUnavailable,
          decision.summary()
              + "; the number of workers holds until Spark's load can be read again");
    }
  }
}
