package dev.lakehouse.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** What the socket tests do as clients. */
final class Clients {
  private Clients() {}

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * Writes {@code data} (from another thread, so large payloads cannot deadlock) and reads it back.
   */
  static byte[] echo(Socket socket, byte[] data) throws IOException {
    CompletableFuture<Void> writing =
        CompletableFuture.runAsync(
            () -> {
              try {
                socket.getOutputStream().write(data);
                socket.getOutputStream().flush();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    byte[] received = socket.getInputStream().readNBytes(data.length);
    writing.join();
    return received;
  }
}
