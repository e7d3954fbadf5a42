package dev.lakehouse.operator.workspace;

import static dev.lakehouse.operator.workspace.WorkspaceFixtures.UID;
import static dev.lakehouse.operator.workspace.WorkspaceFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.config.OperatorServiceAccount;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.pods.EnginePods;
import dev.lakehouse.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WorkspaceResourcesTest {
  static final String MINIMAL = "description: minimal\n";
  static final OperatorServiceAccount OPERATOR =
      new OperatorServiceAccount("lakehouse-system", "lakehouse-operator");

  /** The RoleBindings of the Workspace's groups (not the operator's own). */
  static List<RoleBinding> groupBindings(Workspace workspace) {
    return ofKind(workspace, RoleBinding.class).stream()
        .filter(b -> !b.getMetadata().getName().equals(WorkspaceResources.SECRET_READER))
        .toList();
  }

  static <T extends HasMetadata> List<T> ofKind(Workspace workspace, Class<T> kind) {
    return WorkspaceResources.build(workspace, OPERATOR).stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .toList();
  }

  static <T extends HasMetadata> Optional<T> named(
      Workspace workspace, Class<T> kind, String name) {
    return ofKind(workspace, kind).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst();
  }

  static NetworkPolicy policy(Workspace workspace, String name) {
    return named(workspace, NetworkPolicy.class, name)
        .orElseThrow(() -> new AssertionError("no policy " + name));
  }

  static List<Integer> dataServicePorts(String spec) {
    NetworkPolicy p = policy(workspace(spec), "lakehouse-allow-data-services");
    assertThat(p.getSpec().getEgress()).hasSize(1);
    List<NetworkPolicyPort> ports = p.getSpec().getEgress().get(0).getPorts();
    assertThat(ports).allSatisfy(port -> assertThat(port.getProtocol()).isEqualTo("TCP"));
    return ports.stream().map(port -> port.getPort().getIntVal()).toList();
  }

  @Nested
  class TheNamespace {
    @Test
    void isNamedAfterTheWorkspaceByDefault() {
      assertThat(ofKind(workspace(MINIMAL), Namespace.class))
          .singleElement()
          .satisfies(n -> assertThat(n.getMetadata().getName()).isEqualTo("analytics"));
    }

    @Test
    void isSpecNamespaceWhenSet() {
      assertThat(ofKind(workspace("namespace: team-a\n"), Namespace.class))
          .singleElement()
          .satisfies(n -> assertThat(n.getMetadata().getName()).isEqualTo("team-a"));
    }

    @Test
    void isControlledByTheWorkspace() {
      Namespace ns = ofKind(workspace(MINIMAL), Namespace.class).get(0);

      assertThat(ns.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
                assertThat(o.getKind()).isEqualTo("Workspace");
                assertThat(o.getName()).isEqualTo("analytics");
                assertThat(o.getUid()).isEqualTo(UID);
                assertThat(o.getController()).isTrue();
              });
    }

    @Test
    void enforcesTheRestrictedPodSecurityProfile() {
      assertThat(ofKind(workspace(MINIMAL), Namespace.class).get(0).getMetadata().getLabels())
          .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
          .containsEntry("pod-security.kubernetes.io/enforce-version", "latest");
    }

    @Test
    void isLabelledAsTheWorkspacesNamespace() {
      assertThat(ofKind(workspace(MINIMAL), Namespace.class).get(0).getMetadata().getLabels())
          .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
          .containsEntry(Labels.WORKSPACE, "analytics");
    }

    @Test
    void isBuiltFirstSoEverythingElseHasSomewhereToGo() {
      assertThat(WorkspaceResources.build(workspace(MINIMAL), OPERATOR).get(0))
          .isInstanceOf(Namespace.class);
    }
  }

  @Nested
  class EveryOtherChild {
    static final String FULL =
        """
        namespace: team-a
        access:
          adminGroups: [admins]
          userGroups: [users]
          viewerGroups: [viewers]
        quota:
          cpu: "64"
          clusters: 5
        catalogs:
        - name: lake
          type: IcebergRest
          uri: http://nessie:19120/iceberg
        """;

    @Test
    void isInTheWorkspacesNamespace() {
      List<HasMetadata> children = WorkspaceResources.build(workspace(FULL), OPERATOR);

      assertThat(children.subList(1, children.size()))
          .isNotEmpty()
          .allSatisfy(
              c ->
                  assertThat(c.getMetadata().getNamespace())
                      .as(c.getMetadata().getName())
                      .isEqualTo("team-a"));
    }

    @Test
    void isControlledByTheWorkspace() {
      assertThat(WorkspaceResources.build(workspace(FULL), OPERATOR))
          .allSatisfy(
              c -> {
                List<OwnerReference> owners = c.getMetadata().getOwnerReferences();
                assertThat(owners)
                    .as(c.getMetadata().getName())
                    .singleElement()
                    .satisfies(
                        o -> {
                          assertThat(o.getKind()).isEqualTo("Workspace");
                          assertThat(o.getUid()).isEqualTo(UID);
                          assertThat(o.getController()).isTrue();
                        });
              });
    }

    @Test
    void carriesTheWorkspaceLabels() {
      assertThat(WorkspaceResources.build(workspace(FULL), OPERATOR))
          .allSatisfy(
              c ->
                  assertThat(c.getMetadata().getLabels())
                      .as(c.getMetadata().getName())
                      .containsAllEntriesOf(Labels.ofWorkspace("analytics")));
    }

    @Test
    void hasAUniqueNamePerKind() {
      assertThat(WorkspaceResources.build(workspace(FULL), OPERATOR))
          .extracting(c -> c.getKind() + "/" + c.getMetadata().getName())
          .doesNotHaveDuplicates();
    }
  }

  @Nested
  class Identity {
    @Test
    void engineServiceAccountDoesNotMountAToken() {
      assertThat(named(workspace(MINIMAL), ServiceAccount.class, EnginePods.SERVICE_ACCOUNT))
          .hasValueSatisfying(sa -> assertThat(sa.getAutomountServiceAccountToken()).isFalse());
    }

    @Test
    void adminGroupsAreBoundToTheAdminClusterRole() {
      RoleBinding binding =
          named(
                  workspace("access:\n  adminGroups: [platform, sre]\n"),
                  RoleBinding.class,
                  "lakehouse-admins")
              .orElseThrow();

      assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
      assertThat(binding.getRoleRef().getName()).isEqualTo(WorkspaceResources.ADMIN_ROLE);
      assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
      assertThat(binding.getSubjects())
          .extracting(Subject::getKind, Subject::getName, Subject::getApiGroup)
          .containsExactly(
              tuple("Group", "platform", "rbac.authorization.k8s.io"),
              tuple("Group", "sre", "rbac.authorization.k8s.io"));
    }

    @Test
    void userGroupsAreBoundToTheEditorClusterRole() {
      RoleBinding binding =
          named(
                  workspace("access:\n  userGroups: [analysts]\n"),
                  RoleBinding.class,
                  "lakehouse-users")
              .orElseThrow();

      assertThat(binding.getRoleRef().getName()).isEqualTo(WorkspaceResources.EDITOR_ROLE);
      assertThat(binding.getSubjects()).extracting(Subject::getName).containsExactly("analysts");
    }

    @Test
    void viewerGroupsAreBoundToTheViewerClusterRole() {
      RoleBinding binding =
          named(
                  workspace("access:\n  viewerGroups: [auditors]\n"),
                  RoleBinding.class,
                  "lakehouse-viewers")
              .orElseThrow();

      assertThat(binding.getRoleRef().getName()).isEqualTo(WorkspaceResources.VIEWER_ROLE);
      assertThat(binding.getSubjects()).extracting(Subject::getName).containsExactly("auditors");
    }

    @Test
    void noGroupRoleBindingWithoutAccess() {
      assertThat(groupBindings(workspace(MINIMAL))).isEmpty();
    }

    @Test
    void noGroupRoleBindingForAnEmptyGroupList() {
      assertThat(
              groupBindings(
                  workspace("access:\n  adminGroups: []\n  userGroups: []\n  viewerGroups: []\n")))
          .isEmpty();
    }

    @Test
    void onlyRolesWithGroupsAreBound() {
      assertThat(
              groupBindings(workspace("access:\n  adminGroups: []\n  viewerGroups: [auditors]\n")))
          .extracting(b -> b.getMetadata().getName())
          .containsExactly("lakehouse-viewers");
    }

    @Test
    void theOperatorMayReadTheSecretsOfTheNamespace() {
      RoleBinding binding =
          named(
                  workspace("namespace: team-a\n"),
                  RoleBinding.class,
                  "lakehouse-operator-secret-reader")
              .orElseThrow();

      assertThat(binding.getMetadata().getNamespace()).isEqualTo("team-a");
      assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
      assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
      assertThat(binding.getRoleRef().getName())
          .isEqualTo(WorkspaceResources.SECRET_READER)
          .isEqualTo("lakehouse-operator-secret-reader");
      assertThat(binding.getSubjects())
          .extracting(
              Subject::getKind, Subject::getName, Subject::getNamespace, Subject::getApiGroup)
          .containsExactly(tuple("ServiceAccount", "lakehouse-operator", "lakehouse-system", null));
    }

    @Test
    void theOperatorsSecretReadingIsBoundToItsOwnServiceAccount() {
      RoleBinding binding =
          WorkspaceResources.build(
                  workspace(MINIMAL), new OperatorServiceAccount("platform-ops", "lakehouse-ctl"))
              .stream()
              .filter(RoleBinding.class::isInstance)
              .map(RoleBinding.class::cast)
              .filter(b -> b.getMetadata().getName().equals(WorkspaceResources.SECRET_READER))
              .findFirst()
              .orElseThrow();

      assertThat(binding.getSubjects())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getName()).isEqualTo("lakehouse-ctl");
                assertThat(s.getNamespace()).isEqualTo("platform-ops");
              });
    }

    @Test
    void everyWorkspaceBindsTheOperatorsSecretReading() {
      assertThat(ofKind(workspace(MINIMAL), RoleBinding.class))
          .extracting(b -> b.getMetadata().getName())
          .containsExactly(WorkspaceResources.SECRET_READER);
    }
  }

  @Nested
  class Limits {
    @Test
    void quotaMapsEveryField() {
      ResourceQuota quota =
          ofKind(
                  workspace(
                      """
          quota:
            cpu: "64"
            memory: 256Gi
            pods: 200
            clusters: 10
            warehouses: 3
            jobs: 50
          """),
                  ResourceQuota.class)
              .get(0);

      assertThat(quota.getSpec().getHard())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "requests.cpu", new Quantity("64"),
                  "requests.memory", new Quantity("256Gi"),
                  "pods", new Quantity("200"),
                  "count/clusters.lakehouse.dev", new Quantity("10"),
                  "count/warehouses.lakehouse.dev", new Quantity("3"),
                  "count/jobs.lakehouse.dev", new Quantity("50")));
    }

    @Test
    void quotaHasOnlyTheFieldsThatAreSet() {
      ResourceQuota quota =
          ofKind(workspace("quota:\n  clusters: 4\n"), ResourceQuota.class).get(0);

      assertThat(quota.getSpec().getHard())
          .containsExactly(Map.entry("count/clusters.lakehouse.dev", new Quantity("4")));
    }

    @Test
    void zeroIsALimitNotAnAbsence() {
      ResourceQuota quota =
          ofKind(workspace("quota:\n  warehouses: 0\n"), ResourceQuota.class).get(0);

      assertThat(quota.getSpec().getHard())
          .containsEntry("count/warehouses.lakehouse.dev", new Quantity("0"));
    }

    @Test
    void noQuotaWithoutQuota() {
      assertThat(ofKind(workspace(MINIMAL), ResourceQuota.class)).isEmpty();
    }

    @Test
    void noQuotaForAnEmptyQuota() {
      assertThat(ofKind(workspace("quota: {}\n"), ResourceQuota.class)).isEmpty();
    }

    @Test
    void limitRangeGivesContainersDefaultRequestsAndAMemoryLimit() {
      LimitRange limits =
          named(workspace(MINIMAL), LimitRange.class, "lakehouse-defaults").orElseThrow();

      assertThat(limits.getSpec().getLimits())
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.getType()).isEqualTo("Container");
                assertThat(l.getDefaultRequest())
                    .containsEntry("cpu", new Quantity("100m"))
                    .containsEntry("memory", new Quantity("256Mi"));
                assertThat(l.getDefault()).containsEntry("memory", new Quantity("1Gi"));
              });
    }
  }

  @Nested
  class NetworkPolicies {
    @Test
    void defaultDenySelectsEveryPodForIngressAndEgress() {
      NetworkPolicy deny = policy(workspace(MINIMAL), "lakehouse-default-deny");

      assertThat(deny.getSpec().getPodSelector()).isNotNull();
      assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
      assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
      assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    }

    @Test
    void defaultDenyAllowsNothing() {
      NetworkPolicy deny = policy(workspace(MINIMAL), "lakehouse-default-deny");

      assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
      assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void defaultDenySerializesAnEmptyPodSelector() {
      // An absent podSelector is invalid; {} selects every pod of the namespace.
      String json =
          WorkspaceFixtures.SERIALIZATION.asJson(
              policy(workspace(MINIMAL), "lakehouse-default-deny"));

      assertThat(json).contains("\"podSelector\":{}");
    }

    @Test
    void onlyTheOperatorReachesTheMasterUiAndTheSqlLoadListener() {
      NetworkPolicy operator = policy(workspace(MINIMAL), "lakehouse-allow-operator");

      assertThat(operator.getSpec().getPodSelector().getMatchLabels())
          .isEqualTo(Map.of(Labels.WORKSPACE, "analytics", Labels.ROLE, "driver"));
      assertThat(operator.getSpec().getIngress())
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    // The master UI (workers, cores in use) and a Warehouse driver's GET /load.
                    .containsExactly(8080, 10002);
                assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(
                        peer -> {
                          assertThat(peer.getPodSelector().getMatchLabels())
                              .isEqualTo(Map.of("app.kubernetes.io/name", "lakehouse-operator"));
                          assertThat(peer.getNamespaceSelector().getMatchLabels())
                              .isEqualTo(Map.of("kubernetes.io/metadata.name", "lakehouse-system"));
                        });
              });
      assertThat(
              policy(workspace(MINIMAL), "lakehouse-allow-clients")
                  .getSpec()
                  .getIngress()
                  .get(0)
                  .getPorts())
          .extracting(p -> p.getPort().getIntVal())
          .doesNotContain(8080);
    }

    @Test
    void enginesMayTalkToEachOtherBothWays() {
      NetworkPolicy engines = policy(workspace(MINIMAL), "lakehouse-allow-engines");
      Map<String, String> workspaceEngines = Map.of(Labels.WORKSPACE, "analytics");

      assertThat(engines.getSpec().getPodSelector().getMatchLabels()).isEqualTo(workspaceEngines);
      assertThat(engines.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(engines.getSpec().getIngress())
          .singleElement()
          .satisfies(
              rule ->
                  assertThat(rule.getFrom())
                      .singleElement()
                      .satisfies(
                          peer -> {
                            assertThat(peer.getPodSelector().getMatchLabels())
                                .isEqualTo(workspaceEngines);
                            assertThat(peer.getNamespaceSelector()).isNull();
                            assertThat(peer.getIpBlock()).isNull();
                          }));
      assertThat(engines.getSpec().getEgress())
          .singleElement()
          .satisfies(
              rule ->
                  assertThat(rule.getTo())
                      .singleElement()
                      .satisfies(
                          peer -> {
                            assertThat(peer.getPodSelector().getMatchLabels())
                                .isEqualTo(workspaceEngines);
                            assertThat(peer.getNamespaceSelector()).isNull();
                          }));
    }

    /**
     * The operator polls the driver's UI port (SparkRestActivity, for auto-termination) from its
     * own namespace; with every other ingress denied, some policy must admit that traffic from
     * outside the Workspace's engines.
     */
    @Test
    void driverUiPortAdmitsIngressFromOutsideTheNamespace() {
      Workspace workspace = workspace(MINIMAL);
      Map<String, String> driverPodLabels = Labels.ofCluster("analytics", "etl", "driver");

      boolean admitted =
          ofKind(workspace, NetworkPolicy.class).stream()
              .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
              .filter(
                  p ->
                      driverPodLabels
                          .entrySet()
                          .containsAll(
                              Optional.ofNullable(p.getSpec().getPodSelector().getMatchLabels())
                                  .orElse(Map.of())
                                  .entrySet()))
              .flatMap(
                  p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
              .filter(
                  rule ->
                      rule.getPorts() == null
                          || rule.getPorts().isEmpty()
                          || rule.getPorts().stream()
                              .anyMatch(
                                  port ->
                                      port.getPort() != null
                                          && Integer.valueOf(EngineNames.UI_PORT)
                                              .equals(port.getPort().getIntVal())))
              .anyMatch(
                  rule ->
                      rule.getFrom() == null
                          || rule.getFrom().isEmpty()
                          || rule.getFrom().stream()
                              .anyMatch(
                                  peer ->
                                      peer.getNamespaceSelector() != null
                                          || peer.getIpBlock() != null));

      assertThat(admitted)
          .as(
              "a NetworkPolicy admits ingress to the driver's port %d from other namespaces",
              EngineNames.UI_PORT)
          .isTrue();
    }

    @Test
    void enginesMayResolveNamesOverUdpAndTcp() {
      NetworkPolicy dns = policy(workspace(MINIMAL), "lakehouse-allow-dns");

      assertThat(dns.getSpec().getPodSelector().getMatchLabels())
          .containsEntry(Labels.WORKSPACE, "analytics");
      assertThat(dns.getSpec().getPolicyTypes()).containsExactly("Egress");
      assertThat(dns.getSpec().getEgress())
          .singleElement()
          .satisfies(
              rule ->
                  assertThat(rule.getPorts())
                      .extracting(NetworkPolicyPort::getProtocol, p -> p.getPort().getIntVal())
                      .containsExactlyInAnyOrder(tuple("UDP", 53), tuple("TCP", 53)));
    }

    @Test
    void noDataServicesPolicyWithoutCatalogsStorageOrLineage() {
      assertThat(named(workspace(MINIMAL), NetworkPolicy.class, "lakehouse-allow-data-services"))
          .isEmpty();
    }

    @Test
    void dataServicesPolicyIsEgressOfTheEngines() {
      NetworkPolicy p =
          policy(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
          """),
              "lakehouse-allow-data-services");

      assertThat(p.getSpec().getPolicyTypes()).containsExactly("Egress");
      assertThat(p.getSpec().getPodSelector().getMatchLabels())
          .containsEntry(Labels.WORKSPACE, "analytics");
    }

    @Test
    void catalogPortIsTheUrisExplicitPort() {
      assertThat(
              dataServicePorts(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
          """))
          .containsExactly(19120);
    }

    @Test
    void hiveMetastoreWithoutAPortUsesThriftsDefault() {
      assertThat(
              dataServicePorts(
                  """
          catalogs:
          - name: hive
            type: HiveMetastore
            uri: thrift://metastore
          """))
          .containsExactly(9083);
    }

    @Test
    void httpsWithoutAPortUses443() {
      assertThat(
              dataServicePorts(
                  """
          catalogs:
          - name: uc
            type: UnityCatalog
            uri: https://unity.example.com/api/2.1/unity-catalog
          """))
          .containsExactly(443);
    }

    @Test
    void httpWithoutAPortUses80() {
      assertThat(
              dataServicePorts(
                  """
          catalogs:
          - name: uc
            type: UnityCatalog
            uri: http://unity.catalog.svc/api
          """))
          .containsExactly(80);
    }

    @Test
    void storageEndpointPortIsAllowed() {
      assertThat(
              dataServicePorts(
                  """
          storage:
            s3:
              endpoint: http://minio.storage:9000
          """))
          .containsExactly(9000);
    }

    @Test
    void storageWithoutEndpointIsAwsOn443() {
      assertThat(
              dataServicePorts(
                  """
          storage:
            s3:
              region: eu-west-1
          """))
          .containsExactly(443);
    }

    @Test
    void bucketEndpointPortsAreAllowed() {
      assertThat(
              dataServicePorts(
                  """
          storage:
            s3:
              endpoint: http://minio.storage:9000
            buckets:
            - name: archive
              endpoint: http://ceph.storage:7480
            - name: same-endpoint
          """))
          .containsExactly(7480, 9000);
    }

    @Test
    void lineageEndpointPortIsAllowed() {
      assertThat(
              dataServicePorts(
                  """
          lineage:
            openLineage:
              endpoint: http://marquez:5000
          """))
          .containsExactly(5000);
    }

    @Test
    void portsOfEveryDataServiceAreAllowedOnceAndSorted() {
      assertThat(
              dataServicePorts(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
          - name: other
            type: IcebergRest
            uri: http://polaris:19120/api/catalog
          - name: hive
            type: HiveMetastore
            uri: thrift://metastore:9083
          storage:
            s3:
              endpoint: https://s3.example.com
          lineage:
            openLineage:
              endpoint: http://marquez:5000
          """))
          .containsExactly(443, 5000, 9083, 19120);
    }

    @Test
    void dataServicePortsAreNumbersNotNames() {
      NetworkPolicy p =
          policy(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
          """),
              "lakehouse-allow-data-services");

      assertThat(p.getSpec().getEgress().get(0).getPorts())
          .extracting(NetworkPolicyPort::getPort)
          .containsExactly(new IntOrString(19120));
    }
  }
}
