package dev.lakehouse.operator.cluster;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.PodOverrides;
import dev.lakehouse.operator.engine.config.EngineSizes;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig;
import dev.lakehouse.operator.kube.Hashes;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import dev.lakehouse.operator.workspace.WorkspaceResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
  /** Hash of the rendered configuration in the pod templates: a change rolls the pods. */
  public static final String CONFIG_HASH = "lakehouse.dev/config-hash";

  /** Hash of the pod template as the operator wrote it, to classify changes against what runs. */
  public static final String TEMPLATE_HASH = "lakehouse.dev/template-hash";

  static final String CONF_DIR = "/etc/lakehouse/conf";
  static final String SECRETS_DIR = "/etc/lakehouse/secrets";
  static final long SPARK_UID = 185;

  /** The engine image's entrypoint. */
  static final String LAUNCHER = "/usr/local/bin/lakehouse-launcher";

  /** How long a leaving worker may take to hand its tasks and blocks over. */
  static final long DECOMMISSION_SECONDS = 120;

  /** Time left after decommissioning for the worker process to stop. */
  static final long TERMINATION_MARGIN_SECONDS = 30;

  private ClusterResources() {}

  public static ClusterChildren build(ClusterModel model) {
    ClusterNames names = model.names();
    Map<String, String> configData = model.config().configMapData();
    String configHash = Hashes.ofObject(configData);
    return new ClusterChildren(
        configMap(model, configData),
        driverService(model),
        workersService(model),
        statefulSet(
            model,
            names.driver(),
            ClusterNames.DRIVER,
            model.running() ? 1 : 0,
            names.driver(),
            driverPod(model, configHash)),
        workers(model, workerPod(model, configHash)));
  }

  private static ConfigMap configMap(ClusterModel model, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withMetadata(meta(model, model.names().config(), null))
        .withData(new LinkedHashMap<>(data))
        .build();
  }

  private static Service driverService(ClusterModel model) {
    return new ServiceBuilder()
        .withMetadata(meta(model, model.names().driver(), ClusterNames.DRIVER))
        .withNewSpec()
        .withSelector(Labels.selectorOf(model.names().cluster(), ClusterNames.DRIVER))
        .withPorts(
            port("spark-connect", ClusterNames.CONNECT_PORT),
            port("master", ClusterNames.MASTER_PORT),
            port("master-ui", ClusterNames.MASTER_UI_PORT),
            port("ui", ClusterNames.UI_PORT))
        .endSpec()
        .build();
  }

  private static Service workersService(ClusterModel model) {
    return new ServiceBuilder()
        .withMetadata(meta(model, model.names().workers(), ClusterNames.WORKER))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(Labels.selectorOf(model.names().cluster(), ClusterNames.WORKER))
        .withPorts(port("worker-ui", ClusterNames.WORKER_UI_PORT))
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
        .withMatchLabels(Labels.selectorOf(model.names().cluster(), role))
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
        .withMetadata(meta(model, model.names().workers(), ClusterNames.WORKER))
        .withNewSpec()
        .withReplicas(model.running() ? model.workers() : 0)
        .withNewSelector()
        .withMatchLabels(Labels.selectorOf(model.names().cluster(), ClusterNames.WORKER))
        .endSelector()
        .withTemplate(template)
        .withNewStrategy()
        .withType("RollingUpdate")
        .endStrategy()
        .endSpec()
        .build();
  }

  private static PodTemplateSpec driverPod(ClusterModel model, String configHash) {
    ClusterSpec spec = model.cluster().getSpec();
    int cores = EngineSizes.driverCores(spec);
    String memory = EngineSizes.driverMemory(spec);
    Container master =
        engineContainer(model, "master")
            .withPorts(
                containerPort("master", ClusterNames.MASTER_PORT),
                containerPort("master-ui", ClusterNames.MASTER_UI_PORT))
            .withResources(
                new ResourceRequirementsBuilder()
                    .withRequests(
                        new TreeMap<>(
                            Map.of("cpu", new Quantity("100m"), "memory", new Quantity("768Mi"))))
                    .withLimits(Map.of("memory", new Quantity("768Mi")))
                    .build())
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString(ClusterNames.MASTER_PORT))
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .build();
    Container connect =
        engineContainer(model, "connect")
            .withPorts(
                containerPort("spark-connect", ClusterNames.CONNECT_PORT),
                containerPort("ui", ClusterNames.UI_PORT))
            .withResources(resources(cores, memory))
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString(ClusterNames.CONNECT_PORT))
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .build();
    return podTemplate(model, ClusterNames.DRIVER, configHash, List.of(master, connect), null);
  }

  private static PodTemplateSpec workerPod(ClusterModel model, String configHash) {
    ClusterSpec spec = model.cluster().getSpec();
    int cores = EngineSizes.workerCores(spec);
    String memory = EngineSizes.workerMemory(spec);
    Container worker =
        engineContainer(model, "worker")
            .withPorts(containerPort("worker-ui", ClusterNames.WORKER_UI_PORT))
            .withResources(resources(cores, memory))
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString(ClusterNames.WORKER_UI_PORT))
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            // A worker that goes (scale-down, roll, stop) hands its work over first: Spark
            // decommissions it, running
            // tasks finish and its blocks move, within DECOMMISSION_SECONDS.
            .withNewLifecycle()
            .withNewPreStop()
            .withNewExec()
            .withCommand(LAUNCHER, "decommission")
            .endExec()
            .endPreStop()
            .endLifecycle()
            .addToEnv(
                new EnvVar(
                    "LAKEHOUSE_DECOMMISSION_TIMEOUT_SECONDS",
                    Long.toString(DECOMMISSION_SECONDS),
                    null))
            .build();
    return podTemplate(
        model,
        ClusterNames.WORKER,
        configHash,
        List.of(worker),
        DECOMMISSION_SECONDS + TERMINATION_MARGIN_SECONDS);
  }

  /** A container running one role of the launcher, with the configuration contract mounted. */
  private static ContainerBuilder engineContainer(ClusterModel model, String role) {
    return new ContainerBuilder()
        .withName(role)
        .withImage(model.image())
        .withImagePullPolicy(model.imagePullPolicy())
        .withArgs(role)
        .withEnv(env(model))
        .withVolumeMounts(volumeMounts(model.config()))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext();
  }

  private static List<EnvVar> env(ClusterModel model) {
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVarBuilder()
            .withName("POD_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.add(new EnvVar("LAKEHOUSE_MASTER_URL", model.names().masterUrl(), null));
    env.add(new EnvVar("SPARK_CONF_DIR", CONF_DIR, null));
    env.add(new EnvVar("LAKEHOUSE_SECRETS_DIR", SECRETS_DIR, null));
    model.config().env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
    // Credentials only as references: Kubernetes resolves them from the Secret, the operator never
    // sees them.
    model
        .config()
        .secretEnv()
        .forEach(
            s ->
                env.add(
                    new EnvVarBuilder()
                        .withName(s.name())
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName(s.secretName())
                        .withKey(s.key())
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build()));
    return env;
  }

  private static List<VolumeMount> volumeMounts(RenderedSparkConfig config) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName("conf")
            .withMountPath(CONF_DIR)
            .withReadOnly(true)
            .build());
    mounts.add(new VolumeMountBuilder().withName("work").withMountPath("/tmp").build());
    config
        .secretMounts()
        .forEach(
            s ->
                mounts.add(
                    new VolumeMountBuilder()
                        .withName(secretVolume(s))
                        .withMountPath(SECRETS_DIR + "/" + s)
                        .withReadOnly(true)
                        .build()));
    return mounts;
  }

  private static List<Volume> volumes(ClusterModel model) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("conf")
            .withNewConfigMap()
            .withName(model.names().config())
            .endConfigMap()
            .build());
    volumes.add(new VolumeBuilder().withName("work").withNewEmptyDir().endEmptyDir().build());
    model
        .config()
        .secretMounts()
        .forEach(
            s ->
                volumes.add(
                    new VolumeBuilder()
                        .withName(secretVolume(s))
                        .withNewSecret()
                        .withSecretName(s)
                        .endSecret()
                        .build()));
    return volumes;
  }

  private static String secretVolume(String secretName) {
    String name = "secret-" + secretName.replace('.', '-');
    return name.length() <= 63 ? name : "secret-" + Hashes.of(secretName);
  }

  private static PodTemplateSpec podTemplate(
      ClusterModel model,
      String role,
      String configHash,
      List<Container> containers,
      Long terminationGraceSeconds) {
    PodOverrides overrides =
        Optional.ofNullable(model.cluster().getSpec().pod).orElseGet(PodOverrides::new);
    Map<String, String> labels = new LinkedHashMap<>();
    Optional.ofNullable(overrides.labels).ifPresent(labels::putAll);
    labels.putAll(Labels.ofCluster(workspaceName(model), model.names().cluster(), role));
    Map<String, String> annotations = new LinkedHashMap<>();
    Optional.ofNullable(overrides.annotations).ifPresent(annotations::putAll);
    annotations.put(CONFIG_HASH, configHash);
    PodSpec spec =
        new PodSpecBuilder()
            .withServiceAccountName(WorkspaceResources.ENGINE_SERVICE_ACCOUNT)
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(SPARK_UID)
            .withRunAsGroup(SPARK_UID)
            .withFsGroup(SPARK_UID)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .withContainers(containers)
            .withTerminationGracePeriodSeconds(terminationGraceSeconds)
            .withVolumes(volumes(model))
            .withNodeSelector(overrides.nodeSelector)
            .withPriorityClassName(overrides.priorityClassName)
            .withTolerations(
                overrides.tolerations == null
                    ? null
                    : overrides.tolerations.stream()
                        .map(
                            t ->
                                new TolerationBuilder()
                                    .withKey(t.key)
                                    .withOperator(t.operator == null ? null : t.operator.name())
                                    .withValue(t.value)
                                    .withEffect(t.effect == null ? null : t.effect.name())
                                    .withTolerationSeconds(t.tolerationSeconds)
                                    .build())
                        .toList())
            .build();
    annotations.put(TEMPLATE_HASH, Hashes.ofObject(List.of(labels, annotations, spec)));
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  private static io.fabric8.kubernetes.api.model.ResourceRequirements resources(
      int cores, String memory) {
    return new ResourceRequirementsBuilder()
        .withRequests(
            new TreeMap<>(
                Map.of(
                    "cpu", new Quantity(Integer.toString(cores)), "memory", new Quantity(memory))))
        .withLimits(Map.of("memory", new Quantity(memory)))
        .build();
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .withProtocol("TCP")
        .build();
  }

  private static ContainerPort containerPort(String name, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol("TCP")
        .build();
  }

  private static ObjectMeta meta(ClusterModel model, String name, String role) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(model.names().namespace())
        .withLabels(Labels.ofCluster(workspaceName(model), model.names().cluster(), role))
        .withOwnerReferences(Owners.controlledBy(model.cluster()))
        .build();
  }

  private static String workspaceName(ClusterModel model) {
    return model.workspace().getMetadata().getName();
  }

  /** The worker selector of a Cluster, as the scale subresource reports it. */
  public static String workerSelector(Cluster cluster) {
    return Labels.asSelectorString(
        Labels.selectorOf(cluster.getMetadata().getName(), ClusterNames.WORKER));
  }
}
