package dev.lakehouse.operator.engine;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.DriverSpec;
import dev.lakehouse.api.v1alpha1.EnvVar;
import dev.lakehouse.api.v1alpha1.Library;
import dev.lakehouse.api.v1alpha1.PodOverrides;
import dev.lakehouse.api.v1alpha1.SqlEndpoint;
import dev.lakehouse.api.v1alpha1.WorkerSpec;
import java.util.List;
import java.util.Map;

/**
 * What an engine is, whoever asked for it (a Cluster, a Warehouse's fleet, a Job's run): the input
 * of its Spark configuration, pod templates and sizes. Built from the Cluster resource that every
 * engine is.
 *
 * @param name the engine's name (the Cluster's), which its children's names start with
 * @param runtimeVersion the runtime's name, null for the default runtime
 * @param image an engine image that replaces the runtime's, null for the runtime's
 * @param sqlEndpoint the driver's JDBC/Thrift endpoint, null when it serves none
 */
public record EngineDescription(
    String name,
    String namespace,
    String runtimeVersion,
    String image,
    DriverSpec driver,
    WorkerSpec worker,
    Map<String, String> sparkConf,
    List<EnvVar> env,
    List<Library> libraries,
    PodOverrides pod,
    SqlEndpoint sqlEndpoint) {

  public static EngineDescription of(Cluster cluster) {
    ClusterSpec spec = cluster.getSpec() == null ? new ClusterSpec() : cluster.getSpec();
    return new EngineDescription(
        cluster.getMetadata().getName(),
        cluster.getMetadata().getNamespace(),
        spec.runtimeVersion,
        spec.image == null || spec.image.isBlank() ? null : spec.image,
        spec.driver,
        spec.worker,
        spec.sparkConf == null ? Map.of() : spec.sparkConf,
        spec.env == null ? List.of() : spec.env,
        spec.libraries == null ? List.of() : spec.libraries,
        spec.pod == null ? new PodOverrides() : spec.pod,
        spec.sqlEndpoint);
  }

  public EngineNames names() {
    return new EngineNames(name, namespace);
  }
}
