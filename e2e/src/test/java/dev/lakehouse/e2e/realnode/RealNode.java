package dev.lakehouse.e2e.realnode;

import dev.lakehouse.e2e.Kubectl;
import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A control plane with one real node (e2e/testenv/real-node) and what it builds into the caches:
 * the engine and operator images (runtime-image/build-oci), kubelet, kube-proxy, CoreDNS and
 * kube-router (by {@code up}), PySpark's client (e2e/datapath/pyspark-client). Each step's output
 * goes to a log file under e2e/target/realnode/logs, whose tail a failure shows.
 */
final class RealNode {
  static final Path REPO = TestEnvironment.repoRoot();
  private static final Path SCRIPT = REPO.resolve("e2e/testenv/real-node");
  private static final Path BUILD_OCI = REPO.resolve("runtime-image/build-oci");
  private static final Path LOGS = REPO.resolve("e2e/target/realnode/logs");

  private RealNode() {}

  /**
   * Why a real node cannot run on this machine, or empty when it can: it needs root (namespaces,
   * mounts, cgroups), private network and mount namespaces, cgroup v1 memory and cpu controllers
   * (kubelet runs with the cgroupfs driver) and the Debian packages of {@code real-node install};
   * LAKEHOUSE_REAL_NODE=skip opts out.
   */
  static Optional<String> whyNot() {
    if ("skip".equals(System.getenv("LAKEHOUSE_REAL_NODE"))) {
      return Optional.of("LAKEHOUSE_REAL_NODE=skip");
    }
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
      return Optional.of("not Linux");
    }
    if (!"0".equals(output("id", "-u"))) {
      return Optional.of("not root (a real node needs namespaces, mounts and cgroups)");
    }
    if (!succeeds("unshare", "--net", "--mount", "--propagation", "private", "true")) {
      return Optional.of(
          "cannot create network and mount namespaces (unshare --net --mount failed)");
    }
    if (!Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))
        || !Files.isDirectory(Path.of("/sys/fs/cgroup/cpu"))) {
      return Optional.of(
          "no cgroup v1 memory and cpu controllers under /sys/fs/cgroup (the node runs kubelet"
              + " with the cgroupfs driver on v1 controllers, as this project's machines have)");
    }
    List<String> missing = new ArrayList<>();
    for (String tool : TOOLS) {
      if (!succeeds("sh", "-c", "command -v " + tool)) {
        missing.add(tool);
      }
    }
    if (!Files.isExecutable(Path.of("/usr/lib/cni/bridge"))) {
      missing.add("the CNI plugins");
    }
    if (!missing.isEmpty()) {
      return Optional.of(
          "missing "
              + String.join(", ", missing)
              + " (e2e/testenv/real-node install installs them with apt-get; make test runs it)");
    }
    return Optional.empty();
  }

  /** What the node and the image builds run (the Debian packages real-node install installs). */
  private static final List<String> TOOLS =
      List.of(
          "containerd",
          "ctr",
          "runc",
          "socat",
          "iptables",
          "ipset",
          "nsenter",
          "gcc",
          "umoci",
          "debootstrap",
          "curl");

  /**
   * Builds the engine image unless the cached archive is fresh; returns the seconds its build took,
   * this time or (kept next to the archive) when it was built.
   */
  static long buildEngineImage() {
    Path seconds = Path.of(output(BUILD_OCI.toString(), "path", "engine") + ".seconds");
    try {
      if (succeeds(BUILD_OCI.toString(), "fresh", "engine") && Files.exists(seconds)) {
        return Long.parseLong(Files.readString(seconds).trim());
      }
      long start = System.nanoTime();
      run("build-oci-engine", Duration.ofMinutes(40), BUILD_OCI.toString(), "engine");
      long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      Files.writeString(seconds, took + "\n");
      return took;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void buildOperatorImage() {
    run("build-oci-operator", Duration.ofMinutes(15), BUILD_OCI.toString(), "operator");
  }

  /**
   * Starts the node and its control plane (building kubelet, kube-proxy, CoreDNS and kube-router if
   * needed).
   */
  static Kubectl up() {
    run("up", Duration.ofMinutes(40), SCRIPT.toString(), "up");
    return new Kubectl(Path.of(output(SCRIPT.toString(), "kubeconfig")));
  }

  /** helm install of the chart with the operator image, extra {@code --set}s, until Available. */
  static void installOperator(String... helmArgs) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "operator"));
    command.addAll(List.of(helmArgs));
    run("operator", Duration.ofMinutes(10), command.toArray(String[]::new));
  }

  /**
   * MinIO and Nessie on the node's network behind Services minio and nessie in lakehouse-system,
   * the quickstart Workspace's catalog and storage.
   */
  static void startDataServices() {
    run("data-services", Duration.ofMinutes(20), SCRIPT.toString(), "data-services");
  }

  /** The body of a request to the node's MinIO, signed with the quickstart's keys. */
  static String s3(String method, String path) {
    CommandResult result = CommandResult.run(List.of(SCRIPT.toString(), "s3", method, path), null);
    if (!result.succeeded()) {
      throw new IllegalStateException("real-node s3 " + method + " " + path + " failed: " + result);
    }
    return result.stdout();
  }

  /** Stops everything and checks that nothing is left on the host. */
  static void down() {
    run("down", Duration.ofMinutes(5), SCRIPT.toString(), "down");
  }

  static Path figures() {
    return REPO.resolve("e2e/target/benchmarks/real-node.json");
  }

  /** The Python of a venv with PySpark's Spark Connect client (the data path's, shared). */
  static String pysparkPython() {
    run(
        "pyspark-client",
        Duration.ofMinutes(20),
        REPO.resolve("e2e/datapath/pyspark-client").toString());
    return output(REPO.resolve("e2e/datapath/pyspark-client").toString());
  }

  private static void run(String step, Duration limit, String... command) {
    try {
      Files.createDirectories(LOGS);
      Path log = LOGS.resolve(step + ".log");
      System.out.printf("[real-node] %s: %s (log %s)%n", step, String.join(" ", command), log);
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .directory(REPO.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(limit.toMinutes(), TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(step + " took over " + limit + "\n" + tail(log));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            step + " failed (exit " + process.exitValue() + ")\n" + tail(log));
      }
      System.out.printf(
          "[real-node] %s done in %ds%n",
          step, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static boolean succeeds(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String output(String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(REPO.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
