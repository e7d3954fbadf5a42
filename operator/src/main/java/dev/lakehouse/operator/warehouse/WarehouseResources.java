package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.v1alpha1.SqlEndpoint;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.WarehouseStatus.WarehouseEndpoints;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import java.util.Map;

/**
 * The Warehouse's own children besides its clusters, as a pure function: the gateway (a Deployment
 * of two replicas running the engine image's {@code gateway} role) behind a Service named after the
 * Warehouse, its ServiceAccount and RoleBinding (it watches the fleet and asks the operator to wake
 * the Warehouse), and a NetworkPolicy that lets clients from any namespace reach the gateway's
 * ports and the gateway reach the API server.
 *
 * <p>The drivers' SQL port is not opened to other namespaces (the Workspace's policies open only
 * Spark Connect and the UI there): clients reach a Warehouse's SQL through its gateway.
 */
public final class WarehouseResources {
  /** The chart's ClusterRole of gateways: watch Clusters, patch Warehouses. Keep the name. */
  public static final String GATEWAY_CLUSTER_ROLE = "lakehouse-operator-warehouse-gateway";

  public static final String GATEWAY = "gateway";
  public static final int METRICS_PORT = 9090;
  public static final int REPLICAS = 2;

  /** How long the gateway holds a connection while the Warehouse wakes. */
  public static final int WAKE_TIMEOUT_SECONDS = 600;

  private WarehouseResources() {}

  /**
   * @param image the engine image of the Warehouse's runtime, which ships the gateway
   */
  public static List<HasMetadata> build(
      Warehouse warehouse, String workspace, String image, String imagePullPolicy) {
    return List.of(
        serviceAccount(warehouse, workspace),
        roleBinding(warehouse, workspace),
        deployment(warehouse, workspace, image, imagePullPolicy),
        service(warehouse, workspace),
        networkPolicy(warehouse, workspace));
  }

  public static String gatewayName(Warehouse warehouse) {
    return warehouse.getMetadata().getName() + "-gateway";
  }

  /** Where clients connect: the Service named after the Warehouse. */
  public static WarehouseEndpoints endpoints(Warehouse warehouse) {
    String host =
        warehouse.getMetadata().getName() + "." + warehouse.getMetadata().getNamespace() + ".svc";
    WarehouseEndpoints endpoints = new WarehouseEndpoints();
    endpoints.jdbc = "jdbc:hive2://" + host + ":" + SqlEndpoint.PORT + "/default";
    endpoints.sparkConnect = "sc://" + host + ":" + EngineNames.CONNECT_PORT;
    return endpoints;
  }

  private static ServiceAccount serviceAccount(Warehouse warehouse, String workspace) {
    return new ServiceAccountBuilder()
        .withMetadata(meta(warehouse, workspace, gatewayName(warehouse)))
        .build();
  }

  private static RoleBinding roleBinding(Warehouse warehouse, String workspace) {
    return new RoleBindingBuilder()
        .withMetadata(meta(warehouse, workspace, gatewayName(warehouse)))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(GATEWAY_CLUSTER_ROLE)
        .endRoleRef()
        .withSubjects(
            new SubjectBuilder()
                .withKind("ServiceAccount")
                .withName(gatewayName(warehouse))
                .withNamespace(warehouse.getMetadata().getNamespace())
                .build())
        .build();
  }

