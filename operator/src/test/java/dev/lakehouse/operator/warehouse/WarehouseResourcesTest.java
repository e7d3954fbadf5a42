package dev.lakehouse.operator.warehouse;

import static dev.lakehouse.operator.warehouse.WarehouseFixtures.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Warehouse;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseResourcesTest {
  private static final String IMAGE = "ghcr.io/lakehouse/runtime:spark-3.5";
  private final Warehouse warehouse = warehouse("size: Small");
  private final List<HasMetadata> children =
      WarehouseResources.build(warehouse, "analytics", IMAGE, "IfNotPresent");

  private <T extends HasMetadata> T child(Class<T> kind) {
    return children.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
  }

  private Container gateway() {
    return child(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theGatewayHasItsServiceAccountRoleBindingDeploymentServiceAndNetworkPolicy() {
    assertThat(children)
        .extracting(c -> c.getKind() + "/" + c.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ServiceAccount/sales-gateway",
            "RoleBinding/sales-gateway",
            "Deployment/sales-gateway",
            "Service/sales",
            "NetworkPolicy/sales-gateway");
    assertThat(WarehouseResources.gatewayName(warehouse)).isEqualTo("sales-gateway");
  }

  @Test
  void everyChildIsInTheNamespaceLabelledAndControlledByTheWarehouse() {
    for (HasMetadata c : children) {
      assertThat(c.getMetadata().getNamespace()).as(c.getKind()).isEqualTo("analytics-ns");
      assertThat(c.getMetadata().getLabels())
          .as(c.getKind())
          .containsEntry("lakehouse.dev/warehouse", "sales")
          .containsEntry("lakehouse.dev/workspace", "analytics")
          .containsEntry("app.kubernetes.io/managed-by", "lakehouse-operator");
      assertThat(c.getMetadata().getOwnerReferences())
          .as(c.getKind())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getKind()).isEqualTo("Warehouse");
                assertThat(o.getUid()).isEqualTo(WarehouseFixtures.UID);
                assertThat(o.getController()).isTrue();
              });
    }
  }

  @Test
  void theGatewayRunsTwoReplicasOfTheImagesGatewayRole() {
    Deployment deployment = child(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pod.getServiceAccountName()).isEqualTo("sales-gateway");
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(gateway().getImage()).isEqualTo(IMAGE);
    assertThat(gateway().getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(gateway().getArgs()).containsExactly("gateway");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("lakehouse.dev/warehouse", "sales", "lakehouse.dev/role", "gateway"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
        .as("the Workspace's network policies let its engines reach the drivers")
        .containsEntry("lakehouse.dev/workspace", "analytics");
  }

  @Test
  void theGatewayIsToldItsWarehouseNamespaceAndWakeTimeout() {
    assertThat(gateway().getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("LAKEHOUSE_WAREHOUSE", "sales"),
            org.assertj.core.groups.Tuple.tuple("LAKEHOUSE_NAMESPACE", "analytics-ns"),
            org.assertj.core.groups.Tuple.tuple("LAKEHOUSE_GATEWAY_WAKE_TIMEOUT_SECONDS", "600"));
  }

  @Test
  void theGatewayListensOnTheSqlConnectAndMetricsPortsAndIsProbedOnMetrics() {
    assertThat(gateway().getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("jdbc", 10000),
            org.assertj.core.groups.Tuple.tuple("spark-connect", 15002),
            org.assertj.core.groups.Tuple.tuple("metrics", 9090));
    assertThat(gateway().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(gateway().getReadinessProbe().getHttpGet().getPort())
        .isEqualTo(new IntOrString(9090));
    assertThat(gateway().getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(gateway().getResources().getLimits()).containsKey("memory");
  }

  @Test
  void theGatewayMeetsTheRestrictedPodSecurityProfile() {
    PodSpec pod = child(Deployment.class).getSpec().getTemplate().getSpec();
    var container = gateway().getSecurityContext();

    assertThat(
            Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())
                || Boolean.TRUE.equals(container.getRunAsNonRoot()))
        .as("runAsNonRoot")
        .isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void theServiceIsNamedAfterTheWarehouseAndSelectsTheGateway() {
    Service service = child(Service.class);

    assertThat(service.getMetadata().getName()).isEqualTo("sales");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(child(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort, p -> p.getTargetPort())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("jdbc", 10000, new IntOrString(10000)),
            org.assertj.core.groups.Tuple.tuple("spark-connect", 15002, new IntOrString(15002)));
  }

  @Test
  void theRoleBindingGrantsTheGatewayClusterRoleToTheGatewayServiceAccount() {
    RoleBinding binding = child(RoleBinding.class);

    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("lakehouse-operator-warehouse-gateway");
    assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName())
                  .isEqualTo(child(ServiceAccount.class).getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo("analytics-ns");
            });
  }

  @Test
  void theNetworkPolicyLetsClientsInAndTheGatewayReachTheApiServer() {
    NetworkPolicy policy = child(NetworkPolicy.class);

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(child(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(peer -> assertThat(peer.getNamespaceSelector()).isNotNull())
                  .as("from every namespace");
              assertThat(rule.getPorts())
                  .extracting(NetworkPolicyPort::getPort)
                  .containsExactlyInAnyOrder(
                      new IntOrString(10000), new IntOrString(15002), new IntOrString(9090));
            });
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(r -> r.getPorts())
        .extracting(NetworkPolicyPort::getPort)
        .contains(new IntOrString(443), new IntOrString(6443));
  }

  @Test
  void endpointsAreTheWarehouseServiceInItsNamespace() {
    var endpoints = WarehouseResources.endpoints(warehouse);

    assertThat(endpoints.jdbc).isEqualTo("jdbc:hive2://sales.analytics-ns.svc:10000/default");
    assertThat(endpoints.sparkConnect).isEqualTo("sc://sales.analytics-ns.svc:15002");
  }
}
