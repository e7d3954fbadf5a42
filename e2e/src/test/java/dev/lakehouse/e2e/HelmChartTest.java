package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart lints, renders, refuses bad values, and what it renders is accepted by a real API
 * server.
 */
class HelmChartTest {
  /** The operator's ServiceAccount and ClusterRole. */
  static final String OPERATOR = "lakehouse-operator";

  /**
   * The Secret-reading ClusterRole that Workspaces bind in their namespaces (the operator's
   * WorkspaceResources.SECRET_READER).
   */
  static final String SECRET_READER = "lakehouse-operator-secret-reader";

  /** The ClusterRole a Warehouse binds its gateway's ServiceAccount to, in its namespace. */
  static final String GATEWAY = "lakehouse-operator-warehouse-gateway";

  @Test
  void lintsCleanly() {
    CommandResult lint = Helm.run("lint", Helm.CHART.toString(), "--strict");
    assertThat(lint.succeeded()).as(lint.toString()).isTrue();
    assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @Test
  void rendersAnOperatorWithRbacProbesAndMetrics() {
    String rendered =
        Helm.template("lakehouse-system", "--set", "metrics.serviceMonitor.enabled=true");
    assertThat(rendered)
        .contains("kind: Deployment")
        .contains("kind: ClusterRole")
        .contains("name: lakehouse-editor")
        .contains("path: /q/health/ready")
        .contains("path: /q/health/live")
        .contains("path: /q/health/started")
        .contains("kind: ServiceMonitor")
        .contains("path: /metrics")
        .contains("rbac.authorization.k8s.io/aggregate-to-view: \"true\"");
  }

  /**
   * The operator's RBAC as the chart renders it: no access to Secrets through any ClusterRole it
   * binds cluster-wide, no wildcard, and a Secret-reading ClusterRole that nothing binds
   * cluster-wide: the operator may only bind it, in Workspace namespaces.
   */
  @Test
  void grantsNoClusterWideSecretAccessAndNoWildcards() {
    List<HasMetadata> rbac = rbac();
    Set<String> boundClusterWide =
        rbac.stream()
            .filter(ClusterRoleBinding.class::isInstance)
            .map(b -> ((ClusterRoleBinding) b).getRoleRef().getName())
            .collect(Collectors.toSet());
    assertThat(boundClusterWide).containsExactly(OPERATOR).doesNotContain(SECRET_READER);

    ClusterRole operator = clusterRole(rbac, OPERATOR);
    assertThat(operator.getRules())
        .as("the operator's ClusterRole grants nothing on Secrets")
        .noneMatch(r -> r.getResources().contains("secrets"));
    assertThat(operator.getRules())
        .filteredOn(r -> r.getVerbs().contains("bind"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("clusterroles");
              assertThat(r.getResourceNames())
                  .containsExactlyInAnyOrder(
                      "lakehouse-admin",
                      "lakehouse-editor",
                      "lakehouse-viewer",
                      SECRET_READER,
                      GATEWAY);
            });
    assertThat(operator.getRules())
        .as("only bind, and only named roles")
        .noneMatch(r -> r.getVerbs().contains("escalate") || r.getVerbs().contains("impersonate"));

    assertThat(clusterRole(rbac, SECRET_READER).getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("");
              assertThat(r.getResources()).containsExactly("secrets");
              assertThat(r.getVerbs()).containsExactly("get", "list", "watch");
              assertThat(r.getResourceNames()).isNullOrEmpty();
            });

    List<PolicyRule> everyRule =
        rbac.stream()
            .flatMap(
                o ->
                    o instanceof ClusterRole c
                        ? c.getRules().stream()
                        : o instanceof Role r ? r.getRules().stream() : Stream.empty())
            .toList();
    assertThat(everyRule).isNotEmpty();
    assertThat(everyRule)
        .as("no wildcard in any rule")
        .allSatisfy(
            r ->
                assertThat(
                        Stream.of(
                                r.getApiGroups(),
                                r.getResources(),
                                r.getVerbs(),
                                r.getResourceNames(),
                                r.getNonResourceURLs())
                            .filter(Objects::nonNull)
                            .flatMap(List::stream))
                    .doesNotContain("*"));
  }

