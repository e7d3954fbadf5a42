package dev.lakehouse.autoscaler.service;

import dev.lakehouse.autoscaler.model.Reason;
import dev.lakehouse.autoscaler.model.ScalingDecision;
import dev.lakehouse.autoscaler.policy.ScalingPolicy;
import dev.lakehouse.autoscaler.port.Clock;
import dev.lakehouse.autoscaler.port.EventSink;
import dev.lakehouse.autoscaler.port.MetricsSource;
import dev.lakehouse.autoscaler.port.ScalingRealizer;
import dev.lakehouse.autoscaler.port.ScalingTarget;
import dev.lakehouse.autoscaler.port.StateStore;
import dev.lakehouse.autoscaler.state.ScalerState;
import java.util.Objects;

/**
 * One evaluation per call, meant to run in each reconcile of the target: read metrics, load the
 * remembered state, ask the policy, carry out the decision, remember, tell. Holds no per-target
 * state itself, so one instance serves every target of a kind.
 *
 * @param <M> the metrics snapshot type
 */
public class Autoscaler<M> {
  private final MetricsSource<M> metrics;
  private final ScalingRealizer realizer;
  private final StateStore store;
  private final EventSink events;
  private final Clock clock;

  public Autoscaler(
      MetricsSource<M> metrics,
      ScalingRealizer realizer,
      StateStore store,
      EventSink events,
      Clock clock) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.realizer = Objects.requireNonNull(realizer, "realizer");
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Evaluates {@code target} once with {@code policy} (built from the target's current spec). */
  public ScalingDecision reconcile(ScalingTarget target, ScalingPolicy<M> policy) {
    long now = clock.nowMillis();
    ScalerState before = store.load(target);
    M snapshot = readMetrics(target);
    ScalingDecision decision = policy.decide(snapshot, before, now);
    if (decision.changesSize()) {
      realizer.apply(target, decision.desiredUnits(), decision.decommission());
    }
    if (worthSaving(before, decision.nextState())) {
      store.save(target, decision.nextState());
    }
    if (worthTelling(before, decision)) {
      events.record(target, decision);
    }
    return decision;
  }

  private M readMetrics(ScalingTarget target) {
    try {
      return metrics.snapshot(target).orElse(null);
    } catch (RuntimeException e) {
      // A failing scrape is the same as no metrics: the policy holds the size.
      return null;
    }
  }

  /**
   * Saves only when something other than the evaluation time changed: an idle target causes no
   * writes.
   */
  static boolean worthSaving(ScalerState before, ScalerState after) {
    return !sameIgnoringEvaluationTime(before, after);
  }

  static boolean sameIgnoringEvaluationTime(ScalerState a, ScalerState b) {
    return a.withDecisionAt(0, a.lastReason()).equals(b.withDecisionAt(0, a.lastReason()))
        && a.lastReason().equals(b.lastReason());
  }

  /**
   * Size changes always; otherwise only entering a metrics problem, so a long outage is one event.
   */
  static boolean worthTelling(ScalerState before, ScalingDecision decision) {
    if (decision.changesSize()) {
      return true;
    }
    boolean warning =
        decision.reason() == Reason.METRICS_MISSING || decision.reason() == Reason.METRICS_STALE;
    return warning && !decision.reason().name().equals(before.lastReason());
  }
}
