package dev.lakehouse.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted client connection until it is joined to a backend: it is admitted to the waiting
 * room (routed at once, or held without reading a byte), connects to the chosen backend, tries
 * another backend if that one refuses, and then hands both channels to a {@link Splice}.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements WaitingRoom.Waiter {
  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
  private static final int BACKEND_CONNECT_TIMEOUT_MILLIS = 10_000;

  private final ListenerPort listener;
  private final Router router;
  private final WaitingRoom waitingRoom;
  private final GatewayMetrics metrics;
  private final Duration wakeTimeout;
  private final Set<String> refusedBy = new HashSet<>();
  private Channel client;
  private ScheduledFuture<?> wakeTimer;

  ClientConnection(
      ListenerPort listener,
      Router router,
      WaitingRoom waitingRoom,
      GatewayMetrics metrics,
      Duration wakeTimeout) {
    this.listener = listener;
    this.router = router;
    this.waitingRoom = waitingRoom;
    this.metrics = metrics;
    this.wakeTimeout = wakeTimeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    client = ctx.channel();
    metrics.connectionAccepted(listener);
    // The channel does not read (auto-read is off) until it is joined, so a held client's first
    // bytes wait in the socket.
    if (waitingRoom.admit(this)) {
      wakeTimer =
          ctx.executor()
              .schedule(this::wakeTimedOut, wakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void route(Backend backend) {
    client.eventLoop().execute(() -> connect(backend));
  }

  private void wakeTimedOut() {
    if (waitingRoom.leave(this)) {
      metrics.wakeTimedOut();
      LOG.warn(
          "Wake timeout: closed the {} connection from {} after {} with no routable cluster",
          listener.label(),
          client.remoteAddress(),
          wakeTimeout.toMillisPart() == 0
              ? wakeTimeout.toSeconds() + " s"
              : wakeTimeout.toMillis() + " ms");
      client.close();
    }
  }

  private void connect(Backend backend) {
    if (wakeTimer != null) {
      wakeTimer.cancel(false);
    }
    if (!client.isActive()) {
      router.release(backend);
      return;
    }
    ChannelFuture connecting =
        new Bootstrap()
            .group(client.eventLoop())
            .channel(NioSocketChannel.class)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, BACKEND_CONNECT_TIMEOUT_MILLIS)
            // The relay is added once the connection is up; the bootstrap insists on a handler.
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {}
                })
            .connect(backend.host(), backend.port(listener));
    // The session counted when the backend was chosen ends with the backend channel, whether the
    // connection failed or ran for hours.
    connecting.channel().closeFuture().addListener(closed -> router.release(backend));
    connecting.addListener(
        done -> {
          if (done.isSuccess()) {
            join(connecting.channel());
          } else {
            connecting.channel().close();
            tryAnother(backend, done.cause());
          }
        });
  }

  private void tryAnother(Backend refused, Throwable cause) {
    refusedBy.add(refused.name());
    Optional<Backend> next = router.acquire(refusedBy);
    LOG.warn(
        "Cannot reach cluster {} at {}:{} for the {} connection from {} ({}); {}",
        refused.name(),
        refused.host(),
        refused.port(listener),
        listener.label(),
        client.remoteAddress(),
        cause.toString(),
        next.map(backend -> "trying " + backend.name()).orElse("closing it"));
    if (next.isPresent()) {
      connect(next.get());
    } else {
      client.close();
    }
  }

  private void join(Channel backend) {
    if (!client.isActive()) {
      backend.close();
      return;
    }
    Splice splice = new Splice(client, backend);
    client.pipeline().replace(this, "relay", new Relay(splice));
    backend.pipeline().addLast("relay", new Relay(splice));
    client.config().setAutoRead(true);
    backend.config().setAutoRead(true);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // Gone before it was joined: stop holding it.
    waitingRoom.leave(this);
    if (wakeTimer != null) {
      wakeTimer.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug(
        "Closing the {} connection from {}: {}",
        listener.label(),
        ctx.channel().remoteAddress(),
        cause.toString());
    ctx.close();
  }
}
