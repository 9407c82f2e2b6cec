package dev.eddy.peer.gateway;

import dev.eddy.peer.transport.TransportException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP server: {@code GET /SWARM_ID} and {@code HEAD /SWARM_ID} for each content it is given, on one
 * thread of its own (never the peer's event loop), which also reads the content. See the package
 * documentation for what it answers.
 */
public final class HttpGateway implements AutoCloseable {
  /** Request line and header limits: a player sends a few hundred bytes; anything far larger is refused (400). */
  static final int MAX_INITIAL_LINE = 4096;
  static final int MAX_HEADER_BYTES = 8192;
  /**
   * What may wait in the socket's outbound buffer per client before the gateway stops reading content for it:
   * a client that does not read holds this much memory and nothing else.
   */
  static final WriteBufferWaterMark CLIENT_BUFFER = new WriteBufferWaterMark(128 << 10, 512 << 10);

  private final EventLoopGroup group;
  private Channel server;
  private final AtomicLong readersCut = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();

  private HttpGateway(EventLoopGroup group) {
    this.group = group;
  }

  /**
   * Listens on {@code listen} and serves {@code contents}, keyed by swarm ID in lower-case hex.
   *
   * @throws TransportException when the address cannot be bound (message says why, for the user)
   */
  public static HttpGateway start(InetSocketAddress listen, Map<String, ? extends ArrivingContent> contents) {
    Map<String, ArrivingContent> byId = Map.copyOf(contents);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("eddy-http", true), NioIoHandler.newFactory());
    HttpGateway gateway = new HttpGateway(group);
    ServerBootstrap b = new ServerBootstrap().group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, CLIENT_BUFFER)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
            gateway.connections.incrementAndGet();
            ch.closeFuture().addListener(f -> gateway.connections.decrementAndGet());
            ch.pipeline().addLast(new GatewayConnection(id -> byId.get(id.toLowerCase(Locale.ROOT)), gateway.readersCut::incrementAndGet));
          }
        });
    try {
      gateway.server = b.bind(listen).syncUninterruptibly().channel();
      return gateway;
    } catch (Exception e) { // Netty rethrows the bind error unchecked but typed as a checked exception
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new TransportException("cannot listen on http " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Live readers whose response was cut because they fell behind the stream's window. */
  public long readersCut() {
    return readersCut.get();
  }

  /**
   * Waits until no client is connected, at most {@code timeout}: after a live stream ended, its readers get the
   * rest of it before the gateway closes.
   */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (connections.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /**
   * Stops listening and closes every connection. Answers already handed to the gateway's thread (the 503 of
   * a request whose content just ended) go out first.
   */
  @Override
  public void close() {
    server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
