package dev.lakehouse.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the repository and the control plane built by e2e/testenv/testenv are, and which versions
 * are pinned.
 */
public final class TestEnvironment {
  private static final Path VERSIONS = Path.of("e2e", "testenv", "versions.env");

  private TestEnvironment() {}

  /**
   * The repository root: from the build's system property, else the first parent holding
   * versions.env.
   */
  public static Path repoRoot() {
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
        "cannot find the repository root (no "
            + VERSIONS
            + " above "
            + Path.of("").toAbsolutePath()
            + "); run the tests from inside the repository");
  }

  /** The Kubernetes version pinned in e2e/testenv/versions.env, for example 1.35.4. */
  public static String kubeVersion() {
    return versions().getProperty("KUBE_VERSION");
  }

  /** The directory of the binaries kube-api-test uses (kube-apiserver, etcd, kubectl). */
  public static Path kubeApiTestBinaries() {
    return Path.of(
        System.getProperty("user.home"), ".kubeapitest", "k8s", kubeVersion() + "-linux-amd64");
  }

  /** The kubectl built from source for the pinned version. */
  public static Path kubectl() {
    return kubeApiTestBinaries().resolve("kubectl");
  }

  static Properties versions() {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(repoRoot().resolve(VERSIONS))) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
