package dev.lakehouse.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver and etcd (built from source by e2e/testenv/testenv) with the lakehouse CRDs
 * installed, started once per test JVM through io.fabric8:kube-api-test and stopped when the JVM
 * exits.
 */
public final class RealApiServer {
  private static final String[] CRD_FILES = {
    "workspaces", "clusters", "jobs", "jobruns", "warehouses"
  };
  private static RealApiServer shared;

  /** Writes only, at Metadata level, as the kwok control plane's (e2e/testenv/testenv). */
  private static final String AUDIT_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
        - level: Metadata
          verbs: [create, update, patch, delete, deletecollection]
        - level: None
      """;

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;
  private final Path auditLog;

  private RealApiServer() {
    Path binaries = TestEnvironment.kubeApiTestBinaries();
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "no kube-apiserver in "
              + binaries
              + ": build the test control plane with "
              + "e2e/testenv/testenv build (the README's test command does it for you)");
    }
    try {
      Path audit = Files.createTempDirectory("lakehouse-audit");
      Files.writeString(audit.resolve("policy.yaml"), AUDIT_POLICY);
      auditLog = audit.resolve("audit.log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(TestEnvironment.kubeVersion())
                .withOfflineMode(true)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag(
                    "--audit-policy-file", auditLog.resolveSibling("policy.yaml").toString())
                .withApiServerFlag("--audit-log-path", auditLog.toString())
                .withStartupTimeout(120_000)
                .build());
    server.start();
    try {
      kubeconfig = Files.createTempFile("lakehouse-kubeconfig", ".yaml");
      Files.writeString(kubeconfig, server.getKubeConfigYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    System.out.printf(
        "[real-api-server] kube-apiserver %s (built from source, %s) at %s%n",
        client.getKubernetesVersion().getGitVersion(), binaries, client.getMasterUrl());
    installCrds();
  }

  /** The server shared by every test of this JVM, started on first use. */
  public static synchronized RealApiServer shared() {
    if (shared == null) {
      shared = new RealApiServer();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "stop-real-api-server"));
    }
    return shared;
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The API server's audit log of writes, to count the operator's from the server's side. */
  public AuditLog auditLog() {
    return new AuditLog(auditLog);
  }

  /** Runs the kubectl built for the pinned version against this server. */
  public CommandResult kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(TestEnvironment.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return CommandResult.run(command, null);
  }

  /** Runs kubectl with a manifest on standard input. */
  public CommandResult kubectlWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(TestEnvironment.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return CommandResult.run(command, stdin);
  }

  private void installCrds() {
    for (String name : CRD_FILES) {
      String resource = "/META-INF/lakehouse/crds/" + name + ".lakehouse.dev-v1.yml";
      try (InputStream in = RealApiServer.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + resource + " is not on the classpath");
        }
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client.resource(crd).serverSideApply();
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(
                c ->
                    c.getStatus() != null
                        && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                            .anyMatch(
                                k ->
                                    "Established".equals(k.getType())
                                        && "True".equals(k.getStatus())),
                60,
                TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void stop() {
    client.close();
    server.stop();
  }
}
