package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One operator of the scale benchmark with what it runs: ours with Clusters or with runs of Jobs, a
 * peer with its own kind (RayClusters, SparkApplications). The benchmark drives every side through
 * the same steps (see {@link ScaleRun}).
 */
interface ScaleSide {
  /** The column of the side in the table, e.g. "ours". */
  String name();

  /** The kind of its engines. */
  ResourceDefinitionContext kind();

  /** Installs what the operator needs before it starts: CRDs, RBAC, its namespace. */
  void install() throws IOException;

  /** Starts the operator (the {@code n}-th time) and waits until it answers its readiness probe. */
  RunningOperator startOperator(int n) throws IOException;

  /** The namespaces of the engines, and what a tenant needs there (ours: Workspaces, Ready). */
  void prepareTenants(List<String> namespaces);

  /**
   * Removes what {@link #prepareTenants} made besides the namespaces (which the benchmark deletes
   * after), with the operator stopped, so that a later leg starts on an empty control plane.
   */
  default void forgetTenants(List<String> namespaces) {}

  /** The engines to create, {@code count} spread over the namespaces in turn. */
  List<GenericKubernetesResource> engines(List<String> namespaces, int count);

  /**
   * The kind whose objects say when an engine is ready: the engine's own (a Cluster's Ready
   * condition), or the pods it makes (a run's task pod, an application's driver pod, Running).
   */
  default ResourceDefinitionContext readinessKind() {
    return kind();
  }

  /**
   * The engine ({@code namespace/name}, as created) that an object of {@link #readinessKind}
   * belongs to.
   */
  default String engineKey(GenericKubernetesResource observed) {
    return PacedCreator.key(observed);
  }

  /**
   * When the engine became ready as its users wait for it, as the server recorded it (a condition's
   * or state's transition time, a container's start, to the second), read from an object of {@link
   * #readinessKind}, or empty while it is not ready. The server's time, not when a watcher on this
   * busy machine saw it.
   */
  Optional<Instant> readySince(GenericKubernetesResource observed);

  /**
   * The user the operator's API requests are made as, as the audit log shows it: every side runs
   * under a ServiceAccount of its own, so programs it starts (spark-submit) are counted with it.
   */
  String apiUser();

  /** Reconciles of engines the running operator has finished, from its metrics. */
  long engineReconciles(RunningOperator operator) throws IOException;

  /** Seconds the running operator has spent inside reconciles of engines, from its metrics. */
  double engineReconcileSeconds(RunningOperator operator) throws IOException;

  /**
   * The operator's histogram of the time an event about an engine waited before a reconcile of the
   * engine started (ours: lakehouse_event_to_reconcile_seconds; a controller-runtime operator: its
   * controller's work queue wait, workqueue_queue_duration_seconds), from its metrics; empty where
   * it has none.
   */
  default Optional<HistogramBuckets> eventToReconcile(RunningOperator operator) throws IOException {
    return Optional.empty();
  }

  /** What the operator's heap holds after a full collection, where the runtime can tell. */
  default Optional<Double> liveHeapMb(RunningOperator operator) {
    return Optional.empty();
  }

  /** A running operator process. */
  interface RunningOperator extends AutoCloseable {
    long pid();

    /** Its Prometheus metrics page. */
    String metrics() throws IOException;

    /** SIGTERM, as a rollout stops a pod; SIGKILL after the grace period. */
    void stop(Duration grace) throws InterruptedException;

    @Override
    default void close() throws InterruptedException {
      stop(Duration.ofSeconds(20));
    }
  }

  /** The sum of a Prometheus counter's samples whose labels contain {@code labelFilter}. */
  static long counterSum(String metrics, String name, String labelFilter) {
    return (long) sampleSum(metrics, name, labelFilter);
  }

  /** The sum of a metric's samples whose labels contain {@code labelFilter}. */
  static double sampleSum(String metrics, String name, String labelFilter) {
    double sum = 0;
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(name + "{") && line.contains(labelFilter)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
