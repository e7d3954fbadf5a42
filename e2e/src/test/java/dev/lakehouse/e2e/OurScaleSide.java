package dev.lakehouse.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ours with Clusters: the packaged operator ({@link OurOperator}), Workspaces without quotas as
 * tenants, and Clusters of a driver and 3 workers as engines.
 */
final class OurScaleSide implements ScaleSide {
  private final OurOperator operator;

  OurScaleSide(OurOperator operator) {
    this.operator = operator;
  }

  @Override
  public String name() {
    return "ours";
  }

  @Override
  public ResourceDefinitionContext kind() {
    return new ResourceDefinitionContext.Builder()
        .withGroup("lakehouse.dev")
        .withVersion("v1alpha1")
        .withKind("Cluster")
        .withPlural("clusters")
        .withNamespaced(true)
        .build();
  }

  @Override
  public void install() throws IOException {
    operator.install();
  }

  @Override
  public RunningOperator startOperator(int n) throws IOException {
    return operator.start("ours-operator-" + n);
  }

  @Override
  public void prepareTenants(List<String> namespaces) {
    operator.workspaces(namespaces);
  }

  @Override
  public void forgetTenants(List<String> namespaces) {
    operator.forgetWorkspaces(namespaces);
  }

  @Override
  public List<GenericKubernetesResource> engines(List<String> namespaces, int count) {
    List<GenericKubernetesResource> engines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      engines.add(
          Serialization.unmarshal(
              """
              apiVersion: lakehouse.dev/v1alpha1
              kind: Cluster
              metadata: {name: engine-%04d, namespace: %s}
              spec:
                runtimeVersion: spark-3.5
                workers: 3
                driver: {cores: 1, memory: 2Gi}
                worker: {cores: 1, memory: 2Gi}
              """
                  .formatted(i, namespaces.get(i % namespaces.size())),
              GenericKubernetesResource.class));
    }
    return engines;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Instant> readySince(GenericKubernetesResource engine) {
    Object status = engine.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
      return Optional.empty();
    }
    return list.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")))
        .map(c -> Instant.parse((String) c.get("lastTransitionTime")))
        .findFirst();
  }

  @Override
  public String apiUser() {
    return operator.apiUser();
  }

  @Override
  public long engineReconciles(RunningOperator running) throws IOException {
    return OurOperator.reconciles(running, "Cluster");
  }

  @Override
  public double engineReconcileSeconds(RunningOperator running) throws IOException {
    return OurOperator.reconcileSeconds(running, "Cluster");
  }

  /** The live objects' bytes from jcmd's class histogram, which runs a full collection first. */
  @Override
  public Optional<Double> liveHeapMb(RunningOperator running) {
    return OurOperator.liveHeapMb(running);
  }

  @Override
  public Optional<HistogramBuckets> eventToReconcile(RunningOperator running) throws IOException {
    return OurOperator.eventToReconcile(running, "Cluster");
  }
}
