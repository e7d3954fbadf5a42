package dev.lakehouse.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backends from a JSON file polled twice a second, for running without an API server (the data path
 * suite rewrites the file as engines start and stop). A missing file means no backends; a file that
 * does not parse (say, half written) keeps the last good list. Wake writes the request time to
 * {@code <path>.wake}.
 */
final class FileBackendSource implements BackendSource {
  private static final Logger LOG = LoggerFactory.getLogger(FileBackendSource.class);
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private final Path file;
  private final Path wakeFile;
  private final Duration pollInterval;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "gateway-backends-file");
            thread.setDaemon(true);
            return thread;
          });
  private Consumer<List<Backend>> listener;
  private boolean polled;
  private String lastContent;
  private List<Backend> lastBackends;

  FileBackendSource(Path file, Duration pollInterval) {
    this.file = file;
    this.wakeFile = file.resolveSibling(file.getFileName() + ".wake");
    this.pollInterval = pollInterval;
  }

  Path wakeFile() {
    return wakeFile;
  }

  @Override
  public void start(Consumer<List<Backend>> listener) {
    this.listener = listener;
    try {
      // The first list is known before the gateway listens.
      poller.submit(this::poll).get();
    } catch (Exception e) {
      throw new IllegalStateException("reading " + file + " failed", e);
    }
    poller.scheduleWithFixedDelay(
        this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      content = null;
    } catch (IOException e) {
      LOG.warn("Cannot read the backends file {}: {}; keeping the last list", file, e.toString());
      return;
    }
    if (polled && Objects.equals(content, lastContent)) {
      return;
    }
    polled = true;
    lastContent = content;
    List<Backend> backends;
    if (content == null) {
      LOG.info("The backends file {} does not exist: no backends", file);
      backends = List.of();
    } else {
      try {
        backends = BackendsFile.parse(content);
      } catch (IllegalArgumentException e) {
        LOG.warn("The backends file {} {}; keeping the last list", file, e.getMessage());
        return;
      }
    }
    if (!backends.equals(lastBackends)) {
      lastBackends = backends;
      listener.accept(backends);
    }
  }

  @Override
  public void requestWake(Instant at) throws IOException {
    // Written whole, then renamed, so a reader never sees half a timestamp.
    Path partial = wakeFile.resolveSibling(wakeFile.getFileName() + ".partial");
    Files.writeString(partial, at.toString() + "\n", StandardCharsets.UTF_8);
    Files.move(
        partial, wakeFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String describe() {
    return "backends file " + file + " (wake file " + wakeFile + ")";
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
