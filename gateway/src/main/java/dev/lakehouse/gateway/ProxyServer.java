package dev.lakehouse.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The two listen sockets and the event loops that serve every proxied connection (NIO). */
final class ProxyServer implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
  private final Map<ListenerPort, Channel> listeners = new EnumMap<>(ListenerPort.class);
  private final String bindAddress;
  private final Router router;
  private final WaitingRoom waitingRoom;
  private final GatewayMetrics metrics;
  private final Duration wakeTimeout;

  ProxyServer(
      String bindAddress,
      Router router,
      WaitingRoom waitingRoom,
      GatewayMetrics metrics,
      Duration wakeTimeout) {
    this.bindAddress = bindAddress;
    this.router = router;
    this.waitingRoom = waitingRoom;
    this.metrics = metrics;
    this.wakeTimeout = wakeTimeout;
  }

  /** Starts listening for {@code listener}'s connections; a port that cannot be bound throws. */
  void listen(ListenerPort listener, int port) {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            // Off until the connection is joined to a backend: a held client is not read from.
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(
                            "route",
                            new ClientConnection(
                                listener, router, waitingRoom, metrics, wakeTimeout));
                  }
                });
    try {
      listeners.put(listener, bootstrap.bind(bindAddress, port).sync().channel());
    } catch (Exception e) {
      throw new ConfigException(
          "cannot listen on "
              + bindAddress
              + ":"
              + port
              + " ("
              + listener.variable()
              + ", "
              + GatewayConfig.BIND
              + "): "
              + e
              + ": choose a free port and an address of this machine",
          e);
    }
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  int boundPort(ListenerPort listener) {
    return ((InetSocketAddress) listeners.get(listener).localAddress()).getPort();
  }

  EventLoopGroup group() {
    return group;
  }

  @Override
  public void close() {
    listeners.values().forEach(channel -> channel.close().syncUninterruptibly());
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
