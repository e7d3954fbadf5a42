package dev.lakehouse.e2e.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.e2e.image.DockerfileStage.Copy;
import dev.lakehouse.e2e.image.DockerfileStage.User;
import dev.lakehouse.e2e.image.OciArchive.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine image built without Docker (runtime-image/build-oci) has the layout the Dockerfile
 * gives it: the same copied files in the same places, environment, user, working directory,
 * entrypoint, ports, users, directories and owners, and none of what the Dockerfile removes.
 * Skipped, with the reason, when the archive has not been built on this machine or was built from
 * other sources than this checkout's.
 */
class EngineImageLayoutTest {
  static final String RUNTIME = "spark-3.5";
  static DockerfileStage dockerfile;
  static OciArchive image;

  @BeforeAll
  static void read() throws Exception {
    dockerfile = DockerfileStage.finalStageOf(OciImages.REPO.resolve("runtime-image/Dockerfile"));
    Path archive = OciImages.archive("engine", RUNTIME);
    OciImages.assumeBuilt(archive, "engine " + RUNTIME);
    OciImages.assumeFreshEngine(RUNTIME);
    image = OciArchive.read(archive, RUNTIME, Set.of("etc/passwd", "etc/group"));
  }

  @Test
  void copiedFilesAreWhereTheDockerfilePutsThem() throws IOException {
    List<String> removed = dockerfile.removedPaths();
    for (Copy copy : dockerfile.copies()) {
      if (removed.stream().anyMatch(r -> under(copy.target(), r))) {
        assertThat(image.files()).doesNotContainKey(OciArchive.normalize(copy.target()));
        continue;
      }
      String target = OciArchive.normalize(copy.target());
      if (copy.fromStage() != null) {
        // A build stage's output: the target is a directory with files in it.
        assertThat(image.files().get(target)).as(copy.target()).isNotNull();
        assertThat(image.files().keySet())
            .as("files under " + target)
            .anyMatch(p -> p.startsWith(target + "/"));
        continue;
      }
      for (String source : copy.sources()) {
        Path local = OciImages.REPO.resolve(source);
        if (Files.isDirectory(local)) {
          for (Path file : filesUnder(local)) {
            assertSameFile(file, target + "/" + local.relativize(file));
          }
        } else {
          assertSameFile(
              local, copy.targetIsDirectory() ? target + "/" + local.getFileName() : target);
        }
      }
    }
  }

  @Test
  void theJarSetAndTheGatewayAreInPlace() {
    assertThat(image.files()).containsKeys("opt/spark/RELEASE", "opt/spark/jars");
    assertThat(image.files().keySet())
        .anyMatch(p -> p.matches("opt/spark/jars/spark-core_2\\.1[23]-.*\\.jar"))
        .anyMatch(p -> p.matches("opt/spark/jars/lakehouse-connect-bind\\.jar"))
        .anyMatch(p -> p.matches("opt/lakehouse/gateway/lakehouse-gateway.*\\.jar"));
  }

  @Test
  void environmentUserWorkingDirEntrypointAndPortsMatch() throws IOException {
    Map<String, String> env = image.env();
    dockerfile
        .env()
        .forEach(
            (name, value) -> {
              int ref = value.indexOf('$');
              if (ref < 0) {
                assertThat(env).as("ENV " + name).containsEntry(name, value);
              } else {
                // PATH=/opt/lakehouse/python/bin:$PATH extends the base image's value.
                assertThat(env.get(name)).as("ENV " + name).startsWith(value.substring(0, ref));
              }
            });
    assertThat(image.runConfig().path("User").asText()).isEqualTo(dockerfile.user());
    assertThat(image.runConfig().path("WorkingDir").asText()).isEqualTo(dockerfile.workingDir());
    List<String> entrypoint = new ArrayList<>();
    image.runConfig().path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint).isEqualTo(dockerfile.entrypoint());
    List<String> ports = new ArrayList<>();
    image.runConfig().path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    assertThat(ports).containsExactlyInAnyOrderElementsOf(dockerfile.exposedPorts());
  }

  @Test
  void usersDirectoriesAndOwnersMatchTheRunInstructions() {
    for (User user : dockerfile.addedUsers()) {
      assertThat(image.contents("etc/passwd").lines())
          .as("etc/passwd")
          .anyMatch(
              l ->
                  l.startsWith(user.name() + ":x:" + user.uid() + ":" + user.gid() + ":")
                      && l.contains(":" + user.home() + ":"));
      assertThat(image.contents("etc/group").lines())
          .anyMatch(l -> l.matches("[^:]+:x:" + user.gid() + ":.*"));
    }
    for (String dir : dockerfile.createdDirectories()) {
      assertThat(image.files().get(OciArchive.normalize(dir)))
          .as(dir)
          .isNotNull()
          .matches(Entry::directory);
    }
    dockerfile
        .ownedPaths()
        .forEach(
            (path, owner) -> {
              Entry e = image.files().get(OciArchive.normalize(path));
              assertThat(e).as(path).isNotNull();
              assertThat(e.uid() + ":" + e.gid()).as("owner of " + path).isEqualTo(owner);
            });
    for (String venv : dockerfile.virtualEnvironments()) {
      assertThat(image.files()).containsKey(OciArchive.normalize(venv) + "/bin/python");
    }
    assertThat(image.files().keySet())
        .as("PySpark and dbt in the venv")
        .anyMatch(
            p ->
                p.matches(
                    "opt/lakehouse/python/lib/python3[.0-9]+/site-packages/pyspark/__init__\\.py"))
        .anyMatch(
            p ->
                p.matches(
                    "opt/lakehouse/python/lib/python3[.0-9]+/site-packages/dbt/adapters/spark/__init__\\.py"));
  }

  @Test
  void nothingTheDockerfileRemovesIsThere() {
    for (String removed : dockerfile.removedPaths()) {
      Pattern glob = glob(OciArchive.normalize(removed));
      assertThat(image.files().keySet())
          .as("removed by the Dockerfile: " + removed)
          .noneMatch(p -> glob.matcher(p).matches());
    }
  }

  private void assertSameFile(Path local, String imagePath) throws IOException {
    Entry e = image.files().get(imagePath);
    assertThat(e).as(imagePath + " (from " + OciImages.REPO.relativize(local) + ")").isNotNull();
    assertThat(e.regular()).as(imagePath + " is a file").isTrue();
    assertThat(e.size()).as("size of " + imagePath).isEqualTo(Files.size(local));
    if (Files.isExecutable(local)) {
      assertThat(e.mode() & 0111).as(imagePath + " is executable").isNotZero();
    }
  }

  /** The files a COPY of a directory takes (Python's bytecode caches are not sources). */
  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.toString().contains("__pycache__"))
          .toList();
    }
  }

  /** A path equals the glob or lies under it: "/tmp/x/" is under "/tmp/x". */
  private static boolean under(String path, String glob) {
    String p = OciArchive.normalize(path);
    Pattern g = glob(OciArchive.normalize(glob));
    return g.matcher(p).matches() || Pattern.compile(g.pattern() + "/.*").matcher(p).matches();
  }

  /** A shell glob (with *) as a pattern that matches the path or anything under it. */
  private static Pattern glob(String glob) {
    String regex = Pattern.quote(glob).replace("*", "\\E[^/]*\\Q");
    return Pattern.compile(regex + "(/.*)?");
  }
}
