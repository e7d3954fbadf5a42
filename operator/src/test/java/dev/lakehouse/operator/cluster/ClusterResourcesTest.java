package dev.lakehouse.operator.cluster;

import static dev.lakehouse.operator.cluster.ClusterFixtures.IMAGE;
import static dev.lakehouse.operator.cluster.ClusterFixtures.NAMESPACE;
import static dev.lakehouse.operator.cluster.ClusterFixtures.PULL_POLICY;
import static dev.lakehouse.operator.cluster.ClusterFixtures.SERIALIZATION;
import static dev.lakehouse.operator.cluster.ClusterFixtures.build;
import static dev.lakehouse.operator.cluster.ClusterFixtures.cluster;
import static dev.lakehouse.operator.cluster.ClusterFixtures.configHash;
import static dev.lakehouse.operator.cluster.ClusterFixtures.containers;
import static dev.lakehouse.operator.cluster.ClusterFixtures.copy;
import static dev.lakehouse.operator.cluster.ClusterFixtures.templateHash;
import static dev.lakehouse.operator.cluster.ClusterFixtures.templates;
import static dev.lakehouse.operator.cluster.ClusterFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.config.OperatorServiceAccount;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.pods.EnginePods;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.workspace.WorkspaceResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClusterResourcesTest {

  /**
   * What the Secret lakehouse-s3 would hold; the operator is never given it, so it must never
   * appear.
   */
  static final String SENTINEL = "s3cr3t-SENTINEL-value";

  static final String FIXED =
      """
      workers: 3
      """;

  private static List<HasMetadata> all(ClusterChildren children) {
    return children.all();
  }

  @Nested
  class Ownership {
    @Test
    void everyChildHasAControllerOwnerReferenceToTheCluster() {
      Cluster cluster = cluster(FIXED);
      ClusterChildren children = build(workspace(), cluster, true);

      assertThat(all(children))
          .hasSize(5)
          .allSatisfy(
              child -> {
                assertThat(child.getMetadata().getOwnerReferences()).hasSize(1);
                OwnerReference owner = child.getMetadata().getOwnerReferences().get(0);
                assertThat(owner.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
                assertThat(owner.getKind()).isEqualTo("Cluster");
                assertThat(owner.getName()).isEqualTo("etl");
                assertThat(owner.getUid()).isEqualTo(cluster.getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
                assertThat(owner.getBlockOwnerDeletion()).isTrue();
              });
    }

    @Test
    void everyChildCarriesTheOperatorsLabels() {
      assertThat(all(build(FIXED)))
          .allSatisfy(
              child ->
                  assertThat(child.getMetadata().getLabels())
                      .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
                      .containsEntry(Labels.PART_OF, "lakehouse")
                      .containsEntry(Labels.WORKSPACE, "analytics")
                      .containsEntry(Labels.CLUSTER, "etl"));
    }

    @Test
    void everyChildIsInTheClustersNamespace() {
      assertThat(all(build(FIXED)))
          .allSatisfy(child -> assertThat(child.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
    }

    @Test
    void childrenAreNamedAfterTheCluster() {
      ClusterChildren children = build(FIXED);

      assertThat(children.config().getMetadata().getName()).isEqualTo("etl-config");
      assertThat(children.driverService().getMetadata().getName()).isEqualTo("etl-driver");
      assertThat(children.workersService().getMetadata().getName()).isEqualTo("etl-workers");
      assertThat(children.driver().getMetadata().getName()).isEqualTo("etl-driver");
      assertThat(children.workers().getMetadata().getName()).isEqualTo("etl-workers");
    }

    @Test
    void configurationIsAppliedBeforeThePodsThatUseIt() {
      ClusterChildren children = build(FIXED);

      assertThat(children.all())
          .containsExactly(
              children.config(),
              children.driverService(),
              children.workersService(),
              children.driver(),
              children.workers());
    }
  }

  @Nested
  class Replicas {
    @Test
    void driverRunsOneReplicaWhileRunning() {
      assertThat(build(FIXED).driver().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void driverRunsNoReplicaWhenNotRunning() {
      assertThat(build(FIXED, false).driver().getSpec().getReplicas()).isZero();
    }

    @Test
    void workersReplicasAreSpecWorkers() {
      assertThat(build(FIXED).workers().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void workersReplicasAreAutoscaleMinWorkersWithoutSpecWorkers() {
      ClusterChildren children =
          build(
              """
          autoscale:
            minWorkers: 2
            maxWorkers: 8
          """);

      assertThat(children.workers().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void workersReplicasFollowSpecWorkersOnceTheAutoscalerRecordedAChoice() {
      ClusterChildren children =
          build(
              """
          workers: 5
          autoscale:
            minWorkers: 2
            maxWorkers: 8
          """);

      assertThat(children.workers().getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void workersReplicasAreZeroWhenNotRunning() {
      assertThat(build(FIXED, false).workers().getSpec().getReplicas()).isZero();
    }

    @Test
    void stoppingChangesNeitherPodTemplate() {
      ClusterChildren running = build(FIXED, true);
      ClusterChildren stopped = build(FIXED, false);

      assertThat(stopped.driver().getSpec().getTemplate())
          .isEqualTo(running.driver().getSpec().getTemplate());
      assertThat(stopped.workers().getSpec().getTemplate())
          .isEqualTo(running.workers().getSpec().getTemplate());
    }
  }

  @Nested
  class Selection {
    @Test
    void driverAndWorkersSelectTheirOwnPodTemplates() {
      ClusterChildren children = build(FIXED);

      assertThat(children.driver().getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(children.driver().getSpec().getSelector().getMatchLabels());
      assertThat(children.workers().getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(children.workers().getSpec().getSelector().getMatchLabels());
      assertThat(children.driver().getSpec().getSelector().getMatchLabels())
          .isNotEqualTo(children.workers().getSpec().getSelector().getMatchLabels());
    }

    @Test
    void driverAndWorkerSelectorsDoNotOverlap() {
      ClusterChildren children = build(FIXED);

      assertThat(children.workers().getSpec().getTemplate().getMetadata().getLabels())
          .doesNotContainEntry(Labels.ROLE, EngineNames.DRIVER);
      assertThat(children.driver().getSpec().getSelector().getMatchLabels())
          .containsEntry(Labels.ROLE, EngineNames.DRIVER);
      assertThat(children.workers().getSpec().getSelector().getMatchLabels())
          .containsEntry(Labels.ROLE, EngineNames.WORKER);
    }

    @Test
    void driverServiceSelectsTheDriverPods() {
      ClusterChildren children = build(FIXED);

      assertThat(children.driver().getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(children.driverService().getSpec().getSelector());
      assertThat(children.workers().getSpec().getTemplate().getMetadata().getLabels())
          .doesNotContainEntry(
              Labels.ROLE, children.driverService().getSpec().getSelector().get(Labels.ROLE));
    }

    @Test
    void driverServicePublishesTheDriverBeforeItIsReady() {
      assertThat(build(FIXED).driverService().getSpec().getPublishNotReadyAddresses())
          .as("Spark Connect reaches its master through it before the pod is Ready")
          .isTrue();
    }

    @Test
    void driverServiceExposesSparkConnectMasterAndUis() {
      List<ServicePort> ports = build(FIXED).driverService().getSpec().getPorts();

      assertThat(ports)
          .extracting(ServicePort::getName, ServicePort::getPort)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("spark-connect", 15002),
              org.assertj.core.groups.Tuple.tuple("master", 7077),
              org.assertj.core.groups.Tuple.tuple("master-ui", 8080),
              org.assertj.core.groups.Tuple.tuple("ui", 4040));
    }

    @Test
    void workersServiceIsHeadlessAndSelectsTheWorkerPods() {
      ClusterChildren children = build(FIXED);

      assertThat(children.workersService().getSpec().getClusterIP()).isEqualTo("None");
      assertThat(children.workers().getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(children.workersService().getSpec().getSelector());
    }

    @Test
    void scaleSubresourceSelectorMatchesTheWorkerPods() {
      Cluster cluster = cluster(FIXED);
      ClusterChildren children = build(workspace(), cluster, true);
      Map<String, String> labels =
          children.workers().getSpec().getTemplate().getMetadata().getLabels();

      String selector = ClusterResources.workerSelector(cluster);

      assertThat(selector.split(","))
          .isNotEmpty()
          .allSatisfy(
              term -> {
                String[] kv = term.split("=", 2);
                assertThat(labels).containsEntry(kv[0], kv[1]);
              });
      assertThat(selector).contains(Labels.ROLE + "=" + EngineNames.WORKER);
    }

    @Test
    void engineNetworkPolicyOfTheWorkspaceSelectsBothPodTemplates() {
      Workspace workspace = workspace();
      ClusterChildren children = build(workspace, cluster(FIXED), true);
      NetworkPolicy allowEngines =
          WorkspaceResources.build(
                  workspace, new OperatorServiceAccount("lakehouse-system", "lakehouse-operator"))
              .stream()
              .filter(NetworkPolicy.class::isInstance)
              .map(NetworkPolicy.class::cast)
              .filter(p -> p.getMetadata().getName().equals("lakehouse-allow-engines"))
              .findFirst()
              .orElseThrow();

      assertThat(templates(children))
          .allSatisfy(
              t ->
                  assertThat(t.getMetadata().getLabels())
                      .containsAllEntriesOf(
                          allowEngines.getSpec().getPodSelector().getMatchLabels()));
    }

    @Test
    void enginePodsRunAsTheWorkspacesEngineServiceAccountWithoutAToken() {
      assertThat(templates(build(FIXED)))
          .allSatisfy(
              t -> {
                assertThat(t.getSpec().getServiceAccountName())
                    .isEqualTo(EnginePods.SERVICE_ACCOUNT);
                assertThat(t.getSpec().getAutomountServiceAccountToken()).isFalse();
              });
    }
  }

  @Nested
  class PodSecurityRestricted {
    @Test
    void everyPodRunsAsNonRoot() {
      assertThat(templates(build(FIXED)))
          .allSatisfy(
              t -> {
                PodSecurityContext pod = t.getSpec().getSecurityContext();
                assertThat(pod.getRunAsNonRoot()).isTrue();
                assertThat(pod.getRunAsUser()).isNotNull().isNotZero();
              });
    }

    @Test
    void everyContainerRunsAsNonRoot() {
      ClusterChildren children = build(FIXED);
      for (PodTemplateSpec t : templates(children)) {
        PodSecurityContext pod = t.getSpec().getSecurityContext();
        assertThat(t.getSpec().getContainers())
            .allSatisfy(
                c -> {
                  SecurityContext sc = c.getSecurityContext();
                  Boolean nonRoot =
                      sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
                  Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
                  assertThat(nonRoot).as(c.getName()).isTrue();
                  assertThat(user).as(c.getName()).isNotNull().isNotZero();
                });
      }
    }

    @Test
    void everyContainerHasTheRuntimeDefaultSeccompProfile() {
      for (PodTemplateSpec t : templates(build(FIXED))) {
        var podProfile = t.getSpec().getSecurityContext().getSeccompProfile();
        assertThat(t.getSpec().getContainers())
            .allSatisfy(
                c -> {
                  var own = c.getSecurityContext().getSeccompProfile();
                  var effective = own != null ? own : podProfile;
                  assertThat(effective).as(c.getName()).isNotNull();
                  assertThat(effective.getType()).as(c.getName()).isEqualTo("RuntimeDefault");
                });
      }
    }

    @Test
    void everyContainerForbidsPrivilegeEscalation() {
      assertThat(containers(build(FIXED)))
          .isNotEmpty()
          .allSatisfy(
              c ->
                  assertThat(c.getSecurityContext().getAllowPrivilegeEscalation())
                      .as(c.getName())
                      .isFalse());
    }

    @Test
    void everyContainerDropsAllCapabilitiesAndAddsNone() {
      assertThat(containers(build(FIXED)))
          .isNotEmpty()
          .allSatisfy(
              c -> {
                assertThat(c.getSecurityContext().getCapabilities().getDrop())
                    .as(c.getName())
                    .containsExactly("ALL");
                assertThat(c.getSecurityContext().getCapabilities().getAdd())
                    .as(c.getName())
                    .isNullOrEmpty();
              });
    }

    @Test
    void noContainerIsPrivileged() {
      assertThat(containers(build(FIXED)))
          .isNotEmpty()
          .allSatisfy(
              c ->
                  assertThat(c.getSecurityContext().getPrivileged())
                      .as(c.getName())
                      .isNotEqualTo(Boolean.TRUE));
    }

    @Test
    void podsUseNoHostNamespacesHostPortsOrHostPaths() {
      ClusterChildren children = build(FIXED);
      assertThat(templates(children))
          .allSatisfy(
              t -> {
                assertThat(t.getSpec().getHostNetwork()).isNotEqualTo(Boolean.TRUE);
                assertThat(t.getSpec().getHostPID()).isNotEqualTo(Boolean.TRUE);
                assertThat(t.getSpec().getHostIPC()).isNotEqualTo(Boolean.TRUE);
                assertThat(t.getSpec().getVolumes())
                    .allSatisfy(v -> assertThat(v.getHostPath()).isNull());
              });
      assertThat(containers(children))
          .allSatisfy(
              c -> assertThat(c.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull()));
    }

    @Test
    void podsOnlyUseVolumeTypesTheRestrictedProfileAllows() {
      ClusterChildren children = build(FIXED);
      assertThat(templates(children))
          .allSatisfy(
              t ->
                  assertThat(t.getSpec().getVolumes())
                      .allSatisfy(
                          v ->
                              assertThat(
                                      v.getConfigMap() != null
                                          || v.getEmptyDir() != null
                                          || v.getSecret() != null
                                          || v.getProjected() != null)
                                  .as(v.getName())
                                  .isTrue()));
    }

    @Test
    void rootFilesystemIsReadOnlyWithAWritableTmp() {
      ClusterChildren children = build(FIXED);
      assertThat(containers(children))
          .allSatisfy(
              c -> {
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem())
                    .as(c.getName())
                    .isTrue();
                assertThat(c.getVolumeMounts())
                    .as(c.getName())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
              });
    }
  }

  @Nested
  class Containers {
    @Test
    void driverRunsTheMasterAndSparkConnect() {
      assertThat(build(FIXED).driver().getSpec().getTemplate().getSpec().getContainers())
          .extracting(Container::getName)
          .containsExactlyInAnyOrder("master", "connect");
    }

    @Test
    void workersRunOneWorkerContainer() {
      assertThat(build(FIXED).workers().getSpec().getTemplate().getSpec().getContainers())
          .extracting(Container::getName)
          .containsExactly("worker");
    }

    @Test
    void everyContainerRunsTheModelsImageAndPullPolicy() {
      assertThat(containers(build(FIXED)))
          .allSatisfy(
              c -> {
                assertThat(c.getImage()).isEqualTo(IMAGE);
                assertThat(c.getImagePullPolicy()).isEqualTo(PULL_POLICY);
              });
    }

    @Test
    void everyContainerIsToldTheMasterUrl() {
      assertThat(containers(build(FIXED)))
          .allSatisfy(
              c ->
                  assertThat(c.getEnv())
                      .contains(
                          new EnvVar(
                              "LAKEHOUSE_MASTER_URL",
                              "spark://etl-driver." + NAMESPACE + ".svc:7077",
                              null)));
    }

    @Test
    void everyContainerMountsTheConfigMapReadOnly() {
      ClusterChildren children = build(FIXED);
      for (PodTemplateSpec t : templates(children)) {
        Volume conf =
            t.getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null)
                .findFirst()
                .orElseThrow();
        assertThat(conf.getConfigMap().getName())
            .isEqualTo(children.config().getMetadata().getName());
        assertThat(t.getSpec().getContainers())
            .allSatisfy(
                c ->
                    assertThat(c.getVolumeMounts())
                        .anySatisfy(
                            m -> {
                              assertThat(m.getName()).isEqualTo(conf.getName());
                              assertThat(m.getReadOnly()).isTrue();
                            }));
      }
    }

    @Test
    void workerResourcesDefaultToTwoCoresAndFourGi() {
      Container worker =
          build(FIXED).workers().getSpec().getTemplate().getSpec().getContainers().get(0);

      assertThat(worker.getResources().getRequests())
          .containsEntry("cpu", new Quantity("2"))
          .containsEntry("memory", new Quantity("4Gi"));
      assertThat(worker.getResources().getLimits()).containsEntry("memory", new Quantity("4Gi"));
    }

    @Test
    void workerResourcesFollowSpecWorker() {
      Container worker =
          build(
                  """
          workers: 1
          worker:
            cores: 8
            memory: 32Gi
          """)
              .workers()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0);

      assertThat(worker.getResources().getRequests())
          .containsEntry("cpu", new Quantity("8"))
          .containsEntry("memory", new Quantity("32Gi"));
      assertThat(worker.getResources().getLimits()).containsEntry("memory", new Quantity("32Gi"));
    }

    @Test
    void sparkConnectResourcesFollowSpecDriver() {
      Container connect =
          build(
                  """
          workers: 1
          driver:
            cores: 4
            memory: 16Gi
          """)
              .driver()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .stream()
              .filter(c -> c.getName().equals("connect"))
              .findFirst()
              .orElseThrow();

      assertThat(connect.getResources().getRequests())
          .containsEntry("cpu", new Quantity("4"))
          .containsEntry("memory", new Quantity("16Gi"));
    }

    @Test
    void aCpuRequestFractionRequestsThatShareOfEachSizesCoresAndNothingElseChanges() {
      Workspace workspace = workspace();
      Cluster cluster =
          cluster(
              """
              workers: 2
              driver: {cores: 1, memory: 2Gi}
              worker: {cores: 3, memory: 4Gi}
              """);
      ClusterModel all = ClusterFixtures.model(workspace, cluster, true);
      ClusterModel tenth =
          new ClusterModel(
              cluster,
              EngineModel.of(
                  EngineDescription.of(cluster),
                  workspace,
                  ClusterFixtures.runtime(),
                  ClusterFixtures.IMAGE_REPOSITORY,
                  PULL_POLICY,
                  0.1),
              true,
              all.workers());

      ClusterChildren small = ClusterResources.build(tenth);
      Container worker = small.workers().getSpec().getTemplate().getSpec().getContainers().get(0);
      Map<String, Container> driver = new HashMap<>();
      small
          .driver()
          .getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .forEach(c -> driver.put(c.getName(), c));
      assertThat(worker.getResources().getRequests())
          .containsEntry("cpu", new Quantity("300m"))
          .containsEntry("memory", new Quantity("4Gi"));
      assertThat(driver.get("connect").getResources().getRequests())
          .containsEntry("cpu", new Quantity("100m"))
          .containsEntry("memory", new Quantity("2Gi"));
      // Spark still offers the size's cores: the task slots do not shrink with the request.
      assertThat(small.config().getData())
          .isEqualTo(ClusterResources.build(all).config().getData());
      assertThat(small.config().getData().get("launcher.env"))
          .contains("LAKEHOUSE_WORKER_CORES='3'");
      // What runs changes, so the pods roll.
      assertThat(templateHash(small.workers()))
          .isNotEqualTo(templateHash(ClusterResources.build(all).workers()));
    }

    @Test
    void configMapHoldsTheRenderedConfiguration() {
      Workspace workspace = workspace();
      Cluster cluster = cluster(FIXED);
      ClusterModel model = ClusterFixtures.model(workspace, cluster, true);

      assertThat(ClusterResources.build(model).config().getData())
          .isEqualTo(model.engine().config().configMapData());
    }
  }

  @Nested
  class Secrets {
    static final String WITH_EVERY_KIND_OF_SECRET =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Workspace
        metadata:
          name: analytics
          uid: 0d5f3c2a-ws00-4000-8000-000000000001
        spec:
          namespace: analytics-ns
          catalogs:
          - name: lake
            type: IcebergRest
            uri: https://polaris.example:8181/api/catalog
            credentials:
              secretName: polaris-oauth
              clientCredentialKey: client
          storage:
            s3:
              endpoint: http://minio.storage:9000
              credentials:
                secretName: lakehouse-s3
                accessKeyIdKey: id
                secretAccessKeyKey: key
          lineage:
            openLineage:
              endpoint: http://marquez:5000
              apiKey:
                name: marquez-key
                key: apiKey
        """;

    private ClusterChildren children() {
      return build(
          workspace(WITH_EVERY_KIND_OF_SECRET),
          cluster(
              """
          workers: 2
          env:
          - name: DB_PASSWORD
            secretKeyRef:
              name: app-db
              key: password
          """),
          true);
    }

    private String serialized(ClusterChildren children) {
      StringBuilder out = new StringBuilder();
      children.all().forEach(c -> out.append(SERIALIZATION.asYaml(c)).append('\n'));
      return out.toString();
    }

    @Test
    void sentinelSecretValueAppearsNowhereInTheChildren() {
      String everything = serialized(children());

      assertThat(everything).doesNotContain(SENTINEL);
    }

    @Test
    void storageAccessKeysAreSecretKeyRefsToTheWorkspacesSecret() {
      assertThat(containers(children()))
          .allSatisfy(
              c -> {
                assertThat(env(c, "AWS_ACCESS_KEY_ID"))
                    .satisfies(
                        e -> {
                          assertThat(e.getValue()).isNull();
                          assertThat(e.getValueFrom().getSecretKeyRef().getName())
                              .isEqualTo("lakehouse-s3");
                          assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("id");
                        });
                assertThat(env(c, "AWS_SECRET_ACCESS_KEY"))
                    .satisfies(
                        e -> {
                          assertThat(e.getValue()).isNull();
                          assertThat(e.getValueFrom().getSecretKeyRef().getName())
                              .isEqualTo("lakehouse-s3");
                          assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("key");
                        });
              });
    }

    @Test
    void clusterEnvFromASecretStaysASecretKeyRef() {
      assertThat(containers(children()))
          .allSatisfy(
              c ->
                  assertThat(env(c, "DB_PASSWORD"))
                      .satisfies(
                          e -> {
                            assertThat(e.getValue()).isNull();
                            assertThat(e.getValueFrom().getSecretKeyRef().getName())
                                .isEqualTo("app-db");
                            assertThat(e.getValueFrom().getSecretKeyRef().getKey())
                                .isEqualTo("password");
                          }));
    }

    @Test
    void secretPropertiesAreMountedSecretVolumesReadOnly() {
      ClusterChildren children = children();
      for (PodTemplateSpec t : templates(children)) {
        Set<String> secretVolumes = new HashSet<>();
        for (Volume v : t.getSpec().getVolumes()) {
          if (v.getSecret() != null) {
            secretVolumes.add(v.getSecret().getSecretName());
          }
        }
        assertThat(secretVolumes).contains("polaris-oauth", "marquez-key");
        assertThat(t.getSpec().getContainers())
            .allSatisfy(
                c -> {
                  List<VolumeMount> secretMounts =
                      c.getVolumeMounts().stream()
                          .filter(m -> m.getMountPath().startsWith(EnginePods.SECRETS_DIR + "/"))
                          .toList();
                  assertThat(secretMounts)
                      .extracting(VolumeMount::getMountPath)
                      .contains(
                          EnginePods.SECRETS_DIR + "/polaris-oauth",
                          EnginePods.SECRETS_DIR + "/marquez-key");
                  assertThat(secretMounts).allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
                });
      }
    }

    @Test
    void secretReferencesAreNamedInTheConfigMapNotCopied() {
      Map<String, String> data = children().config().getData();

      assertThat(data.get("secret-env.refs"))
          .contains("AWS_ACCESS_KEY_ID=lakehouse-s3/id")
          .contains("AWS_SECRET_ACCESS_KEY=lakehouse-s3/key");
      assertThat(data.get("secret-conf.refs"))
          .contains("polaris-oauth/client")
          .contains("marquez-key/apiKey");
      assertThat(String.join("\n", data.values())).doesNotContain(SENTINEL);
    }

    @Test
    void everyEnvVarIsEitherALiteralOrASecretReferenceNeverBoth() {
      assertThat(containers(children()))
          .allSatisfy(
              c ->
                  assertThat(c.getEnv())
                      .allSatisfy(
                          e -> {
                            boolean fromSecret =
                                e.getValueFrom() != null
                                    && e.getValueFrom().getSecretKeyRef() != null;
                            if (fromSecret) {
                              assertThat(e.getValue()).as(e.getName()).isNull();
                            }
                          }));
    }

    @Test
    void credentialSmuggledThroughSparkConfNeverReachesTheChildren() {
      // Admission refuses such keys; the builders must not rely on it.
      ClusterChildren children =
          build(
              workspace(WITH_EVERY_KIND_OF_SECRET),
              cluster(
                  """
          workers: 1
          sparkConf:
            spark.hadoop.fs.s3a.secret.key: s3cr3t-SENTINEL-value
            spark.hadoop.fs.s3a.access.key: s3cr3t-SENTINEL-value
          """),
              true);

      assertThat(serialized(children)).doesNotContain(SENTINEL);
    }

    @Test
    void credentialSmuggledThroughCatalogPropertiesNeverReachesTheChildren() {
      Workspace workspace = workspace(WITH_EVERY_KIND_OF_SECRET);
      workspace.getSpec().catalogs.get(0).properties =
          Map.of("token", SENTINEL, "client-secret", SENTINEL);

      assertThat(serialized(build(workspace, cluster(FIXED), true))).doesNotContain(SENTINEL);
    }

    private EnvVar env(Container c, String name) {
      Optional<EnvVar> found =
          c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
      assertThat(found).as("env %s of container %s", name, c.getName()).isPresent();
      return found.get();
    }
  }

  @Nested
  class Hashes {
    /**
     * The template hashes of a plain Cluster, fixed: a change here rolls every engine pod of every
     * user when they upgrade the operator. Change them only on purpose, and say so in the release
     * notes (docs/operator.md, Upgrading).
     */
    @Test
    void theHashesOfAPlainClusterAreTheGoldenOnes() {
      ClusterChildren plain = build("workers: 2\n");

      assertThat(
              List.of(
                  configHash(plain.workers()),
                  templateHash(plain.driver()),
                  templateHash(plain.workers())))
          .as("configuration, driver template, workers template")
          .containsExactly("33e4ea4227baeeb7", "a6a1a7916d9ba235", "b1210da17298b297");
    }

    @Test
    void changingWorkersChangesOnlyTheWorkersReplicas() {
      ClusterChildren three = build("workers: 3\n");
      ClusterChildren seven = build("workers: 7\n");

      Deployment aligned = copy(seven.workers(), Deployment.class);
      aligned.getSpec().setReplicas(3);

      assertThat(seven.workers().getSpec().getReplicas()).isEqualTo(7);
      assertThat(aligned).isEqualTo(copy(three.workers(), Deployment.class));
      assertThat(seven.driver()).isEqualTo(three.driver());
      assertThat(seven.config()).isEqualTo(three.config());
      assertThat(seven.driverService()).isEqualTo(three.driverService());
      assertThat(seven.workersService()).isEqualTo(three.workersService());
    }

    @Test
    void changingWorkersKeepsTheTemplateHash() {
      ClusterChildren three = build("workers: 3\n");
      ClusterChildren seven = build("workers: 7\n");

      assertThat(templateHash(seven.workers()))
          .isNotBlank()
          .isEqualTo(templateHash(three.workers()));
      assertThat(templateHash(seven.driver())).isNotBlank().isEqualTo(templateHash(three.driver()));
    }

    @Test
    void changingSparkConfChangesTheConfigHashOfBothTemplates() {
      ClusterChildren before =
          build(
              """
          workers: 3
          sparkConf:
            spark.sql.shuffle.partitions: "200"
          """);
      ClusterChildren after =
          build(
              """
          workers: 3
          sparkConf:
            spark.sql.shuffle.partitions: "400"
          """);

      assertThat(configHash(after.driver())).isNotBlank().isNotEqualTo(configHash(before.driver()));
      assertThat(configHash(after.workers()))
          .isNotBlank()
          .isNotEqualTo(configHash(before.workers()));
    }

    @Test
    void changingSparkConfChangesTheTemplateHashOfBothTemplates() {
      ClusterChildren before =
          build(
              """
          workers: 3
          sparkConf:
            spark.sql.shuffle.partitions: "200"
          """);
      ClusterChildren after =
          build(
              """
          workers: 3
          sparkConf:
            spark.sql.shuffle.partitions: "400"
          """);

      assertThat(templateHash(after.driver())).isNotEqualTo(templateHash(before.driver()));
      assertThat(templateHash(after.workers())).isNotEqualTo(templateHash(before.workers()));
    }

    @Test
    void configHashIsTheSameOnBothTemplates() {
      ClusterChildren children = build(FIXED);

      assertThat(configHash(children.driver()))
          .isNotBlank()
          .isEqualTo(configHash(children.workers()));
    }

    @Test
    void changingTheImageChangesTheTemplateHash() {
      Workspace workspace = workspace();
      Cluster cluster = cluster(FIXED);
      ClusterModel model = ClusterFixtures.model(workspace, cluster, true);
      ClusterModel otherImage =
          new ClusterModel(
              cluster,
              new EngineModel(
                  model.engine().engine(),
                  model.engine().workspace(),
                  model.engine().runtime(),
                  model.engine().config(),
                  "ghcr.io/lakehouse/runtime:patched",
                  PULL_POLICY,
                  1.0),
              true,
              model.workers());

      assertThat(templateHash(ClusterResources.build(otherImage).workers()))
          .isNotEqualTo(templateHash(ClusterResources.build(model).workers()));
    }

    @Test
    void buildingTwiceGivesEqualChildren() {
      assertThat(build(FIXED)).isEqualTo(build(FIXED));
    }

    @Test
    void templateHashDoesNotDependOnTheOrderOfMapEntries() {
      ClusterChildren ab =
          build(
              """
          workers: 2
          pod:
            nodeSelector:
              pool: spark
              zone: eu-1a
          """);
      ClusterChildren ba =
          build(
              """
          workers: 2
          pod:
            nodeSelector:
              zone: eu-1a
              pool: spark
          """);

      assertThat(ab.workers().getSpec().getTemplate().getSpec().getNodeSelector())
          .isEqualTo(ba.workers().getSpec().getTemplate().getSpec().getNodeSelector());
      assertThat(templateHash(ab.workers())).isEqualTo(templateHash(ba.workers()));
    }

    /**
     * The template hash is compared with the one written by an earlier operator process: it must be
     * the same in every JVM, or an operator restart classifies every Cluster as RESTART and rolls
     * all engine pods.
     */
    @Test
    void templateHashIsTheSameInEveryJvm() throws Exception {
      String classpath =
          Optional.ofNullable(System.getProperty("surefire.test.class.path"))
              .orElse(System.getProperty("java.class.path"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<Process> processes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        processes.add(
            new ProcessBuilder(
                    java,
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    classpath,
                    PrintTemplateHashes.class.getName())
                .redirectErrorStream(true)
                .start());
      }
      Set<String> outputs = new HashSet<>();
      for (Process p : processes) {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        outputs.add(out);
      }

      assertThat(outputs).as("template hashes printed by 6 JVMs").hasSize(1);
    }
  }

  /**
   * Prints the template hashes of a fixed Cluster, for {@link
   * Hashes#templateHashIsTheSameInEveryJvm}.
   */
  static final class PrintTemplateHashes {
    public static void main(String[] args) throws IOException {
      ClusterChildren children = build(FIXED);
      System.out.println(templateHash(children.driver()) + " " + templateHash(children.workers()));
    }
  }

  @Nested
  class PodOverrides {
    static final String OVERRIDES =
        """
        workers: 2
        pod:
          nodeSelector:
            pool: spark
          tolerations:
          - key: dedicated
            operator: Equal
            value: spark
            effect: NoSchedule
          - key: spot
            operator: Exists
            effect: NoExecute
            tolerationSeconds: 30
          labels:
            team: data
          annotations:
            cost-center: "42"
          priorityClassName: batch-high
        """;

    @Test
    void nodeSelectorLandsOnBothPodTemplates() {
      assertThat(templates(build(OVERRIDES)))
          .allSatisfy(
              t -> assertThat(t.getSpec().getNodeSelector()).isEqualTo(Map.of("pool", "spark")));
    }

    @Test
    void tolerationsLandOnBothPodTemplatesFieldByField() {
      assertThat(templates(build(OVERRIDES)))
          .allSatisfy(
              t ->
                  assertThat(t.getSpec().getTolerations())
                      .extracting(
                          Toleration::getKey,
                          Toleration::getOperator,
                          Toleration::getValue,
                          Toleration::getEffect,
                          Toleration::getTolerationSeconds)
                      .containsExactly(
                          org.assertj.core.groups.Tuple.tuple(
                              "dedicated", "Equal", "spark", "NoSchedule", null),
                          org.assertj.core.groups.Tuple.tuple(
                              "spot", "Exists", null, "NoExecute", 30L)));
    }

    @Test
    void labelsLandOnBothPodTemplates() {
      assertThat(templates(build(OVERRIDES)))
          .allSatisfy(t -> assertThat(t.getMetadata().getLabels()).containsEntry("team", "data"));
    }

    @Test
    void annotationsLandOnBothPodTemplates() {
      assertThat(templates(build(OVERRIDES)))
          .allSatisfy(
              t -> assertThat(t.getMetadata().getAnnotations()).containsEntry("cost-center", "42"));
    }

    @Test
    void priorityClassNameLandsOnBothPodTemplates() {
      assertThat(templates(build(OVERRIDES)))
          .allSatisfy(t -> assertThat(t.getSpec().getPriorityClassName()).isEqualTo("batch-high"));
    }

    @Test
    void podLabelsDoNotLandOnTheWorkloadSelectors() {
      ClusterChildren children = build(OVERRIDES);

      assertThat(children.driver().getSpec().getSelector().getMatchLabels())
          .doesNotContainKey("team");
      assertThat(children.workers().getSpec().getSelector().getMatchLabels())
          .doesNotContainKey("team");
    }

    @Test
    void withoutOverridesPodsHaveNoPlacement() {
      assertThat(templates(build(FIXED)))
          .allSatisfy(
              t -> {
                assertThat(t.getSpec().getNodeSelector()).isNullOrEmpty();
                assertThat(t.getSpec().getTolerations()).isNullOrEmpty();
                assertThat(t.getSpec().getPriorityClassName()).isNull();
              });
    }

    @Test
    void reservedLabelsCannotBeOverriddenByPodLabels() {
      // Admission refuses lakehouse.dev/ keys; the builder must keep the operator's values
      // regardless.
      ClusterChildren children =
          build(
              """
          workers: 2
          pod:
            labels:
              app.kubernetes.io/managed-by: someone-else
              app.kubernetes.io/part-of: other
              lakehouse.dev/cluster: other-cluster
              lakehouse.dev/role: driver
              lakehouse.dev/workspace: other-workspace
          """);

      assertThat(children.driver().getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
          .containsEntry(Labels.PART_OF, "lakehouse")
          .containsEntry(Labels.CLUSTER, "etl")
          .containsEntry(Labels.ROLE, EngineNames.DRIVER)
          .containsEntry(Labels.WORKSPACE, "analytics");
      assertThat(children.workers().getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
          .containsEntry(Labels.CLUSTER, "etl")
          .containsEntry(Labels.ROLE, EngineNames.WORKER)
          .containsEntry(Labels.WORKSPACE, "analytics");
    }

    @Test
    void reservedAnnotationsCannotBeOverriddenByPodAnnotations() {
      ClusterChildren plain = build(FIXED);
      ClusterChildren forged =
          build(
              """
          workers: 3
          pod:
            annotations:
              lakehouse.dev/config-hash: forged
          """);

      assertThat(configHash(forged.workers()))
          .isEqualTo(configHash(plain.workers()))
          .isNotEqualTo("forged");
    }

    @Test
    void changingPodOverridesChangesTheTemplateHash() {
      assertThat(templateHash(build(OVERRIDES).workers()))
          .isNotEqualTo(
              templateHash(
                  build(
                          """
          workers: 2
          """)
                      .workers()));
    }
  }

  @Nested
  class Model {
    @Test
    void desiredWorkersIsZeroWithNeitherWorkersNorAutoscale() {
      assertThat(ClusterModel.fixedWorkers(cluster("state: Running\n"))).isZero();
    }

    @Test
    void stoppedByUserOnlyWhenStateIsStopped() {
      assertThat(ClusterModel.stoppedByUser(cluster("workers: 1\nstate: Stopped\n"))).isTrue();
      assertThat(ClusterModel.stoppedByUser(cluster("workers: 1\nstate: Running\n"))).isFalse();
      assertThat(ClusterModel.stoppedByUser(cluster("workers: 1\n"))).isFalse();
    }

    @Test
    void namesAddressTheDriverServiceInTheClustersNamespace() {
      EngineNames names = EngineNames.of(cluster(FIXED));

      assertThat(names.masterUrl()).isEqualTo("spark://etl-driver.analytics-ns.svc:7077");
      assertThat(names.sparkConnectUrl()).isEqualTo("sc://etl-driver.analytics-ns.svc:15002");
      assertThat(names.uiUrl()).isEqualTo("http://etl-driver.analytics-ns.svc:4040");
    }
  }
}
