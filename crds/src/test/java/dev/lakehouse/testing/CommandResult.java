package dev.lakehouse.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The exit code and output of a command a test ran. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

  /** Runs a command with optional standard input and a two-minute limit. */
  public static CommandResult run(List<String> command, String stdin) {
    return run(new ProcessBuilder(command), stdin, 2);
  }

  /** Runs a prepared process (its environment set) with a five-minute limit. */
  public static CommandResult run(ProcessBuilder builder) {
    return run(builder, null, 5);
  }

  /** Runs a command with optional standard input and a limit in minutes. */
  public static CommandResult run(List<String> command, String stdin, int minutes) {
    return run(new ProcessBuilder(command), stdin, minutes);
  }

  private static CommandResult run(ProcessBuilder builder, String stdin, int minutes) {
    List<String> command = builder.command();
    try {
      Process process = builder.start();
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new CommandResult(command, process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  @Override
  public String toString() {
    return String.join(" ", command) + " -> exit " + exitCode + "\n" + stdout + stderr;
  }

  private static String read(java.io.InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
