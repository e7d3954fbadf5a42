package dev.lakehouse.operator.workspace;

import dev.lakehouse.api.v1alpha1.Access;
import dev.lakehouse.api.v1alpha1.Quota;
import dev.lakehouse.api.v1alpha1.SqlEndpoint;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.api.v1alpha1.WorkspaceSpec;
import dev.lakehouse.operator.config.OperatorServiceAccount;
import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.pods.EnginePods;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The desired children of a Workspace, as a pure function of its spec: the namespace it owns, the
 * engines' ServiceAccount, RoleBindings of its groups, the RoleBinding that lets the operator read
 * the namespace's Secrets, a ResourceQuota and LimitRange, and NetworkPolicies that deny by default
 * and allow what engines need (each other, DNS, and the ports of their catalogs, storage and
 * lineage).
 */
public final class WorkspaceResources {
  /** The app.kubernetes.io/name label of the operator's pods (the Helm chart's). */
  static final String OPERATOR_POD_NAME = "lakehouse-operator";

  public static final String ADMIN_ROLE = "lakehouse-admin";
  public static final String EDITOR_ROLE = "lakehouse-editor";
  public static final String VIEWER_ROLE = "lakehouse-viewer";

  /**
   * The ClusterRole that reads Secrets (get, list, watch), installed by the Helm chart and bound by
   * no ClusterRoleBinding: each Workspace binds it to the operator in its own namespace, under this
   * name too, so the operator reads Secrets (their keys) only where Workspaces are.
   */
  public static final String SECRET_READER = "lakehouse-operator-secret-reader";

  private WorkspaceResources() {}

  /**
   * @param operator the operator's ServiceAccount: bound to {@link #SECRET_READER} in the
   *     Workspace's namespace; its namespace's operator pods are the only ones let through to the
   *     master UI
   */
  public static List<HasMetadata> build(Workspace workspace, OperatorServiceAccount operator) {
    WorkspaceSpec spec = workspace.getSpec() == null ? new WorkspaceSpec() : workspace.getSpec();
    String namespace = Workspaces.namespaceOf(workspace);
    List<HasMetadata> children = new ArrayList<>();
    children.add(namespace(workspace, namespace));
    children.add(
        new ServiceAccountBuilder()
            .withMetadata(meta(workspace, EnginePods.SERVICE_ACCOUNT, namespace))
            .withAutomountServiceAccountToken(false)
            .build());
    children.addAll(roleBindings(workspace, namespace, spec.access));
    children.add(secretReader(workspace, namespace, operator));
    quota(workspace, namespace, spec.quota).ifPresent(children::add);
    children.add(limitRange(workspace, namespace));
    children.addAll(networkPolicies(workspace, namespace, spec, operator.namespace()));
    return children;
  }

  private static HasMetadata namespace(Workspace workspace, String namespace) {
    Map<String, String> labels = Labels.ofWorkspace(workspace.getMetadata().getName());
    // Engine pods meet the restricted Pod Security profile; enforcing it keeps everything else in
    // line too.
    labels.put("pod-security.kubernetes.io/enforce", "restricted");
    labels.put("pod-security.kubernetes.io/enforce-version", "latest");
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(namespace)
        .withLabels(labels)
        .withOwnerReferences(Owners.controlledBy(workspace))
        .endMetadata()
        .build();
  }

  private static List<RoleBinding> roleBindings(
      Workspace workspace, String namespace, Access access) {
    Access groups = access == null ? new Access() : access;
    List<RoleBinding> bindings = new ArrayList<>();
    bind(workspace, namespace, "lakehouse-admins", ADMIN_ROLE, groups.adminGroups)
        .ifPresent(bindings::add);
    bind(workspace, namespace, "lakehouse-users", EDITOR_ROLE, groups.userGroups)
        .ifPresent(bindings::add);
    bind(workspace, namespace, "lakehouse-viewers", VIEWER_ROLE, groups.viewerGroups)
        .ifPresent(bindings::add);
    return bindings;
  }

  private static Optional<RoleBinding> bind(
      Workspace workspace, String namespace, String name, String role, List<String> groups) {
    if (groups == null || groups.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RoleBindingBuilder()
            .withMetadata(meta(workspace, name, namespace))
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
            .withSubjects(
                groups.stream()
                    .map(
                        g ->
                            new SubjectBuilder()
                                .withApiGroup("rbac.authorization.k8s.io")
                                .withKind("Group")
                                .withName(g)
                                .build())
                    .toList())
            .build());
  }

