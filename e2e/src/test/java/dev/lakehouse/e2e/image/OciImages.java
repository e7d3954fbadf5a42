package dev.lakehouse.e2e.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Where runtime-image/build-oci keeps its archives, asked from the script itself. */
final class OciImages {
  static final Path REPO =
      Path.of(System.getProperty("lakehouse.repo.root", "..")).toAbsolutePath();

  private OciImages() {}

  /** The archive path for {@code build-oci path ARGS...}; it may not exist. */
  static Path archive(String... what) throws IOException, InterruptedException {
    String[] command = new String[what.length + 2];
    command[0] = REPO.resolve("runtime-image/build-oci").toString();
    command[1] = "path";
    System.arraycopy(what, 0, command, 2, what.length);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("build-oci path failed: " + out);
    }
    return Path.of(out);
  }

  /**
   * Skips the calling test class when the archive is not built, saying so on the console (Surefire
   * does not print the reason of a class-level skip).
   */
  static void assumeBuilt(Path archive, String command) {
    String reason =
        archive
            + " is not built (runtime-image/build-oci "
            + command
            + " builds it, as root with debootstrap and umoci): nothing to compare";
    if (!exists(archive)) {
      System.out.println("[skipped] " + reason);
    }
    Assumptions.assumeTrue(exists(archive), reason);
  }

  /**
   * Skips the calling test class when the engine archive was built from other inputs than this
   * checkout's (the launcher, the jar set, build-oci itself...): comparing it would test an old
   * build, not this one.
   */
  static void assumeFreshEngine(String runtime) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                REPO.resolve("runtime-image/build-oci").toString(), "fresh", "engine", runtime)
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    boolean fresh = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    String reason =
        "the engine archive was built from other sources than this checkout's"
            + " (runtime-image/build-oci engine "
            + runtime
            + " rebuilds it): nothing to compare";
    if (!fresh) {
      System.out.println("[skipped] " + reason);
    }
    Assumptions.assumeTrue(fresh, reason);
  }

  static boolean exists(Path archive) {
    return Files.isRegularFile(archive);
  }
}
