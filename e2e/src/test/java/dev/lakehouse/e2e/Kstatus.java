package dev.lakehouse.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Readiness as GitOps tools see it: runs the kstatus checker (e2e/kstatus, built by
 * e2e/testenv/testenv from sigs.k8s.io/cli-utils), which applies kstatus's {@code status.Compute},
 * the function Flux uses, to the live object. Our own reading of the conditions could agree with
 * our operator and still differ from what Flux decides; this cannot.
 */
public record Kstatus(Path kubeconfig) {
  /** kstatus's six statuses. */
  public static final Set<String> STATUSES =
      Set.of("Current", "InProgress", "Failed", "Terminating", "NotFound", "Unknown");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path binary;

  /** One line of the checker's output. */
  public record Result(String resource, String status, String message) {
    @Override
    public String toString() {
      return status + " (" + message + ")";
    }
  }

  /**
   * The kstatus status of one object, for example status("clusters.lakehouse.dev/quickstart",
   * "quickstart"); namespace null for cluster-scoped kinds. A missing object is NotFound, an API
   * error Unknown (with the error as message); a checker that cannot run throws.
   */
  public Result status(String resource, String namespace) {
    List<String> command =
        new ArrayList<>(List.of(binary().toString(), "--kubeconfig", kubeconfig.toString()));
    if (namespace != null) {
      command.addAll(List.of("-n", namespace));
    }
    command.add(resource);
    CommandResult result = CommandResult.run(command, null);
    if (!result.succeeded()) {
      throw new IllegalStateException("the kstatus checker failed: " + result);
    }
    return parse(result.stdout());
  }

  /**
   * Polls once a second until kstatus reports the expected status; fails with the last status and
   * message otherwise.
   */
  public Result awaitStatus(String resource, String namespace, String expected, Duration timeout) {
    if (!STATUSES.contains(expected)) {
      throw new IllegalArgumentException(expected + " is not one of kstatus's " + STATUSES);
    }
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Result last = status(resource, namespace);
      if (last.status().equals(expected)) {
        return last;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "kstatus: %s in %s is not %s after %s; last: %s"
                .formatted(resource, namespace, expected, timeout, last));
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Records the statuses kstatus reports for one object while something happens to it (polled about
   * four times a second, on a thread of its own), so a test can check the whole way, not only where
   * it ends: close it to stop and read {@link Trail#statuses()}.
   */
  public Trail trail(String resource, String namespace) {
    return new Trail(resource, namespace);
  }

  /** The distinct statuses kstatus reported, in order (repeats collapsed). */
  public final class Trail implements AutoCloseable {
    private final List<Result> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    private Trail(String resource, String namespace) {
      poller =
          new Thread(
              () -> {
                while (running) {
                  Result now = status(resource, namespace);
                  if (seen.isEmpty() || !seen.get(seen.size() - 1).status().equals(now.status())) {
                    seen.add(now);
                  }
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "kstatus-trail-" + resource);
      poller.setDaemon(true);
      poller.start();
    }

    /**
     * Waits until the trail's latest status is {@code expected} (the poller may lag a direct check
     * by a poll), and fails with the trail otherwise.
     */
    public void awaitLatest(String expected, Duration timeout) {
      Instant deadline = Instant.now().plus(timeout);
      while (seen.isEmpty() || !seen.get(seen.size() - 1).status().equals(expected)) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("kstatus did not reach " + expected + ": " + seen);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }

    /** The statuses seen, repeats collapsed, for example [InProgress, Current]. */
    public List<String> statuses() {
      return seen.stream().map(Result::status).toList();
    }

    /** Every result seen, with kstatus's messages, for failure messages. */
    public List<Result> results() {
      return List.copyOf(seen);
    }

    @Override
    public void close() {
      running = false;
      try {
        poller.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Parses the checker's output for one resource: exactly one JSON line with a known status. */
  static Result parse(String stdout) {
    List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
    if (lines.size() != 1) {
      throw new IllegalStateException("expected one line from the kstatus checker, got: " + stdout);
    }
    Result result;
    try {
      result = JSON.readValue(lines.get(0), Result.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not a kstatus line: " + lines.get(0), e);
    }
    if (result.resource() == null || !STATUSES.contains(result.status())) {
      throw new IllegalStateException("not a kstatus line: " + lines.get(0));
    }
    return result;
  }

  /**
   * The checker built from this checkout's e2e/kstatus (testenv keys it by a hash of the source, so
   * another clone's build is never picked up).
   */
  private static synchronized Path binary() {
    if (binary == null) {
      Path script = TestEnvironment.repoRoot().resolve("e2e/testenv/testenv");
      CommandResult where = CommandResult.run(List.of(script.toString(), "kstatus"), null);
      if (!where.succeeded()) {
        throw new IllegalStateException(
            "no kstatus checker: run e2e/testenv/testenv build first\n" + where);
      }
      binary = Path.of(where.stdout().trim());
    }
    return binary;
  }
}
