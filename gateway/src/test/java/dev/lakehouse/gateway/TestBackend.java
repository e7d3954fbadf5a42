package dev.lakehouse.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small engine stand-in on 127.0.0.1 with a "sql" and a "connect" port: it echoes every byte it
 * receives and, after the client's end of stream, writes "bye" and closes. It counts the
 * connections each port accepted and the bytes it received; {@link #pause()} makes it stop reading.
 */
final class TestBackend implements AutoCloseable {
  static final byte[] TRAILER = "bye".getBytes(StandardCharsets.US_ASCII);

  final String name;
  private final Map<ListenerPort, ServerSocket> servers = new ConcurrentHashMap<>();
  private final Map<ListenerPort, AtomicInteger> accepted = new ConcurrentHashMap<>();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch reading = new CountDownLatch(0);

  TestBackend(String name) throws IOException {
    this.name = name;
    for (ListenerPort listener : ListenerPort.values()) {
      ServerSocket server = new ServerSocket();
      // Small buffers so a backend that stops reading pushes back quickly.
      server.setReceiveBufferSize(64 * 1024);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      servers.put(listener, server);
      accepted.put(listener, new AtomicInteger());
      Thread acceptor = new Thread(() -> accept(listener, server), name + "-" + listener.label());
      acceptor.setDaemon(true);
      acceptor.start();
    }
  }

  int port(ListenerPort listener) {
    return servers.get(listener).getLocalPort();
  }

  int accepted(ListenerPort listener) {
    return accepted.get(listener).get();
  }

  int acceptedTotal() {
    return accepted(ListenerPort.SQL) + accepted(ListenerPort.CONNECT);
  }

  long bytesReceived() {
    return bytesReceived.get();
  }

  /** Entry of the backends file for this backend. */
  String json(boolean routable) {
    return "{\"name\":\""
        + name
        + "\",\"host\":\"127.0.0.1\",\"sqlPort\":"
        + port(ListenerPort.SQL)
        + ",\"connectPort\":"
        + port(ListenerPort.CONNECT)
        + ",\"routable\":"
        + routable
        + "}";
  }

  void pause() {
    reading = new CountDownLatch(1);
  }

  void resume() {
    reading.countDown();
  }

  private void accept(ListenerPort listener, ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        accepted.get(listener).incrementAndGet();
        Thread echo = new Thread(() -> echo(socket), name + "-echo");
        echo.setDaemon(true);
        echo.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void echo(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      while (true) {
        reading.await();
        int read = in.read(buffer);
        if (read < 0) {
          break;
        }
        bytesReceived.addAndGet(read);
        out.write(buffer, 0, read);
      }
      out.write(TRAILER);
      out.flush();
    } catch (IOException | InterruptedException e) {
      // the client or the gateway went away
    }
  }

  @Override
  public void close() throws IOException {
    resume();
    for (ServerSocket server : servers.values()) {
      server.close();
    }
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
