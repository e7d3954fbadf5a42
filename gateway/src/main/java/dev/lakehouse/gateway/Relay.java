package dev.lakehouse.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the bytes one side of a {@link Splice} reads to the other side, untouched. Back-pressure:
 * when the other side cannot take more (its outbound buffer is above the high-water mark) this side
 * stops reading, and reading resumes when the other side drains, so a slow reader never makes the
 * gateway buffer a fast writer's stream.
 */
final class Relay extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  private final Splice splice;

  Relay(Splice splice) {
    this.splice = splice;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel peer = splice.peerOf(ctx.channel());
    if (peer.isActive()) {
      // A failed write reaches the peer's exceptionCaught through the void promise.
      peer.write(msg, peer.voidPromise());
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Channel peer = splice.peerOf(ctx.channel());
    peer.flush();
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      // This side drained what the peer sent: let the peer's bytes flow again.
      splice.peerOf(ctx.channel()).config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      splice.inputEnded(ctx.channel());
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    splice.closeBoth();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    String side = ctx.channel() == splice.client() ? "client" : "backend";
    LOG.debug(
        "Closing {} <-> {}: {} side failed: {}",
        splice.client().remoteAddress(),
        splice.backend().remoteAddress(),
        side,
        cause.toString());
    splice.closeNow();
  }
}