  private static Deployment deployment(
      Warehouse warehouse, String workspace, String image, String imagePullPolicy) {
    Map<String, String> selector = selector(warehouse);
    Map<String, String> podLabels = labels(warehouse, workspace);
    return new DeploymentBuilder()
        .withMetadata(meta(warehouse, workspace, gatewayName(warehouse)))
        .withNewSpec()
        .withReplicas(REPLICAS)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(gatewayName(warehouse))
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(185L)
        .withRunAsGroup(185L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(warehouse, image, imagePullPolicy))
        // Two replicas on two nodes where there are two: a node drain leaves the endpoint up.
        .withNewAffinity()
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .endAffinity()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(Warehouse warehouse, String image, String imagePullPolicy) {
    return new ContainerBuilder()
        .withName(GATEWAY)
        .withImage(image)
        .withImagePullPolicy(imagePullPolicy)
        .withArgs(GATEWAY)
        .withEnv(
            new EnvVar("LAKEHOUSE_WAREHOUSE", warehouse.getMetadata().getName(), null),
            new EnvVar("LAKEHOUSE_NAMESPACE", warehouse.getMetadata().getNamespace(), null),
            new EnvVar(
                "LAKEHOUSE_GATEWAY_WAKE_TIMEOUT_SECONDS",
                Integer.toString(WAKE_TIMEOUT_SECONDS),
                null))
        .withPorts(
            new ContainerPortBuilder().withName("jdbc").withContainerPort(SqlEndpoint.PORT).build(),
            new ContainerPortBuilder()
                .withName("spark-connect")
                .withContainerPort(EngineNames.CONNECT_PORT)
                .build(),
            new ContainerPortBuilder().withName("metrics").withContainerPort(METRICS_PORT).build())
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")))
        .withLimits(Map.of("memory", new Quantity("512Mi")))
        .endResources()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/readyz")
        .withPort(new IntOrString(METRICS_PORT))
        .endHttpGet()
        .withPeriodSeconds(5)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString(METRICS_PORT))
        .endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(6)
        .endLivenessProbe()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .build();
  }

  private static Service service(Warehouse warehouse, String workspace) {
    return new ServiceBuilder()
        .withMetadata(meta(warehouse, workspace, warehouse.getMetadata().getName()))
        .withNewSpec()
        .withSelector(selector(warehouse))
        .withPorts(
            new ServicePortBuilder()
                .withName("jdbc")
                .withPort(SqlEndpoint.PORT)
                .withTargetPort(new IntOrString(SqlEndpoint.PORT))
                .withProtocol("TCP")
                .build(),
            new ServicePortBuilder()
                .withName("spark-connect")
                .withPort(EngineNames.CONNECT_PORT)
                .withTargetPort(new IntOrString(EngineNames.CONNECT_PORT))
                .withProtocol("TCP")
                .build())
        .endSpec()
        .build();
  }

  private static NetworkPolicy networkPolicy(Warehouse warehouse, String workspace) {
    return new NetworkPolicyBuilder()
        .withMetadata(meta(warehouse, workspace, gatewayName(warehouse)))
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(selector(warehouse)).build())
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .withFrom(new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelector()).build())
        .withPorts(tcp(SqlEndpoint.PORT), tcp(EngineNames.CONNECT_PORT), tcp(METRICS_PORT))
        .endIngress()
        // The API server is not a pod a policy can select: its usual ports, anywhere.
        .addNewEgress()
        .withPorts(tcp(443), tcp(6443))
        .endEgress()
        .endSpec()
        .build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }

  /** The gateway pods' selector: stable, so it can be the Deployment's. */
  static Map<String, String> selector(Warehouse warehouse) {
    return Map.of(Labels.WAREHOUSE, warehouse.getMetadata().getName(), Labels.ROLE, GATEWAY);
  }

  /**
   * The Workspace's label makes the gateway one of its engines for the Workspace's network
   * policies: it reaches the drivers and DNS.
   */
  private static Map<String, String> labels(Warehouse warehouse, String workspace) {
    Map<String, String> labels = WarehouseFleet.labels(workspace, warehouse);
    labels.put(Labels.NAME, "lakehouse-gateway");
    labels.put(Labels.COMPONENT, GATEWAY);
    labels.put(Labels.ROLE, GATEWAY);
    return labels;
  }

  private static ObjectMeta meta(Warehouse warehouse, String workspace, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(warehouse.getMetadata().getNamespace())
        .withLabels(labels(warehouse, workspace))
        .withOwnerReferences(Owners.controlledBy(warehouse))
        .build();
  }
}
