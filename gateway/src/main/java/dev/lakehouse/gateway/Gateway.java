package dev.lakehouse.gateway;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: wires the backend source, the router, the waiting room with its rate-limited
 * wake, the proxy listeners and the metrics server, and stops them in reverse.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final BackendSource source;
  private final Router router = new Router();
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final RateLimitedWake wake;
  private final WaitingRoom waitingRoom;
  private final ExecutorService wakeSender =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "gateway-wake");
            thread.setDaemon(true);
            return thread;
          });
  private final CountDownLatch closed = new CountDownLatch(1);
  private ProxyServer proxy;
  private MetricsServer metricsServer;
  private volatile boolean ready;

  private Gateway(BackendSource source) {
    this.source = source;
    this.wake = new RateLimitedWake(RateLimitedWake.INTERVAL, System::nanoTime, this::sendWake);
    this.waitingRoom = new WaitingRoom(router, wake::request);
  }

  /** Starts everything; throws ConfigException when a port cannot be bound. */
  public static Gateway start(GatewayConfig config, BackendSource source) {
    Gateway gateway = new Gateway(source);
    try {
      gateway.startParts(config);
    } catch (RuntimeException e) {
      gateway.close();
      throw e;
    }
    return gateway;
  }

  private void startParts(GatewayConfig config) {
    metricsServer =
        MetricsServer.start(
            config.bindAddress(), config.metricsPort(), this::metricsSnapshot, () -> ready);
    source.start(this::backendsChanged);
    proxy =
        new ProxyServer(config.bindAddress(), router, waitingRoom, metrics, config.wakeTimeout());
    proxy.listen(ListenerPort.SQL, config.sqlPort());
    proxy.listen(ListenerPort.CONNECT, config.connectPort());
    proxy.group().scheduleAtFixedRate(waitingRoom::remindWake, 1, 1, TimeUnit.SECONDS);
    ready = true;
    LOG.info(
        "Lakehouse gateway listening on {}: sql {}, connect {}, metrics {}; backends from {};"
            + " wake timeout {} s",
        config.bindAddress(),
        port(ListenerPort.SQL),
        port(ListenerPort.CONNECT),
        metricsPort(),
        source.describe(),
        config.wakeTimeout().toSeconds());
  }

  private void backendsChanged(List<Backend> backends) {
    if (router.setBackends(backends)) {
      LOG.info(
          "Backends: {}",
          backends.isEmpty()
              ? "none"
              : backends.stream().map(Backend::toString).collect(Collectors.joining(", ")));
    }
    waitingRoom.release();
  }

  /** Runs when the rate limiter lets a wake through; the request itself may block, so it queues. */
  private void sendWake() {
    metrics.wakeRequested();
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    LOG.info(
        "Wake: {} connection(s) waiting and no routable cluster; sending wake request {} to {}",
        waitingRoom.size(),
        at,
        source.describe());
    wakeSender.execute(
        () -> {
          try {
            source.requestWake(at);
          } catch (Exception e) {
            LOG.warn("Wake request to {} failed: {}", source.describe(), e.toString());
          }
        });
  }

  /** The backends as the router sees them now. */
  List<Backend> backends() {
    return router.backends();
  }

  MetricsSnapshot metricsSnapshot() {
    return metrics.snapshot(router.sessions(), waitingRoom.size());
  }

  /** The bound listen port for {@code listener}. */
  public int port(ListenerPort listener) {
    return proxy.boundPort(listener);
  }

  public int metricsPort() {
    return metricsServer.port();
  }

  public boolean isReady() {
    return ready;
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() {
    if (ready) {
      LOG.info("Lakehouse gateway stopping: listeners and open connections close");
    }
    ready = false;
    if (proxy != null) {
      proxy.close();
    }
    if (metricsServer != null) {
      metricsServer.close();
    }
    source.close();
    wakeSender.shutdownNow();
    closed.countDown();
  }
}