  /** Lets the operator's ServiceAccount read (and watch) the Secrets of this namespace only. */
  private static RoleBinding secretReader(
      Workspace workspace, String namespace, OperatorServiceAccount operator) {
    return new RoleBindingBuilder()
        .withMetadata(meta(workspace, SECRET_READER, namespace))
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", SECRET_READER)
        .withSubjects(
            new SubjectBuilder()
                .withKind("ServiceAccount")
                .withName(operator.name())
                .withNamespace(operator.namespace())
                .build())
        .build();
  }

  private static Optional<HasMetadata> quota(Workspace workspace, String namespace, Quota quota) {
    if (quota == null) {
      return Optional.empty();
    }
    Map<String, Quantity> hard = new LinkedHashMap<>();
    Optional.ofNullable(quota.cpu).ifPresent(v -> hard.put("requests.cpu", new Quantity(v)));
    Optional.ofNullable(quota.memory).ifPresent(v -> hard.put("requests.memory", new Quantity(v)));
    Optional.ofNullable(quota.pods).ifPresent(v -> hard.put("pods", new Quantity(v.toString())));
    Optional.ofNullable(quota.clusters)
        .ifPresent(v -> hard.put("count/clusters.lakehouse.dev", new Quantity(v.toString())));
    Optional.ofNullable(quota.warehouses)
        .ifPresent(v -> hard.put("count/warehouses.lakehouse.dev", new Quantity(v.toString())));
    Optional.ofNullable(quota.jobs)
        .ifPresent(v -> hard.put("count/jobs.lakehouse.dev", new Quantity(v.toString())));
    if (hard.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourceQuotaBuilder()
            .withMetadata(meta(workspace, "lakehouse-quota", namespace))
            .withNewSpec()
            .withHard(hard)
            .endSpec()
            .build());
  }

