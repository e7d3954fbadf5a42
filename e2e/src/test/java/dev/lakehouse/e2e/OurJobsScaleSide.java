package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ours with runs of Jobs, beside spark-operator's SparkApplications: in each namespace a Workspace,
 * a Cluster (a driver and one worker, Ready before the runs) and a Job of one SQL task on it; the
 * engines are manual runs, JobRuns created by hand as {@code kubectl create} does
 * (docs/operator.md, Starting runs), spread over the namespaces. A run is ready once its task's pod
 * runs (kwok starts it, then ends it: a task that ran).
 */
final class OurJobsScaleSide implements ScaleSide {
  static final String JOB = "bench";
  static final String CLUSTER = "shared";

  private final OurOperator operator;
  private final Kubectl kubectl;

  OurJobsScaleSide(OurOperator operator, Kubectl kubectl) {
    this.operator = operator;
    this.kubectl = kubectl;
  }

  @Override
  public String name() {
    return "ours-jobs";
  }

  @Override
  public ResourceDefinitionContext kind() {
    return new ResourceDefinitionContext.Builder()
        .withGroup("lakehouse.dev")
        .withVersion("v1alpha1")
        .withKind("JobRun")
        .withPlural("jobruns")
        .withNamespaced(true)
        .build();
  }

  @Override
  public void install() throws IOException {
    operator.install();
  }

  @Override
  public RunningOperator startOperator(int n) throws IOException {
    return operator.start("ours-jobs-operator-" + n);
  }

  /**
   * Workspaces, then the Cluster and the Job in each; the runs of a Job may all be active at once
   * and all are kept (the history limit's maximum, 100, is above the runs per Job of a leg).
   */
  @Override
  public void prepareTenants(List<String> namespaces) {
    operator.workspaces(namespaces);
    StringBuilder manifest = new StringBuilder();
    for (String namespace : namespaces) {
      manifest.append(
          """
          ---
          apiVersion: lakehouse.dev/v1alpha1
          kind: Cluster
          metadata: {name: %s, namespace: %s}
          spec:
            runtimeVersion: spark-3.5
            workers: 1
            driver: {cores: 1, memory: 2Gi}
            worker: {cores: 1, memory: 2Gi}
          ---
          apiVersion: lakehouse.dev/v1alpha1
          kind: Job
          metadata: {name: %s, namespace: %s}
          spec:
            existingCluster: %s
            maxConcurrentRuns: 1000
            successfulRunsHistoryLimit: 100
            failedRunsHistoryLimit: 100
            tasks: [{key: only, sql: {query: "SELECT 1"}}]
          """
              .formatted(CLUSTER, namespace, JOB, namespace, CLUSTER));
    }
    kubectl.apply(manifest.toString());
    kubectl.ok(
        "wait", "--for=condition=Ready", "--timeout=600s", "clusters.lakehouse.dev", "--all", "-A");
    kubectl.ok(
        "wait", "--for=condition=Ready", "--timeout=600s", "jobs.lakehouse.dev", "--all", "-A");
  }

  @Override
  public void forgetTenants(List<String> namespaces) {
    operator.forgetWorkspaces(namespaces);
  }

  @Override
  public List<GenericKubernetesResource> engines(List<String> namespaces, int count) {
    if (count > 100 * namespaces.size()) {
      throw new IllegalArgumentException(
          "at most 100 runs per Job (its history limit) : more namespaces for " + count + " runs");
    }
    List<GenericKubernetesResource> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      runs.add(
          Serialization.unmarshal(
              """
              apiVersion: lakehouse.dev/v1alpha1
              kind: JobRun
              metadata: {name: run-%04d, namespace: %s}
              spec: {job: %s}
              """
                  .formatted(i, namespaces.get(i % namespaces.size()), JOB),
              GenericKubernetesResource.class));
    }
    return runs;
  }

  @Override
  public ResourceDefinitionContext readinessKind() {
    return RunningPods.KIND;
  }

  /** A task pod carries its run's name. */
  @Override
  public String engineKey(GenericKubernetesResource pod) {
    return pod.getMetadata().getNamespace() + "/" + RunningPods.label(pod, "lakehouse.dev/run");
  }

  @Override
  public Optional<Instant> readySince(GenericKubernetesResource pod) {
    return RunningPods.label(pod, "lakehouse.dev/run").isEmpty()
        ? Optional.empty()
        : RunningPods.startedSince(pod);
  }

  @Override
  public String apiUser() {
    return operator.apiUser();
  }

  @Override
  public long engineReconciles(RunningOperator running) throws IOException {
    return OurOperator.reconciles(running, "JobRun");
  }

  @Override
  public double engineReconcileSeconds(RunningOperator running) throws IOException {
    return OurOperator.reconcileSeconds(running, "JobRun");
  }

  @Override
  public Optional<Double> liveHeapMb(RunningOperator running) {
    return OurOperator.liveHeapMb(running);
  }

  @Override
  public Optional<HistogramBuckets> eventToReconcile(RunningOperator running) throws IOException {
    return OurOperator.eventToReconcile(running, "JobRun");
  }
}
