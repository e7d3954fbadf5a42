package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wake on connect over real sockets: held connections, the wake file, the wake timeout. */
class WakeTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private GatewayHarness gateway(Duration wakeTimeout) throws Exception {
    GatewayHarness harness = GatewayHarness.start(dir, wakeTimeout);
    resources.add(harness);
    return harness;
  }

  @Test
  void aConnectionHeldWhileNoBackendExistsGetsThroughWithItsFirstBytesWhenOneAppears()
      throws Exception {
    GatewayHarness harness = gateway(Duration.ofSeconds(30));
    Path wakeFile = harness.source.wakeFile();

    Socket client = harness.connect(ListenerPort.SQL);
    byte[] firstBytes =
        "first bytes sent before any backend existed".getBytes(StandardCharsets.UTF_8);
    client.getOutputStream().write(firstBytes);
    Eventually.await("the connection to be held", WAIT, () -> harness.waiting() == 1);
    Eventually.await("the wake file", WAIT, () -> Files.exists(wakeFile));
    Instant requestedAt = Instant.parse(Files.readString(wakeFile).trim());
    assertThat(requestedAt).isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));

    TestBackend e1 = new TestBackend("e1");
    resources.add(e1);
    harness.writeBackends(e1.json(true));

    assertThat(client.getInputStream().readNBytes(firstBytes.length)).isEqualTo(firstBytes);
    assertThat(e1.accepted(ListenerPort.SQL)).isEqualTo(1);
    assertThat(harness.waiting()).isZero();
    assertThat(harness.load().path("wakeTimeoutsTotal").asInt()).isZero();
  }

  @Test
  void heldConnectionsAreRoutedInArrivalOrder() throws Exception {
    GatewayHarness harness = gateway(Duration.ofSeconds(30));
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket client = harness.connect(ListenerPort.CONNECT);
      client.getOutputStream().write(new byte[] {(byte) ('a' + i)});
      clients.add(client);
      int held = i + 1;
      Eventually.await(held + " held", WAIT, () -> harness.waiting() == held);
    }
    TestBackend a = new TestBackend("a");
    TestBackend b = new TestBackend("b");
    resources.add(a);
    resources.add(b);
    harness.writeBackends(a.json(true), b.json(true));

    // Chosen one after another, oldest first: a, b, a.
    for (int i = 0; i < 3; i++) {
      assertThat(clients.get(i).getInputStream().read()).isEqualTo('a' + i);
    }
    assertThat(a.accepted(ListenerPort.CONNECT)).isEqualTo(2);
    assertThat(b.accepted(ListenerPort.CONNECT)).isEqualTo(1);
    assertThat(a.bytesReceived()).isEqualTo(2);
  }

  @Test
  void manyWaitingClientsWriteTheWakeFileOnceWithinTenSeconds() throws Exception {
    GatewayHarness harness = gateway(Duration.ofSeconds(30));
    Path wakeFile = harness.source.wakeFile();

    for (int i = 0; i < 5; i++) {
      harness.connect(i % 2 == 0 ? ListenerPort.SQL : ListenerPort.CONNECT);
    }
    Eventually.await("5 held", WAIT, () -> harness.waiting() == 5);
    Eventually.await("the wake file", WAIT, () -> Files.exists(wakeFile));
    Files.delete(wakeFile);

    for (int i = 0; i < 5; i++) {
      harness.connect(ListenerPort.SQL);
    }
    Eventually.await("10 held", WAIT, () -> harness.waiting() == 10);
    // Past a tick of the reminder that asks again while connections wait.
    Thread.sleep(1_500);

    assertThat(wakeFile).doesNotExist();
    assertThat(harness.load().path("wakeRequestsTotal").asInt()).isEqualTo(1);
  }

  @Test
  void aHeldConnectionIsClosedAfterTheWakeTimeoutAndCounted() throws Exception {
    GatewayHarness harness = gateway(Duration.ofMillis(300));

    Socket client = harness.connect(ListenerPort.SQL);
    client.getOutputStream().write(1);
    long start = System.nanoTime();
    InputStream in = client.getInputStream();

    assertThat(in.read()).as("closed by the gateway").isEqualTo(-1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    Eventually.await(
        "the timeout counted",
        WAIT,
        () -> harness.load().path("wakeTimeoutsTotal").asInt() == 1 && harness.waiting() == 0);
    assertThat(harness.get("/metrics").body())
        .contains("lakehouse_gateway_wake_timeouts_total 1\n");
  }
}