  /**
   * Defaults for containers that set no resources, so that a CPU or memory quota does not refuse
   * them.
   */
  private static HasMetadata limitRange(Workspace workspace, String namespace) {
    return new LimitRangeBuilder()
        .withMetadata(meta(workspace, "lakehouse-defaults", namespace))
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefaultRequest(
            new java.util.TreeMap<>(
                Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi"))))
        .withDefault(Map.of("memory", new Quantity("1Gi")))
        .endLimit()
        .endSpec()
        .build();
  }

  private static List<NetworkPolicy> networkPolicies(
      Workspace workspace, String namespace, WorkspaceSpec spec, String operatorNamespace) {
    String name = workspace.getMetadata().getName();
    LabelSelector everyPod = new LabelSelector();
    LabelSelector engines =
        new LabelSelectorBuilder().withMatchLabels(Map.of(Labels.WORKSPACE, name)).build();
    List<NetworkPolicy> policies = new ArrayList<>();
    policies.add(
        new NetworkPolicyBuilder()
            .withMetadata(meta(workspace, "lakehouse-default-deny", namespace))
            .withNewSpec()
            .withPodSelector(everyPod)
            .withPolicyTypes("Ingress", "Egress")
            .endSpec()
            .build());
    policies.add(
        new NetworkPolicyBuilder()
            .withMetadata(meta(workspace, "lakehouse-allow-engines", namespace))
            .withNewSpec()
            .withPodSelector(engines)
            .withPolicyTypes("Ingress", "Egress")
            .addNewIngress()
            .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(engines).build())
            .endIngress()
            .addNewEgress()
            .withTo(new NetworkPolicyPeerBuilder().withPodSelector(engines).build())
            .endEgress()
            .endSpec()
            .build());
    // Clients reach Spark Connect, and the operator reads activity from the driver's UI, from other
    // namespaces.
    LabelSelector drivers =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of(Labels.WORKSPACE, name, Labels.ROLE, EngineNames.DRIVER))
            .build();
    policies.add(
        new NetworkPolicyBuilder()
            .withMetadata(meta(workspace, "lakehouse-allow-clients", namespace))
            .withNewSpec()
            .withPodSelector(drivers)
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .withFrom(
                new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelector()).build())
            .withPorts(
                new NetworkPolicyPortBuilder()
                    .withProtocol("TCP")
                    .withPort(new IntOrString(EngineNames.CONNECT_PORT))
                    .build(),
                new NetworkPolicyPortBuilder()
                    .withProtocol("TCP")
                    .withPort(new IntOrString(EngineNames.UI_PORT))
                    .build())
            .endIngress()
            .endSpec()
            .build());
    // The autoscaler reads workers and cores in use from the standalone master's UI, which can also
    // kill applications, and a Warehouse's load from its drivers' SQL load listener: only the
    // operator's pods, in the operator's namespace, may reach them.
    policies.add(
        new NetworkPolicyBuilder()
            .withMetadata(meta(workspace, "lakehouse-allow-operator", namespace))
            .withNewSpec()
            .withPodSelector(drivers)
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .withFrom(
                new NetworkPolicyPeerBuilder()
                    .withNamespaceSelector(
                        new LabelSelectorBuilder()
                            .withMatchLabels(
                                Map.of("kubernetes.io/metadata.name", operatorNamespace))
                            .build())
                    .withPodSelector(
                        new LabelSelectorBuilder()
                            .withMatchLabels(Map.of(Labels.NAME, OPERATOR_POD_NAME))
                            .build())
                    .build())
            .withPorts(
                new NetworkPolicyPortBuilder()
                    .withProtocol("TCP")
                    .withPort(new IntOrString(EngineNames.MASTER_UI_PORT))
                    .build(),
                new NetworkPolicyPortBuilder()
                    .withProtocol("TCP")
                    .withPort(new IntOrString(SqlEndpoint.LOAD_PORT))
                    .build())
            .endIngress()
            .endSpec()
            .build());
    policies.add(
        new NetworkPolicyBuilder()
            .withMetadata(meta(workspace, "lakehouse-allow-dns", namespace))
            .withNewSpec()
            .withPodSelector(engines)
            .withPolicyTypes("Egress")
            .addNewEgress()
            .withPorts(
                new NetworkPolicyPortBuilder()
                    .withProtocol("UDP")
                    .withPort(new IntOrString(53))
                    .build(),
                new NetworkPolicyPortBuilder()
                    .withProtocol("TCP")
                    .withPort(new IntOrString(53))
                    .build())
            .endEgress()
            .endSpec()
            .build());
    List<Integer> servicePorts = dataServicePorts(spec);
    if (!servicePorts.isEmpty()) {
      policies.add(
          new NetworkPolicyBuilder()
              .withMetadata(meta(workspace, "lakehouse-allow-data-services", namespace))
              .withNewSpec()
              .withPodSelector(engines)
              .withPolicyTypes("Egress")
              .addNewEgress()
              .withPorts(
                  servicePorts.stream()
                      .map(
                          p ->
                              new NetworkPolicyPortBuilder()
                                  .withProtocol("TCP")
                                  .withPort(new IntOrString(p))
                                  .build())
                      .toList())
              .endEgress()
              .endSpec()
              .build());
    }
    return policies;
  }

  /** The TCP ports of the Workspace's catalogs, storage endpoints and lineage endpoint. */
  static List<Integer> dataServicePorts(WorkspaceSpec spec) {
    Stream<String> catalogs =
        spec.catalogs == null ? Stream.empty() : spec.catalogs.stream().map(c -> c.uri);
    Stream<String> storage = Stream.empty();
    if (spec.storage != null && spec.storage.s3 != null) {
      storage =
          Stream.concat(
              Stream.of(
                  spec.storage.s3.endpoint == null
                      ? "https://s3.amazonaws.com"
                      : spec.storage.s3.endpoint),
              spec.storage.buckets == null
                  ? Stream.empty()
                  : spec.storage.buckets.stream().map(b -> b.endpoint));
    }
    Stream<String> lineage =
        spec.lineage == null || spec.lineage.openLineage == null
            ? Stream.empty()
            : Stream.of(spec.lineage.openLineage.endpoint);
    TreeSet<Integer> ports = new TreeSet<>();
    Stream.of(catalogs, storage, lineage)
        .flatMap(s -> s)
        .filter(u -> u != null && !u.isBlank())
        .forEach(uri -> ports.add(portOf(uri)));
    return List.copyOf(ports);
  }

  private static int portOf(String uri) {
    URI parsed = URI.create(uri);
    if (parsed.getPort() > 0) {
      return parsed.getPort();
    }
    return switch (String.valueOf(parsed.getScheme())) {
      case "http" -> 80;
      case "thrift" -> 9083;
      default -> 443;
    };
  }

  private static ObjectMeta meta(Workspace workspace, String name, String namespace) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Labels.ofWorkspace(workspace.getMetadata().getName()))
        .withOwnerReferences(Owners.controlledBy(workspace))
        .build();
  }
}
