package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.SqlEndpoint;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.EngineSizes;
import dev.lakehouse.operator.engine.pods.EnginePods;
import dev.lakehouse.operator.kube.Hashes;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired children of a Cluster, as a pure function of a {@link ClusterModel}: the rendered
 * configuration (ConfigMap), the driver (a StatefulSet of one running the Spark master and the
 * Spark Connect server) and its Service, and the workers (a Deployment whose replicas are the
 * Cluster's workers) with their headless Service.
 *
 * <p>Workers are a Deployment, not a StatefulSet, so that the autoscaler chooses which workers go:
 * it marks them with the lowest pod-deletion cost before replicas shrink, and a StatefulSet could
 * only remove its highest ordinals. A worker that goes is decommissioned by Spark first (the
 * preStop hook), so its tasks finish.
 *
 * <p>Pod templates carry the hash of the configuration, so a configuration change rolls the pods
 * while a change of the number of workers only changes replicas. Engine pods meet the restricted
 * Pod Security profile.
 */
public final class ClusterResources {
  /** How long a leaving worker may take to hand its tasks and blocks over. */
  static final long DECOMMISSION_SECONDS = 120;

  /** Time left after decommissioning for the worker process to stop. */
  static final long TERMINATION_MARGIN_SECONDS = 30;

  private ClusterResources() {}

  public static ClusterChildren build(ClusterModel model) {
    EngineNames names = model.names();
    Map<String, String> configData = model.engine().config().configMapData();
    String configHash = Hashes.ofObject(configData);
    return new ClusterChildren(
        configMap(model, configData),
        driverService(model),
        workersService(model),
        statefulSet(
            model,
            names.driver(),
            EngineNames.DRIVER,
            model.running() ? 1 : 0,
            names.driver(),
            driverPod(model, configHash)),
        workers(model, workerPod(model, configHash)),
        model.engine().config().warnings());
  }

  private static ConfigMap configMap(ClusterModel model, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withMetadata(meta(model, model.names().config(), null))
        .withData(new LinkedHashMap<>(data))
        .build();
  }

  /**
   * The driver's Service. Its pod's Spark Connect container reaches the master in the same pod
   * through this Service, and the pod is Ready only once Spark Connect is: the not-ready driver is
   * published, or the two wait on each other (seen on a real node: connection refused on 7077).
   */
  private static Service driverService(ClusterModel model) {
    return new ServiceBuilder()
        .withMetadata(meta(model, model.names().driver(), EngineNames.DRIVER))
        .withNewSpec()
        .withPublishNotReadyAddresses(true)
        .withSelector(Labels.selectorOf(model.names().engine(), EngineNames.DRIVER))
        .withPorts(
            port("spark-connect", EngineNames.CONNECT_PORT),
            port("master", EngineNames.MASTER_PORT),
            port("master-ui", EngineNames.MASTER_UI_PORT),
            port("ui", EngineNames.UI_PORT))
        .addAllToPorts(
            model.engine().engine().sqlEndpoint() == null
                ? List.of()
                : List.of(port("sql", SqlEndpoint.PORT), port("sql-load", SqlEndpoint.LOAD_PORT)))
        .endSpec()
        .build();
  }

  private static Service workersService(ClusterModel model) {
    return new ServiceBuilder()
        .withMetadata(meta(model, model.names().workers(), EngineNames.WORKER))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(Labels.selectorOf(model.names().engine(), EngineNames.WORKER))
        .withPorts(port("worker-ui", EngineNames.WORKER_UI_PORT))
        .endSpec()
        .build();
  }

  private static StatefulSet statefulSet(
      ClusterModel model,
      String name,
      String role,
      int replicas,
      String serviceName,
      PodTemplateSpec template) {
    return new StatefulSetBuilder()
        .withMetadata(meta(model, name, role))
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(serviceName)
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(Labels.selectorOf(model.names().engine(), role))
        .endSelector()
        .withTemplate(template)
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .endUpdateStrategy()
        .endSpec()
        .build();
  }

  private static Deployment workers(ClusterModel model, PodTemplateSpec template) {
    return new DeploymentBuilder()
        .withMetadata(meta(model, model.names().workers(), EngineNames.WORKER))
        .withNewSpec()
        .withReplicas(model.running() ? model.workers() : 0)
        .withNewSelector()
        .withMatchLabels(Labels.selectorOf(model.names().engine(), EngineNames.WORKER))
        .endSelector()
        .withTemplate(template)
        .withNewStrategy()
        .withType("RollingUpdate")
        .endStrategy()
        .endSpec()
        .build();
  }

  private static PodTemplateSpec driverPod(ClusterModel model, String configHash) {
    int cores = EngineSizes.driverCores(model.engine().engine());
    String memory = EngineSizes.driverMemory(model.engine().engine());
    Container master =
        EnginePods.container(model.engine(), "master", "master")
            .withPorts(
                EnginePods.port("master", EngineNames.MASTER_PORT),
                EnginePods.port("master-ui", EngineNames.MASTER_UI_PORT))
            .withResources(EnginePods.resources("100m", "768Mi"))
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString(EngineNames.MASTER_PORT))
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .build();
    Container connect =
        EnginePods.container(model.engine(), "connect", "connect")
            .withPorts(
                EnginePods.port("spark-connect", EngineNames.CONNECT_PORT),
                EnginePods.port("ui", EngineNames.UI_PORT))
            .withResources(EnginePods.resources(model.engine(), cores, memory))
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString(EngineNames.CONNECT_PORT))
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .build();
    List<Container> containers = new ArrayList<>(List.of(master, connect));
    SqlEndpoint sql = model.engine().engine().sqlEndpoint();
    if (sql != null) {
      containers.add(sqlContainer(model, sql, cores, memory));
    }
    return EnginePods.template(model.engine(), EngineNames.DRIVER, configHash, containers, null);
  }

  /**
   * The JDBC/Thrift server: a second driver application on the Cluster, sized as the Spark Connect
   * server, with its own UI port and the load endpoint a Warehouse scales by.
   */
  private static Container sqlContainer(
      ClusterModel model, SqlEndpoint sql, int cores, String memory) {
    int concurrent =
        sql.maxConcurrentQueries == null
            ? Integer.parseInt(SqlEndpoint.DEFAULT_MAX_CONCURRENT_QUERIES)
            : sql.maxConcurrentQueries;
    return EnginePods.container(model.engine(), "sql", "sql")
        .withPorts(
            EnginePods.port("sql", SqlEndpoint.PORT),
            EnginePods.port("sql-load", SqlEndpoint.LOAD_PORT),
            EnginePods.port("sql-ui", EngineNames.SQL_UI_PORT))
        .addToEnv(
            new EnvVar("LAKEHOUSE_UI_PORT", Integer.toString(EngineNames.SQL_UI_PORT), null),
            new EnvVar("LAKEHOUSE_SQL_MAX_CONCURRENT", Integer.toString(concurrent), null))
        .withResources(EnginePods.resources(model.engine(), cores, memory))
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString(SqlEndpoint.PORT))
        .endTcpSocket()
        .withPeriodSeconds(5)
        .endReadinessProbe()
        .build();
  }

  private static PodTemplateSpec workerPod(ClusterModel model, String configHash) {
    int cores = EngineSizes.workerCores(model.engine().engine());
    String memory = EngineSizes.workerMemory(model.engine().engine());
    Container worker =
        EnginePods.container(model.engine(), "worker", "worker")
            .withPorts(EnginePods.port("worker-ui", EngineNames.WORKER_UI_PORT))
            .withResources(EnginePods.resources(model.engine(), cores, memory))
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString(EngineNames.WORKER_UI_PORT))
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            // A worker that goes (scale-down, roll, stop) hands its work over first: Spark
            // decommissions it, running tasks finish and its blocks move, within
            // DECOMMISSION_SECONDS.
            .withNewLifecycle()
            .withNewPreStop()
            .withNewExec()
            .withCommand(EnginePods.LAUNCHER, "decommission")
            .endExec()
            .endPreStop()
            .endLifecycle()
            .addToEnv(
                new EnvVar(
                    "LAKEHOUSE_DECOMMISSION_TIMEOUT_SECONDS",
                    Long.toString(DECOMMISSION_SECONDS),
                    null))
            .build();
    return EnginePods.template(
        model.engine(),
        EngineNames.WORKER,
        configHash,
        List.of(worker),
        DECOMMISSION_SECONDS + TERMINATION_MARGIN_SECONDS);
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .withProtocol("TCP")
        .build();
  }

  private static ObjectMeta meta(ClusterModel model, String name, String role) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(model.names().namespace())
        .withLabels(Labels.ofCluster(workspaceName(model), model.names().engine(), role))
        .withOwnerReferences(Owners.controlledBy(model.cluster()))
        .build();
  }

  private static String workspaceName(ClusterModel model) {
    return model.engine().workspace();
  }

  /** The worker selector of a Cluster, as the scale subresource reports it. */
  public static String workerSelector(Cluster cluster) {
    return Labels.asSelectorString(
        Labels.selectorOf(cluster.getMetadata().getName(), EngineNames.WORKER));
  }
}
