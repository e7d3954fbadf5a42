package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scale benchmark (e2e/scale.md): on one local control plane, ours with N Clusters of a driver
 * and 3 workers, then (full profile) KubeRay with N RayClusters; then ours with M manual runs of a
 * one-task Job on an existing Cluster, then (full profile) spark-operator with M SparkApplications;
 * each measured the same way by {@link ScaleRun}; a table and e2e/target/benchmarks/scale.json and
 * scale.csv. It asserts only that the run completed and wrote its results: the figures are for
 * people to compare, not thresholds. The README's test command runs the small profile (ours only,
 * 50 Clusters and 20 runs).
 */
class ScaleBenchmarkTest {
  /**
   * The control plane's name; another with -Dlakehouse.scale.control-plane beside a running one.
   */
  static final String CONTROL_PLANE =
      System.getProperty("lakehouse.scale.control-plane", "lakehouse-scale");

  @Test
  void runsTheProfileAndWritesItsResults() throws Exception {
    ScaleProfile profile = ScaleProfile.fromSystemProperties();
    System.out.println("[scale] profile " + profile);
    Path out = Path.of(System.getProperty("lakehouse.e2e.output"));
    Path results = out.resolve("benchmarks");
    Files.deleteIfExists(results.resolve("scale.json"));
    Files.deleteIfExists(results.resolve("scale.csv"));
    // The peers build before the control plane starts: a cold build takes minutes.
    Path peers = TestEnvironment.repoRoot().resolve("e2e/testenv/peers");
    if (profile.peers()) {
      // Its progress goes to the console: a cold build is silent for minutes otherwise.
      int exit = new ProcessBuilder(peers.toString(), "build").inheritIO().start().waitFor();
      assertThat(exit).as("e2e/testenv/peers build").isZero();
    }
    Map<String, String> controlPlaneSettings =
        Map.of(
            "LAKEHOUSE_NODES", Integer.toString(profile.nodes()),
            "LAKEHOUSE_NODE_CPU", "2000",
            // A Cluster's four pods ask for about 10 GiB: 1,000 of them more than 8 nodes of 1 TiB.
            "LAKEHOUSE_NODE_MEMORY", "4Ti",
            "LAKEHOUSE_NODE_PODS", "1100",
            // Each driver Service takes a ClusterIP: 65,534 of them instead of the default /24's
            // 253.
            "LAKEHOUSE_SERVICE_CIDR", "10.96.0.0/16",
            // One audit log for the whole run: it is read from marks (rotated at 100 MB by
            // default).
            "LAKEHOUSE_AUDIT_LOG_MAXSIZE", "4000");
    ScaleReport report = new ScaleReport(profile);
    try (LocalControlPlane controlPlane =
            LocalControlPlane.start(CONTROL_PLANE, controlPlaneSettings);
        KubernetesClient client = client(controlPlane)) {
      ScaleRun run =
          new ScaleRun(
              profile, client, controlPlane.kubectl(), new AuditWindow(controlPlane.auditLog()));
      Kubectl kubectl = controlPlane.kubectl();
      OurOperator ours =
          new OurOperator(
              kubectl,
              out,
              System.getProperty("lakehouse.scale.jvm-options", ""),
              settings(System.getProperty("lakehouse.scale.operator-env", "")));
      List<Leg> legs = new java.util.ArrayList<>();
      legs.add(new Leg(new OurScaleSide(ours), profile.engines(), profile.namespaces()));
      if (profile.peers()) {
        legs.add(
            new Leg(
                new KubeRayScaleSide(
                    kubectl,
                    Path.of(output(peers, "kuberay")),
                    Path.of(output(peers, "kuberay-crds")),
                    Path.of(output(peers, "kuberay-rbac")),
                    out),
                profile.engines(),
                profile.namespaces()));
        report.compare("ours", "kuberay");
      }
      if (profile.jobRuns() > 0) {
        legs.add(
            new Leg(
                new OurJobsScaleSide(ours, kubectl), profile.jobRuns(), profile.jobNamespaces()));
        if (profile.peers()) {
          legs.add(
              new Leg(
                  new SparkOperatorScaleSide(
                      kubectl,
                      Path.of(output(peers, "spark-operator")),
                      Path.of(output(peers, "spark-operator-crds")),
                      Path.of(output(peers, "spark-operator-rbac")),
                      Path.of(output(peers, "spark-home")),
                      out),
                  profile.jobRuns(),
                  profile.jobNamespaces()));
          report.compare("ours-jobs", "spark-operator");
        }
      }
      // -Dlakehouse.scale.sides=ours-jobs,spark-operator runs only those of the profile's sides.
      List<String> only =
          List.of(System.getProperty("lakehouse.scale.sides", "").split(",")).stream()
              .map(String::trim)
              .filter(name -> !name.isEmpty())
              .toList();
      if (!only.isEmpty()) {
        legs.removeIf(leg -> !only.contains(leg.side().name()));
      }
      for (int i = 0; i < legs.size(); i++) {
        Leg leg = legs.get(i);
        report.add(
            leg.side().name(),
            run.measure(leg.side(), leg.engines(), leg.namespaces(), i == legs.size() - 1));
        report.write(results, false);
      }
    }
    report.write(results, true);

    assertThat(results.resolve("scale.json")).exists();
    assertThat(Files.readString(results.resolve("scale.csv"))).contains("all_ready_s");
  }

  /** One side with how many engines it makes, in how many namespaces. */
  record Leg(ScaleSide side, int engines, int namespaces) {}

  /** Environment variables written as {@code NAME=value} separated by spaces. */
  static Map<String, String> settings(String text) {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (String pair : text.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        settings.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return settings;
  }

  private static KubernetesClient client(LocalControlPlane controlPlane) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig()));
    // A load generator: no client-side throttling, enough connections for 100 creates a second.
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(128);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static String output(Path script, String verb) {
    CommandResult result = CommandResult.run(new ProcessBuilder(script.toString(), verb));
    assertThat(result.succeeded()).as(result.toString()).isTrue();
    return result.stdout().trim();
  }
}
