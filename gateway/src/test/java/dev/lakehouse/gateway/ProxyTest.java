package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy over real sockets on 127.0.0.1, with small echo servers as backends. */
class ProxyTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private TestBackend backend(String name) throws Exception {
    TestBackend backend = new TestBackend(name);
    resources.add(backend);
    return backend;
  }

  private GatewayHarness gateway(String... backends) throws Exception {
    GatewayHarness harness = GatewayHarness.start(dir, Duration.ofSeconds(30), backends);
    resources.add(harness);
    return harness;
  }

  @Test
  void bytesRoundTripUntouchedOnBothPortsToTheMatchingBackendPort() throws Exception {
    TestBackend e1 = backend("e1");
    GatewayHarness harness = gateway(e1.json(true));

    byte[] sqlPayload = Clients.randomBytes(2 * 1024 * 1024, 1);
    byte[] connectPayload = Clients.randomBytes(2 * 1024 * 1024, 2);
    assertThat(Clients.echo(harness.connect(ListenerPort.SQL), sqlPayload)).isEqualTo(sqlPayload);
    assertThat(Clients.echo(harness.connect(ListenerPort.CONNECT), connectPayload))
        .isEqualTo(connectPayload);

    assertThat(e1.accepted(ListenerPort.SQL)).isEqualTo(1);
    assertThat(e1.accepted(ListenerPort.CONNECT)).isEqualTo(1);
    assertThat(e1.bytesReceived()).isEqualTo(sqlPayload.length + connectPayload.length);
  }

  @Test
  void newConnectionsGoToTheBackendWithFewestSessionsTiesByName() throws Exception {
    TestBackend a = backend("a");
    TestBackend b = backend("b");
    GatewayHarness harness = gateway(b.json(true), a.json(true));

    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Socket client = harness.connect(i % 2 == 0 ? ListenerPort.SQL : ListenerPort.CONNECT);
      Clients.echo(client, new byte[] {(byte) i});
      clients.add(client);
    }
    // a, b, a, b: counted across both ports.
    assertThat(a.acceptedTotal()).isEqualTo(2);
    assertThat(b.acceptedTotal()).isEqualTo(2);
    assertThat(harness.sessions("a")).isEqualTo(2);
    assertThat(harness.sessions("b")).isEqualTo(2);

    // a's two sessions end: a has 0 and b 2, so the next two both go to a.
    clients.get(0).close();
    clients.get(2).close();
    Eventually.await("a's sessions closed", WAIT, () -> harness.sessions("a") == 0);
    for (int i = 0; i < 2; i++) {
      Clients.echo(harness.connect(ListenerPort.SQL), new byte[] {42});
    }
    assertThat(a.acceptedTotal()).isEqualTo(4);
    assertThat(b.acceptedTotal()).isEqualTo(2);
  }

  @Test
  void aConnectionStaysOnItsBackendWhenTheBackendsChange() throws Exception {
    TestBackend a = backend("a");
    TestBackend b = backend("b");
    GatewayHarness harness = gateway(a.json(true));

    Socket client = harness.connect(ListenerPort.SQL);
    byte[] first = "first".getBytes(StandardCharsets.US_ASCII);
    assertThat(Clients.echo(client, first)).isEqualTo(first);

    // b arrives with no sessions, then a starts draining: the open connection stays on a.
    harness.writeBackends(a.json(true), b.json(true));
    harness.awaitRoutable("a", "b");
    harness.writeBackends(a.json(false), b.json(true));
    harness.awaitRoutable("b");
    Clients.echo(harness.connect(ListenerPort.SQL), new byte[] {1});
    byte[] second = "second".getBytes(StandardCharsets.US_ASCII);
    assertThat(Clients.echo(client, second)).isEqualTo(second);

    assertThat(a.accepted(ListenerPort.SQL)).isEqualTo(1);
    assertThat(a.bytesReceived()).isEqualTo(first.length + second.length);
  }

  @Test
  void aBackendThatIsNotRoutableGetsNoNewConnection() throws Exception {
    TestBackend draining = backend("a-draining");
    TestBackend ready = backend("b-ready");
    GatewayHarness harness = gateway(draining.json(false), ready.json(true));

    for (int i = 0; i < 3; i++) {
      Clients.echo(harness.connect(ListenerPort.SQL), new byte[] {(byte) i});
      Clients.echo(harness.connect(ListenerPort.CONNECT), new byte[] {(byte) i});
    }

    assertThat(draining.acceptedTotal()).isZero();
    assertThat(ready.acceptedTotal()).isEqualTo(6);
    assertThat(harness.load().path("sessions").path("a-draining").asInt(-1)).isZero();
  }

  @Test
  void aHalfCloseCrossesTheGatewayAndTheReplyStillArrives() throws Exception {
    TestBackend e1 = backend("e1");
    GatewayHarness harness = gateway(e1.json(true));

    Socket client = harness.connect(ListenerPort.SQL);
    client.getOutputStream().write("query".getBytes(StandardCharsets.US_ASCII));
    client.shutdownOutput();

    // The backend sees the end of stream only if the gateway passed it on; it then answers.
    byte[] reply = client.getInputStream().readAllBytes();
    assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("querybye");
    Eventually.await("the session released", WAIT, () -> harness.sessions("e1") == 0);
  }

  @Test
  void aBackendThatStopsReadingStopsTheClientInsteadOfFillingTheGatewaysMemory() throws Exception {
    TestBackend slow = backend("slow");
    GatewayHarness harness = gateway(slow.json(true));
    Socket client = harness.connect(ListenerPort.SQL);
    Clients.echo(client, new byte[] {0});
    slow.pause();

    int total = 64 * 1024 * 1024;
    byte[] chunk = Clients.randomBytes(64 * 1024, 3);
    AtomicLong written = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              try {
                OutputStream out = client.getOutputStream();
                while (written.get() < total) {
                  out.write(chunk);
                  written.addAndGet(chunk.length);
                }
              } catch (Exception e) {
                // closed at the end of the test
              }
            });
    writer.setDaemon(true);
    writer.start();

    Eventually.await(
        "the client's writes to stall",
        WAIT,
        () -> {
          long before = written.get();
          sleep(300);
          return written.get() == before && before > 0;
        });
    long stalledAt = written.get();
    assertThat(stalledAt).isLessThan(total / 4);

    // Loopback socket buffers hold a few MB; without back-pressure the gateway would take it all.
    // The backend reads again: everything flows, and the echo comes back complete.
    Thread reader =
        new Thread(
            () -> {
              try {
                client.getInputStream().readNBytes(total);
              } catch (Exception e) {
                // closed at the end of the test
              }
            });
    reader.setDaemon(true);
    reader.start();
    slow.resume();
    writer.join(WAIT.toMillis());
    reader.join(WAIT.toMillis());
    assertThat(written.get()).isEqualTo(total);
    Eventually.await("the backend to read it all", WAIT, () -> slow.bytesReceived() == 1 + total);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