  /**
   * Every role the chart renders (the operator's, the Secret reader, the gateway's, the tenants'):
   * no wildcard in verbs, resources or API groups; Secrets only in the Secret reader (get, list,
   * watch: bound per Workspace namespace) and the tenants' admin role (bound per Workspace
   * namespace too); the gateway reads Clusters and patches Warehouses, nothing else; editors and
   * viewers get nothing on Secrets, RoleBindings or Workspaces.
   */
  @Test
  void everyRoleItRendersIsWithoutWildcardsAndKeepsSecretsNarrow() {
    String rendered = Helm.template("lakehouse-system");
    KubernetesSerialization json = new KubernetesSerialization();
    List<HasMetadata> objects =
        Arrays.stream(rendered.split("(?m)^---\\s*$"))
            .filter(doc -> doc.contains("kind:"))
            .map(doc -> (HasMetadata) json.unmarshal(doc))
            .toList();
    List<ClusterRole> clusterRoles =
        objects.stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .toList();
    assertThat(clusterRoles.stream().map(r -> r.getMetadata().getName()))
        .contains(
            OPERATOR,
            SECRET_READER,
            GATEWAY,
            "lakehouse-admin",
            "lakehouse-editor",
            "lakehouse-viewer");
    for (ClusterRole role : clusterRoles) {
      String name = role.getMetadata().getName();
      for (PolicyRule rule : role.getRules()) {
        for (List<String> values :
            Stream.of(rule.getVerbs(), rule.getResources(), rule.getApiGroups())
                .filter(Objects::nonNull)
                .toList()) {
          assertThat(values).as(name + ": " + rule).noneMatch(v -> v.contains("*"));
        }
        if (rule.getResources().contains("secrets")) {
          assertThat(name).as("a role that grants Secrets").isIn(SECRET_READER, "lakehouse-admin");
        }
      }
    }
    assertThat(clusterRole(objects, GATEWAY).getRules())
        .allSatisfy(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("lakehouse.dev");
              assertThat(r.getVerbs()).isSubsetOf("get", "list", "watch", "patch");
            })
        .anySatisfy(r -> assertThat(r.getResources()).containsExactly("clusters"))
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("warehouses");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "patch");
            });
    for (String tenant : List.of("lakehouse-editor", "lakehouse-viewer")) {
      assertThat(clusterRole(objects, tenant).getRules())
          .as(tenant)
          .noneMatch(
              r ->
                  r.getResources().contains("secrets")
                      || r.getResources().contains("rolebindings")
                      || r.getResources().contains("workspaces"));
    }
    assertThat(clusterRole(objects, "lakehouse-admin").getRules())
        .as("tenants' admins do not make RoleBindings nor touch Workspaces")
        .noneMatch(
            r ->
                r.getResources().contains("workspaces")
                    || (r.getResources().contains("rolebindings")
                        && !Set.copyOf(r.getVerbs()).equals(Set.of("get", "list", "watch"))));
  }

  /**
   * The operator's pod: non-root, read-only root filesystem (a writable /tmp only), no privilege
   * escalation, no capabilities, the runtime's seccomp profile, no host namespaces; and a pod made
   * from the rendered template is admitted by a real API server in a namespace that enforces Pod
   * Security "restricted", where a pod that breaks it is refused.
   */
  @Test
  void theOperatorPodRunsNonRootReadOnlyAndPassesPodSecurityRestricted() {
    String rendered = Helm.template("lakehouse-system", "--show-only", "templates/deployment.yaml");
    Deployment deployment = new KubernetesSerialization().unmarshal(rendered, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes()).noneMatch(v -> v.getHostPath() != null);
    assertThat(pod.getContainers())
        .singleElement()
        .satisfies(
            c -> {
              SecurityContext security = c.getSecurityContext();
              assertThat(security.getReadOnlyRootFilesystem()).isTrue();
              assertThat(security.getAllowPrivilegeEscalation()).isFalse();
              assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
              assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
              assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
              assertThat(c.getVolumeMounts())
                  .as("the only writable path")
                  .singleElement()
                  .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            });

    RealApiServer api = RealApiServer.shared();
    String ns = "restricted-operator";
    api.client()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build())
        .serverSideApply();
    api.client()
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName(OPERATOR)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .serverSideApply();
    Pod fromTemplate =
        new PodBuilder()
            .withNewMetadata()
            .withName("operator")
            .withNamespace(ns)
            .endMetadata()
            .withSpec(pod)
            .build();
    String asJson = new KubernetesSerialization().asJson(fromTemplate);
    CommandResult admitted = api.kubectlWithInput(asJson, "create", "--dry-run=server", "-f", "-");
    assertThat(admitted.succeeded()).as(admitted.toString()).isTrue();

    fromTemplate
        .getSpec()
        .getContainers()
        .get(0)
        .getSecurityContext()
        .setAllowPrivilegeEscalation(true);
    CommandResult refused =
        api.kubectlWithInput(
            new KubernetesSerialization().asJson(fromTemplate),
            "create",
            "--dry-run=server",
            "-f",
            "-");
    assertThat(refused.succeeded()).as("the control: Pod Security is enforced").isFalse();
    assertThat(refused.stderr()).contains("violates PodSecurity \"restricted");
  }

  /**
   * On a real API server, with the chart's RBAC: the operator's ServiceAccount cannot read Secrets
   * anywhere until it binds the Secret reader in a namespace, as a Workspace does; it can bind that
   * role but no stronger one; and the binding opens that namespace only.
   */
  @Test
  void theOperatorReadsSecretsOnlyInNamespacesItBoundTheReaderIn() {
    RealApiServer api = RealApiServer.shared();
    String ns = "rbac-operator";
    for (String name : List.of(ns, "rbac-workspace", "rbac-elsewhere")) {
      api.client()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .serverSideApply();
    }
    CommandResult installed =
        api.kubectlWithInput(
            Helm.template(
                ns,
                "--show-only",
                "templates/serviceaccount.yaml",
                "--show-only",
                "templates/rbac.yaml",
                "--show-only",
                "templates/user-roles.yaml"),
            "apply",
            "--server-side",
            "-f",
            "-");
    assertThat(installed.succeeded()).as(installed.toString()).isTrue();
    String as = "--as=system:serviceaccount:" + ns + ":" + OPERATOR;

    assertThat(canI(api, as, "list", "secrets", "--all-namespaces")).isEqualTo("no");
    assertThat(canI(api, as, "watch", "secrets", "--all-namespaces")).isEqualTo("no");
    assertThat(canI(api, as, "get", "secrets", "-n", "rbac-workspace")).isEqualTo("no");

    CommandResult escalate =
        api.kubectl(
            "create",
            "rolebinding",
            "grab",
            "-n",
            "rbac-workspace",
            "--clusterrole=cluster-admin",
            "--serviceaccount=" + ns + ":" + OPERATOR,
            as);
    assertThat(escalate.succeeded()).as("binding another role is refused").isFalse();
    assertThat(escalate.stderr()).contains("forbidden");

    CommandResult bind =
        api.kubectl(
            "create",
            "rolebinding",
            SECRET_READER,
            "-n",
            "rbac-workspace",
            "--clusterrole=" + SECRET_READER,
            "--serviceaccount=" + ns + ":" + OPERATOR,
            as);
    assertThat(bind.succeeded()).as(bind.toString()).isTrue();

    for (String verb : List.of("get", "list", "watch")) {
      assertThat(canI(api, as, verb, "secrets", "-n", "rbac-workspace")).isEqualTo("yes");
      assertThat(canI(api, as, verb, "secrets", "-n", "rbac-elsewhere")).isEqualTo("no");
    }
    assertThat(canI(api, as, "list", "secrets", "--all-namespaces")).isEqualTo("no");
    assertThat(canI(api, as, "create", "secrets", "-n", "rbac-workspace")).isEqualTo("no");
  }

  private static String canI(RealApiServer api, String... args) {
    String[] command =
        Stream.concat(Stream.of("auth", "can-i"), Arrays.stream(args)).toArray(String[]::new);
    return api.kubectl(command).stdout().trim();
  }

  private static List<HasMetadata> rbac() {
    String rendered = Helm.template("lakehouse-system", "--show-only", "templates/rbac.yaml");
    KubernetesSerialization json = new KubernetesSerialization();
    return Arrays.stream(rendered.split("(?m)^---\\s*$"))
        .filter(doc -> doc.contains("kind:"))
        .map(doc -> (HasMetadata) json.unmarshal(doc))
        .toList();
  }

  private static ClusterRole clusterRole(List<HasMetadata> rbac, String name) {
    return rbac.stream()
        .filter(ClusterRole.class::isInstance)
        .map(ClusterRole.class::cast)
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ClusterRole " + name));
  }

  /**
   * Two shards' releases in one namespace (docs/operator.md#sharding): no object of one has the
   * kind, namespace and name of an object of the other; each runs under its own ServiceAccount,
   * bound by its own ClusterRoleBinding, with its shard's selector and Lease; the roles every
   * release binds by name come from the first release only; and both are accepted by a real API
   * server.
   */
  @Test
  void twoShardReleasesRenderWithoutClashingAndEachRunsItsShard() {
    List<HasMetadata> a =
        objects(
            Helm.templateRelease(
                Helm.CHART, "lakehouse-a", "lakehouse-system", "--set", "shard.name=a"));
    List<HasMetadata> b =
        objects(
            Helm.templateRelease(
                Helm.CHART,
                "lakehouse-b",
                "lakehouse-system",
                "--set",
                "shard.name=b",
                "--set",
                "sharedRoles.create=false",
                "--set",
                "userRoles.create=false"));
    Set<String> namesOfA = a.stream().map(HelmChartTest::identity).collect(Collectors.toSet());
    assertThat(b.stream().map(HelmChartTest::identity)).doesNotContainAnyElementsOf(namesOfA);

    assertThat(names(a, ClusterRole.class))
        .contains(OPERATOR + "-a", SECRET_READER, GATEWAY, "lakehouse-admin");
    assertThat(names(b, ClusterRole.class)).containsExactly(OPERATOR + "-b");
    for (var shard : Map.of("a", a, "b", b).entrySet()) {
      String account = OPERATOR + "-" + shard.getKey();
      ClusterRoleBinding binding =
          shard.getValue().stream()
              .filter(ClusterRoleBinding.class::isInstance)
              .map(ClusterRoleBinding.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(binding.getRoleRef().getName()).isEqualTo(account);
      assertThat(binding.getSubjects())
          .singleElement()
          .satisfies(s -> assertThat(s.getName()).isEqualTo(account));
      assertThat(clusterRole(shard.getValue(), account).getRules())
          .filteredOn(r -> r.getVerbs().contains("bind"))
          .singleElement()
          .satisfies(r -> assertThat(r.getResourceNames()).contains(SECRET_READER, GATEWAY));
      PodSpec pod = deployment(shard.getValue()).getSpec().getTemplate().getSpec();
      assertThat(pod.getServiceAccountName()).isEqualTo(account);
      assertThat(env(pod))
          .containsEntry("LAKEHOUSE_SHARD_SELECTOR", "lakehouse.dev/shard=" + shard.getKey())
          .containsEntry("LAKEHOUSE_LEADER_ELECTION_LEASE_NAME", account);
      assertThat(deployment(shard.getValue()).getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("lakehouse.dev/shard", shard.getKey());
    }

    RealApiServer api = RealApiServer.shared();
    api.client()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("lakehouse-system")
                .endMetadata()
                .build())
        .serverSideApply();
    for (String release : List.of("a", "b")) {
      String rendered =
          Helm.templateRelease(
              Helm.CHART,
              "lakehouse-" + release,
              "lakehouse-system",
              "--set",
              "shard.name=" + release);
      CommandResult applied =
          api.kubectlWithInput(rendered, "apply", "--dry-run=server", "--server-side", "-f", "-");
      assertThat(applied.succeeded()).as(applied.toString()).isTrue();
    }
  }

  /**
   * Without a shard the chart renders what it rendered before sharding existed: no shard selector,
   * no Lease setting, no shard label on the pod (so an upgrade rolls nothing), the same names. A
   * catch-all release selects what no shard claims.
   */
  @Test
  void withoutAShardNothingChangesAndACatchAllSelectsTheUnlabelled() {
    List<HasMetadata> unsharded = objects(Helm.template("lakehouse-system"));
    Deployment deployment = deployment(unsharded);
    assertThat(deployment.getMetadata().getName()).isEqualTo(OPERATOR);
    assertThat(env(deployment.getSpec().getTemplate().getSpec()))
        .doesNotContainKeys("LAKEHOUSE_SHARD_SELECTOR", "LAKEHOUSE_LEADER_ELECTION_LEASE_NAME");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("lakehouse.dev/shard");
    assertThat(names(unsharded, ClusterRole.class)).contains(OPERATOR, SECRET_READER, GATEWAY);

    Deployment catchAll =
        deployment(
            objects(
                Helm.template("lakehouse-system", "--set", "shard.selector=!lakehouse.dev/shard")));
    assertThat(env(catchAll.getSpec().getTemplate().getSpec()))
        .containsEntry("LAKEHOUSE_SHARD_SELECTOR", "!lakehouse.dev/shard");
  }

  private static List<HasMetadata> objects(String rendered) {
    KubernetesSerialization json = new KubernetesSerialization();
    return Arrays.stream(rendered.split("(?m)^---\\s*$"))
        .filter(doc -> doc.contains("kind:"))
        .map(doc -> (HasMetadata) json.unmarshal(doc))
        .toList();
  }

  private static String identity(HasMetadata object) {
    return object.getKind()
        + "/"
        + Objects.requireNonNullElse(object.getMetadata().getNamespace(), "")
        + "/"
        + object.getMetadata().getName();
  }

  private static List<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> kind) {
    return objects.stream().filter(kind::isInstance).map(o -> o.getMetadata().getName()).toList();
  }

  private static Deployment deployment(List<HasMetadata> objects) {
    return objects.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> env(PodSpec pod) {
    Map<String, String> env = new java.util.HashMap<>();
    pod.getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  @Test
  void refusesValuesOutsideItsSchema() {
    CommandResult bad =
        Helm.run(
            "template",
            "lakehouse",
            Helm.CHART.toString(),
            "--kube-version",
            dev.lakehouse.testing.TestEnvironment.kubeVersion(),
            "--set",
            "activitySource=psychic");
    assertThat(bad.succeeded()).isFalse();
    assertThat(bad.stderr()).contains("activitySource").contains("spark-master");
  }

  @Test
  void everythingItRendersIsAcceptedByTheApiServer() {
    RealApiServer api = RealApiServer.shared();
    api.client()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("lakehouse-system")
                .endMetadata()
                .build())
        .serverSideApply();
    String rendered = Helm.template("lakehouse-system");

    CommandResult applied =
        api.kubectlWithInput(rendered, "apply", "--dry-run=server", "--server-side", "-f", "-");

    assertThat(applied.succeeded()).as(applied.toString()).isTrue();
    assertThat(applied.stdout())
        .contains("deployment.apps/lakehouse-operator serverside-applied (server dry run)");
  }
}
