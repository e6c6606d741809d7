package io.emotioncluster.node.grpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Headers;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets requests through whatever {@code :authority} the client sends.
 *
 * <p>grpc-core clients (Python, C++, Ruby, PHP) dialled with a static list such as
 * {@code ipv4:10.0.0.1:50051,10.0.0.2:50051} send the whole list, commas included, as
 * {@code :authority}. Vert.x 5 parses it as one host and port, fails, and resets the stream with
 * PROTOCOL_ERROR before any handler runs (the client sees INTERNAL, "RST_STREAM with error code 1").
 * The node serves every method the same whatever name the client used, so an authority it cannot
 * parse is dropped before Vert.x reads the headers; a valid one passes untouched.
 *
 * <p>Installed per connection from the server's connection handler, which Vert.x calls while it
 * reads the client's first SETTINGS frame, so before any HEADERS frame of that connection.
 */
public final class LenientAuthority {

  private static final Logger LOG = LoggerFactory.getLogger(LenientAuthority.class);
  private static final AtomicLong DROPPED = new AtomicLong();

  private LenientAuthority() {}

  /** For {@code HttpServer.connectionHandler}: wraps an HTTP/2 connection's frame listener. */
  public static void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelHandlerContext ctx = base.channelHandlerContext();
    if (ctx != null && ctx.handler() instanceof Http2ConnectionHandler h2) {
      Http2FrameListener current = h2.decoder().frameListener();
      if (current != null && !(current instanceof Listener)) {
        h2.decoder().frameListener(new Listener(current));
      }
    }
  }

  /** How many requests had their authority dropped since the process started. */
  public static long dropped() {
    return DROPPED.get();
  }

  /** Drops an authority (or, without one, a Host header) that Vert.x could not parse. */
  static void sanitize(Http2Headers headers) {
    CharSequence authority = headers.authority();
    if (authority != null && !parses(authority)) {
      headers.remove(Http2Headers.PseudoHeaderName.AUTHORITY.value());
      note(authority);
    }
    CharSequence host = headers.get("host");
    if (host != null && !parses(host)) {
      headers.remove("host");
      note(host);
    }
  }

  private static boolean parses(CharSequence authority) {
    return HostAndPort.parseAuthority(authority.toString(), -1) != null;
  }

  private static void note(CharSequence authority) {
    if (DROPPED.getAndIncrement() == 0) {
      LOG.info("ignoring an :authority this node cannot parse ('{}', typical of a grpc-core client given an "
          + "address list); such requests are served normally", authority);
    }
  }

  private static final class Listener extends Http2FrameListenerDecorator {

    Listener(Http2FrameListener listener) {
      super(listener);
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
        boolean endStream) throws Http2Exception {
      sanitize(headers);
      super.onHeadersRead(ctx, streamId, headers, padding, endStream);
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endStream) throws Http2Exception {
      sanitize(headers);
      super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding, endStream);
    }
  }
}
