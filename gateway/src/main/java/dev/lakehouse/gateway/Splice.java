package dev.lakehouse.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

/**
 * A client connection joined to its backend connection. It passes an end of stream from one side to
 * the other (a half-close), and closes both once both directions have ended or either side closes
 * or fails.
 */
final class Splice {
  private final Channel client;
  private final Channel backend;

  Splice(Channel client, Channel backend) {
    this.client = client;
    this.backend = backend;
  }

  Channel client() {
    return client;
  }

  Channel backend() {
    return backend;
  }

  Channel peerOf(Channel side) {
    return side == client ? backend : client;
  }

  /** {@code side} sent its end of stream: pass it on after the bytes read before it. */
  void inputEnded(Channel side) {
    Channel peer = peerOf(side);
    if (peer instanceof DuplexChannel duplexPeer && !duplexPeer.isInputShutdown()) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER)
          .addListener(
              written -> {
                if (written.isSuccess()) {
                  duplexPeer.shutdownOutput();
                }
              });
      return;
    }
    // Both directions have ended: nothing more can flow.
    closeBoth();
  }

  /** An orderly end: bytes already read still reach the other side before it is closed. */
  void closeBoth() {
    flushAndClose(client);
    flushAndClose(backend);
  }

  /** A failure: nothing more is delivered. */
  void closeNow() {
    client.close();
    backend.close();
  }

  private static void flushAndClose(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }
}
