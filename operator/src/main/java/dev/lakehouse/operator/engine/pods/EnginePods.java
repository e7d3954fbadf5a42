package dev.lakehouse.operator.engine.pods;

import dev.lakehouse.api.v1alpha1.PodOverrides;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig;
import dev.lakehouse.operator.kube.Hashes;
import dev.lakehouse.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pods that run the engine image: the engine's own (driver, workers) and whatever else runs the
 * launcher against an engine (a Job's task). One way to build them, so every such pod follows the
 * image's configuration contract (the rendered ConfigMap at {@value #CONF_DIR}, Secrets at {@value
 * #SECRETS_DIR}, credentials only as Secret references) and the restricted Pod Security profile.
 */
public final class EnginePods {
  /** Hash of the rendered configuration in the pod templates: a change rolls the pods. */
  public static final String CONFIG_HASH = "lakehouse.dev/config-hash";

  /** Hash of the pod template as the operator wrote it, to classify changes against what runs. */
  public static final String TEMPLATE_HASH = "lakehouse.dev/template-hash";

  /** The ServiceAccount of engine pods in a Workspace's namespace (no API access). */
  public static final String SERVICE_ACCOUNT = "lakehouse-engine";

  public static final String CONF_DIR = "/etc/lakehouse/conf";
  public static final String SECRETS_DIR = "/etc/lakehouse/secrets";

  /** The engine image's entrypoint. */
  public static final String LAUNCHER = "/usr/local/bin/lakehouse-launcher";

  /** The engine image's user (Spark's). */
  static final long SPARK_UID = 185;

  private EnginePods() {}

  /**
   * A container running one role of the launcher, with the configuration contract mounted and a
   * restricted security context; callers add ports, resources, probes and hooks.
   */
  public static ContainerBuilder container(EngineModel model, String name, String... args) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(model.image())
        .withImagePullPolicy(model.imagePullPolicy())
        .withArgs(args)
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

  /**
   * The pod template of one role: the engine's labels and the user's pod overrides, the
   * configuration hash (a configuration change rolls the pods) and the template hash (what changes
   * are classified by), the engine ServiceAccount without a token, and the restricted profile.
   *
   * @param configHash the hash of the configuration the pods read
   * @param terminationGraceSeconds null for Kubernetes' default
   */
  public static PodTemplateSpec template(
      EngineModel model,
      String role,
      String configHash,
      List<Container> containers,
      Long terminationGraceSeconds) {
    PodOverrides overrides = Optional.ofNullable(model.engine().pod()).orElseGet(PodOverrides::new);
    Map<String, String> labels = new LinkedHashMap<>();
    Optional.ofNullable(overrides.labels).ifPresent(labels::putAll);
    labels.putAll(Labels.ofCluster(model.workspace(), model.names().engine(), role));
    Map<String, String> annotations = new LinkedHashMap<>();
    Optional.ofNullable(overrides.annotations).ifPresent(annotations::putAll);
    annotations.put(CONFIG_HASH, configHash);
    PodSpec spec =
        new PodSpecBuilder()
            .withServiceAccountName(SERVICE_ACCOUNT)
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

  /**
   * The pod template of a Job task's attempt, a Spark driver in client mode (the launcher's {@code
   * submit} role) against the engine's master: the engine's pod template for {@code role} (its
   * labels and pod overrides, the configuration contract and the Secrets mounted as the engine's
   * own pods have them, the engine ServiceAccount without a token, the restricted profile), plus
   * {@code labels}, {@code volumes} (say, the attempt's files) and {@code restartPolicy: Never}.
   *
   * <p>It carries the configuration hash (what the attempt was built against) but no template hash:
   * a batch Job's template never changes (each attempt is a new Job), so there is no change of it
   * to classify.
   */
  public static PodTemplateSpec taskTemplate(
      EngineModel model,
      String role,
      Map<String, String> labels,
      Container container,
      List<Volume> volumes) {
    PodTemplateSpec engine =
        template(
            model, role, Hashes.ofObject(model.config().configMapData()), List.of(container), null);
    Map<String, String> podLabels = new LinkedHashMap<>(engine.getMetadata().getLabels());
    podLabels.putAll(labels);
    Map<String, String> annotations = new LinkedHashMap<>(engine.getMetadata().getAnnotations());
    annotations.remove(TEMPLATE_HASH);
    return new PodTemplateSpecBuilder(engine)
        .editMetadata()
        .withLabels(podLabels)
        .withAnnotations(annotations)
        .endMetadata()
        .editSpec()
        .withRestartPolicy("Never")
        .addAllToVolumes(volumes)
        .endSpec()
        .build();
  }

  /**
   * The resources of a container sized by the engine ({@code cores} of a driver or worker size):
   * the model's share of those cores requested, the memory requested and limited.
   */
  public static ResourceRequirements resources(EngineModel model, int cores, String memory) {
    return resources(cpuRequest(cores, model.cpuRequestFraction()), memory);
  }

  /**
   * The CPU request of {@code cores} at {@code fraction}: whole cores as the plain number they
   * always were (so requesting all of them writes the same templates as before), else millicores,
   * at least one.
   */
  static String cpuRequest(int cores, double fraction) {
    long millis = Math.max(1, Math.round(cores * 1000 * fraction));
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  /** CPU requested and memory requested and limited (no CPU limit: Spark uses what it gets). */
  public static ResourceRequirements resources(String cpu, String memory) {
    return new ResourceRequirementsBuilder()
        .withRequests(
            new TreeMap<>(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))))
        .withLimits(Map.of("memory", new Quantity(memory)))
        .build();
  }

  public static ContainerPort port(String name, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol("TCP")
        .build();
  }

  private static List<EnvVar> env(EngineModel model) {
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

  private static List<Volume> volumes(EngineModel model) {
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
}
