package dev.lakehouse.autoscaler.service;

import dev.lakehouse.autoscaler.model.ClusterMetrics;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicy;
import dev.lakehouse.autoscaler.policy.cluster.ClusterPolicyConfig;
import dev.lakehouse.autoscaler.port.Clock;
import dev.lakehouse.autoscaler.port.EventSink;
import dev.lakehouse.autoscaler.port.MetricsSource;
import dev.lakehouse.autoscaler.port.ScalingRealizer;
import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.port.StateStore;

/**
 * The entry point for Clusters: wires the ports to {@link ClusterPolicy}. Call once per reconcile.
 */
public final class ClusterAutoscaler extends Autoscaler<ClusterMetrics> {

  public ClusterAutoscaler(
      MetricsSource<ClusterMetrics> metrics,
      ScalingRealizer realizer,
      StateStore store,
      EventSink events,
      Clock clock) {
    super(metrics, realizer, store, events, clock);
  }

  public ScalingDecision reconcile(ScalingTarget target, ClusterPolicyConfig config) {
    return reconcile(target, new ClusterPolicy(config));
  }
}
