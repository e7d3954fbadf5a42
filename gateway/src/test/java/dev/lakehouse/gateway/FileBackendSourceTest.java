package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackendSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void aMissingFileIsNoBackendsThenItsContentIsFollowed() throws Exception {
    Path file = dir.resolve("backends.json");
    List<List<Backend>> lists = new CopyOnWriteArrayList<>();
    try (FileBackendSource source = new FileBackendSource(file, Duration.ofMillis(20))) {
      source.start(lists::add);
      assertThat(lists).containsExactly(List.of());

      Files.writeString(file, "{\"backends\":[{\"name\":\"e1\",\"host\":\"h\"}]}");
      Eventually.await("the new list", WAIT, () -> lists.size() == 2);
      assertThat(lists.get(1)).containsExactly(new Backend("e1", "h", 10000, 15002, true));

      // A broken file keeps the last good list, and an unchanged one reports nothing.
      Files.writeString(file, "{\"backends\":[{\"name\":");
      Thread.sleep(200);
      Files.writeString(file, "{\"backends\":[{\"name\":\"e1\",\"host\":\"h\"}]}");
      Thread.sleep(200);
      assertThat(lists).hasSize(2);

      Files.writeString(
          file, "{\"backends\":[{\"name\":\"e1\",\"host\":\"h\",\"routable\":false}]}");
      Eventually.await("the draining list", WAIT, () -> lists.size() == 3);
      assertThat(lists.get(2)).containsExactly(new Backend("e1", "h", 10000, 15002, false));
    }
  }

  @Test
  void wakeWritesTheTimeToTheWakeFileBesideIt() throws Exception {
    Path file = dir.resolve("backends.json");
    try (FileBackendSource source = new FileBackendSource(file, Duration.ofMillis(20))) {
      Instant at = Instant.parse("2026-01-02T03:04:05Z");

      source.requestWake(at);

      assertThat(source.wakeFile()).isEqualTo(dir.resolve("backends.json.wake"));
      assertThat(Files.readString(source.wakeFile())).isEqualTo("2026-01-02T03:04:05Z\n");
      assertThat(dir.resolve("backends.json.wake.partial")).doesNotExist();
    }
  }
}
