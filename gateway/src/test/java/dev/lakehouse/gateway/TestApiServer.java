package dev.lakehouse.gateway;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver and etcd through kube-api-test (binaries built by e2e/testenv/testenv at
 * the version pinned in e2e/testenv/versions.env) with the Cluster and Warehouse CRDs of
 * crds/generated/, one per test JVM.
 */
final class TestApiServer {
  private static final Path VERSIONS = Path.of("e2e", "testenv", "versions.env");
  private static TestApiServer shared;

  private final KubeAPIServer server;
  private final KubernetesClient client;

  private TestApiServer() {
    Path root = repoRoot();
    String version = kubeVersion(root);
    Path binaries =
        Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s", version + "-linux-amd64");
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "no kube-apiserver in "
              + binaries
              + ": build the test control plane with e2e/testenv/testenv build");
    }
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(version)
                .withOfflineMode(true)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withStartupTimeout(120_000)
                .build());
    server.start();
    client = newClient();
    for (String crd : new String[] {"clusters", "warehouses"}) {
      install(root.resolve("crds/generated/" + crd + ".lakehouse.dev-v1.yml"));
    }
  }

  static synchronized TestApiServer shared() {
    if (shared == null) {
      shared = new TestApiServer();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "stop-test-api-server"));
    }
    return shared;
  }

  /** An administrator's client. */
  KubernetesClient client() {
    return client;
  }

  /** A new client from the server's kubeconfig, as the gateway would build one. */
  KubernetesClient newClient() {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
        .build();
  }

  private void install(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
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

  private static Path repoRoot() {
    String configured = System.getProperty("lakehouse.repo.root");
    if (configured != null && Files.exists(Path.of(configured).resolve(VERSIONS))) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(VERSIONS))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find " + VERSIONS + ": run the tests in the repository");
  }

  private static String kubeVersion(Path root) {
    Properties versions = new Properties();
    try (Reader reader = Files.newBufferedReader(root.resolve(VERSIONS))) {
      versions.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return versions.getProperty("KUBE_VERSION");
  }

  private void stop() {
    client.close();
    server.stop();
  }
}
