package dev.lakehouse.autoscaler.service;

import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.model.WarehouseMetrics;
import dev.lakehouse.autoscaler.policy.warehouse.WarehousePolicy;
import dev.lakehouse.autoscaler.policy.warehouse.WarehousePolicyConfig;
import dev.lakehouse.autoscaler.port.Clock;
import dev.lakehouse.autoscaler.port.EventSink;
import dev.lakehouse.autoscaler.port.MetricsSource;
import dev.lakehouse.autoscaler.port.ScalingRealizer;
import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.port.StateStore;

/**
 * The entry point for Warehouses: wires the ports to {@link WarehousePolicy}. Call once per
 * reconcile.
 */
public final class WarehouseAutoscaler extends Autoscaler<WarehouseMetrics> {

  public WarehouseAutoscaler(
      MetricsSource<WarehouseMetrics> metrics,
      ScalingRealizer realizer,
      StateStore store,
      EventSink events,
      Clock clock) {
    super(metrics, realizer, store, events, clock);
  }

  public ScalingDecision reconcile(ScalingTarget target, WarehousePolicyConfig config) {
    return reconcile(target, new WarehousePolicy(config));
  }
}
