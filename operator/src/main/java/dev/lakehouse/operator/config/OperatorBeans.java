package dev.lakehouse.operator.config;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.operator.cluster.autoscaling.AutoscalerEvents;
import dev.lakehouse.operator.cluster.autoscaling.ClusterAutoscaling;
import dev.lakehouse.operator.cluster.autoscaling.PodDeletionCost;
import dev.lakehouse.operator.engine.activity.AnnotationActivity;
import dev.lakehouse.operator.engine.activity.EngineActivity;
import dev.lakehouse.operator.engine.activity.SparkRestActivity;
import dev.lakehouse.operator.engine.load.AnnotationLoadSource;
import dev.lakehouse.operator.engine.load.EngineLoadSource;
import dev.lakehouse.operator.engine.load.SparkRestLoadSource;
import dev.lakehouse.operator.job.RunAdmissions;
import dev.lakehouse.operator.kube.ChildSets;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.ReconcileErrors;
import dev.lakehouse.operator.kube.StatusRecorder;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import dev.lakehouse.operator.metrics.ReconcileMetrics;
import dev.lakehouse.operator.warehouse.AnnotationSqlLoadSource;
import dev.lakehouse.operator.warehouse.HttpSqlLoadSource;
import dev.lakehouse.operator.warehouse.SqlLoadSource;
import dev.lakehouse.operator.warehouse.WarehouseAutoscaling;
import dev.lakehouse.operator.warehouse.WarehouseDecisionEvents;
import dev.lakehouse.operator.workspace.SecretKeys;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the operator's collaborators for CDI; tests construct the same classes directly. */
@Singleton
public class OperatorBeans {

  @Produces
  @Singleton
  EventRecorder eventRecorder(KubernetesClient client, OperatorMetrics metrics, Clock clock) {
    return new EventRecorder(client, metrics, clock);
  }

  @Produces
  @Singleton
  ChildSets childSets(KubernetesClient client, OperatorMetrics metrics, EventRecorder events) {
    return new ChildSets(client, metrics, events);
  }

  @Produces
  @Singleton
  StatusRecorder statusRecorder(KubernetesClient client, OperatorMetrics metrics) {
    return new StatusRecorder(client, metrics);
  }

  @Produces
  @Singleton
  ReconcileErrors reconcileErrors(StatusRecorder statuses, EventRecorder events, Clock clock) {
    return new ReconcileErrors(statuses, events, clock);
  }

  @Produces
  @Singleton
  RunAdmissions runAdmissions() {
    return new RunAdmissions();
  }

  @Produces
  @Singleton
  RuntimeVersions runtimeVersions() {
    return RuntimeVersions.bundled();
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Where engine activity comes from: the Spark driver's REST API, or the test source (see
   * OperatorSettings).
   */
  @Produces
  @Singleton
  EngineActivity engineActivity(OperatorSettings settings) {
    return switch (settings.activity().source()) {
      case "annotation" -> new AnnotationActivity();
      case "spark-master" -> new SparkRestActivity();
      default ->
          throw new IllegalArgumentException(
              "lakehouse.activity.source is "
                  + settings.activity().source()
                  + "; use spark-master (production) or annotation (test control planes)");
    };
  }

  /**
   * The autoscaler's ports: Spark load from the REST APIs (or the test annotation), removal by
   * deletion cost.
   */
  /**
   * The Warehouse autoscaler's ports: each cluster's SQL load from its endpoint's load listener (or
   * the test annotation, with the Clusters' metrics source), decisions as events.
   */
  @Produces
  @Singleton
  WarehouseAutoscaling warehouseAutoscaling(
      OperatorSettings settings, EventRecorder events, Clock clock) {
    SqlLoadSource load =
        "annotation".equals(settings.autoscaler().metricsSource())
            ? new AnnotationSqlLoadSource()
            : new HttpSqlLoadSource();
    return new WarehouseAutoscaling(
        load, new WarehouseDecisionEvents(events), settings.warehouse().scaleInWindow(), clock);
  }

  @Produces
  @Singleton
  ClusterAutoscaling clusterAutoscaling(
      OperatorSettings settings,
      KubernetesClient client,
      OperatorMetrics metrics,
      EventRecorder events,
      Clock clock) {
    EngineLoadSource load =
        switch (settings.autoscaler().metricsSource()) {
          case "annotation" -> new AnnotationLoadSource();
          case "spark-rest" -> new SparkRestLoadSource();
          default ->
              throw new IllegalArgumentException(
                  "lakehouse.autoscaler.metrics-source is "
                      + settings.autoscaler().metricsSource()
                      + "; use spark-rest (production) or annotation (test control planes)");
        };
    return new ClusterAutoscaling(
        load,
        new PodDeletionCost(client, metrics),
        new AutoscalerEvents(events),
        settings.autoscaler().scaleDownWindow(),
        clock);
  }

  @Produces
  @Singleton
  OperatorSettings.Engine engineSettings(OperatorSettings settings) {
    return settings.engine();
  }

  /** The operator's namespace: POD_NAMESPACE, which the Helm chart sets; else default. */
  @Produces
  @Singleton
  OperatorNamespace operatorNamespace() {
    return new OperatorNamespace(System.getenv().getOrDefault("POD_NAMESPACE", "default"));
  }

  @Produces
  @Singleton
  OperatorServiceAccount operatorServiceAccount(
      OperatorSettings settings, OperatorNamespace operatorNamespace) {
    return new OperatorServiceAccount(operatorNamespace.name(), settings.serviceAccount());
  }

  /** The keys of the Secrets in Workspace namespaces, watched per namespace. */
  @Produces
  @Singleton
  SecretKeys secretKeys(KubernetesClient client, Clock clock) {
    return new SecretKeys(client, clock);
  }

  void closeSecretKeys(@Disposes SecretKeys secretKeys) {
    secretKeys.close();
  }

  /** Leader election through a Lease, active in the prod profile (the packaged application). */
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(
      OperatorSettings settings, OperatorNamespace operatorNamespace) {
    OperatorSettings.LeaderElection election = settings.leaderElection();
    String namespace = election.leaseNamespace().orElse(operatorNamespace.name());
    checkLeaderElectionDurations(
        election.leaseDuration(), election.renewDeadline(), election.retryPeriod());
    return new LeaderElectionConfiguration(
        election.leaseName(),
        namespace,
        election.leaseDuration(),
        election.renewDeadline(),
        election.retryPeriod(),
        null,
        new LeaderCallbacks(() -> {}, new LostLeadership(), leader -> {}),
        false);
  }

  /**
   * Refuses durations with which two replicas could lead at once or a leader could not renew in
   * time: retry period &lt; renew deadline &lt; lease duration, as Kubernetes' own leader election
   * requires.
   */
  static void checkLeaderElectionDurations(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    if (retryPeriod.isNegative()
        || retryPeriod.isZero()
        || retryPeriod.compareTo(renewDeadline) >= 0
        || renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          "lakehouse.leader-election durations must be retry-period < renew-deadline < "
              + "lease-duration, all positive; they are retry-period "
              + retryPeriod
              + ", renew-deadline "
              + renewDeadline
              + ", lease-duration "
              + leaseDuration);
    }
  }

  /**
   * Reconciliation metrics from java-operator-sdk's callbacks (the extension picks up a Metrics
   * bean).
   */
  @Produces
  @Singleton
  Metrics reconcileMetrics(OperatorMetrics metrics) {
    return new ReconcileMetrics(metrics);
  }
}
