package dev.lakehouse.e2e;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What one version of the project installs: its CRDs, its Helm chart and its packaged operator. The
 * working tree's, or the previous release's, built from git history by e2e/upgrade/previous-release
 * into the cache.
 *
 * @param name the release's name, for messages and results
 * @param crds the directory of its CRD files
 * @param chart its Helm chart
 * @param operatorApp its packaged operator (quarkus-run.jar)
 */
public record Release(String name, Path crds, Path chart, Path operatorApp) {

  /** The working tree: crds/generated, charts/lakehouse-operator and operator/target. */
  public static Release workingTree() {
    Path repo = TestEnvironment.repoRoot();
    return new Release(
        "working tree",
        repo.resolve("crds/generated"),
        repo.resolve("charts/lakehouse-operator"),
        Path.of(System.getProperty("lakehouse.operator.app")));
  }

  /**
   * The release named in e2e/upgrade/previous-release.env, built once from git history into the
   * cache (a few minutes on a fresh machine).
   */
  public static Release previous() throws IOException {
    Path script = TestEnvironment.repoRoot().resolve("e2e/upgrade/previous-release");
    CommandResult built = CommandResult.run(List.of(script.toString()), null, 15);
    if (!built.succeeded()) {
      throw new IllegalStateException("e2e/upgrade/previous-release failed: " + built);
    }
    Path dir = Path.of(built.stdout().trim());
    Properties env = new Properties();
    try (var reader = Files.newBufferedReader(script.resolveSibling("previous-release.env"))) {
      env.load(reader);
    }
    return new Release(
        env.getProperty("PREVIOUS_RELEASE_NAME")
            + " ("
            + env.getProperty("PREVIOUS_RELEASE_COMMIT").substring(0, 12)
            + ")",
        dir.resolve("crds"),
        dir.resolve("chart"),
        dir.resolve("quarkus-app/quarkus-run.jar"));
  }
}
