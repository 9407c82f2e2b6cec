package dev.eddy.peer.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket on one Netty event loop, carrying every channel of the peer process. Native epoll where
 * available (recvmmsg for reads, sendmmsg for batched flushes), NIO elsewhere.
 *
 * <p>Writes are batched: {@link #send} only queues; the queue is flushed once at the end of each read
 * batch, otherwise by one task posted to the loop, and whenever {@link #FLUSH_EVERY_DATAGRAMS} are waiting,
 * so many datagrams leave per system call, yet a sender filling a large window neither holds its first
 * datagrams back until the last is encoded nor runs into Netty's outbound-buffer limit (at the default
 * 64 KiB that limit, not LEDBAT, decided how much was in flight, and LEDBAT then capped its window at what
 * was in flight). The setup
 * (4 MiB receive buffer, 32 datagrams per receive buffer, 256 messages per read) is the one measured
 * fastest on loopback, see DESIGN.md §2.
 *
 * <p>Segmentation offload (Linux UDP GSO and GRO, with native epoll; {@code -Deddy.transport.gso=false}
 * turns it off): consecutive datagrams of one size to one recipient leave as one segmented write that the
 * kernel cuts into datagrams at the last moment, and datagrams arriving that way are read together, so the
 * network stack is crossed once per run instead of once per datagram. On the wire they are ordinary
 * datagrams; only a capture taken on the sending host shows the uncut runs. The kernel refuses to cut a
 * segmented write into fragments, so a segment must fit the path's MTU: segments of up to
 * {@link #MAX_SEGMENT_BYTES} fit any IPv6 path; larger ones (8 KiB chunks) are tried too, since loopback and
 * jumbo-frame paths take them, and after the first such write is refused, larger datagrams leave one by
 * one, as without offload (that run is lost and recovered like any loss).
 */
public final class UdpTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);
  /** Receive buffer size asked for; the kernel doubles it (and caps it at net.core.rmem_max). */
  public static final int SOCKET_BUFFER_BYTES = 4 << 20;
  /** Prefix of the receive loop's thread name ({@code eddy-udp-N-1}). */
  public static final String EVENT_LOOP_NAME = "eddy-udp";
  /** Queued datagrams that trigger a flush (one sendmmsg) without waiting for the end of the task. */
  public static final int FLUSH_EVERY_DATAGRAMS = 64;
  /** Segments that fit any path: IPv6's minimum MTU (1280) minus IPv6 and UDP headers. */
  public static final int MAX_SEGMENT_BYTES = 1232;
  /** Datagrams per segmented write: the kernel's limit, and 64 KiB of payload at most. */
  private static final int MAX_SEGMENTS = 64;
  private static final int MAX_SEGMENTED_BYTES = 65_000;

  private final EventLoopGroup group;
  private final Channel channel;
  private final boolean nativeEpoll;
  private boolean segmentation;
  /** Largest segment offloaded: any that fits twice in one write, until a path refuses one above {@link #MAX_SEGMENT_BYTES}. */
  private int segmentLimit = MAX_SEGMENTED_BYTES / 2;
  private boolean flushPending;
  private int unflushed;
  private final Runnable flushTask = this::flushNow;

  // The run of equal-size datagrams to one recipient not yet written (segmentation offload only).
  private ByteBuf run;
  private InetSocketAddress runRecipient;
  private int runSegmentBytes;
  private int runSegments;
  private int runLimit;

  private final ChannelFutureListener segmentedWriteOutcome = f -> onSegmentedWrite(f, false);
  private final ChannelFutureListener largeSegmentedWriteOutcome = f -> onSegmentedWrite(f, true);

  private UdpTransport(EventLoopGroup group, Channel channel, boolean nativeEpoll, boolean segmentation) {
    this.group = group;
    this.channel = channel;
    this.nativeEpoll = nativeEpoll;
    this.segmentation = segmentation;
  }

  /**
   * Initialises what every transport needs from Netty: the native epoll library (extracted from the jar and
   * linked) and the pooled buffer allocator. {@link #bind} does it anyway; called early from another thread,
   * it is done before the first datagram needs it.
   */
  public static void initialiseNetty() {
    Epoll.isAvailable();
    Objects.requireNonNull(PooledByteBufAllocator.DEFAULT);
  }

  /**
   * Binds a socket and starts delivering datagrams to {@code handler}.
   *
   * @param maxDatagramBytes the largest datagram we expect (sizes the receive buffers)
   * @throws TransportException when the address cannot be bound
   */
  public static UdpTransport bind(InetSocketAddress local, int maxDatagramBytes, DatagramHandler handler) {
    boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("eddy.transport.nio");
    boolean segmentation = epoll && EpollDatagramChannel.isSegmentedDatagramPacketSupported()
        && Boolean.parseBoolean(System.getProperty("eddy.transport.gso", "true"));
    Inbound inbound = new Inbound(handler);
    // Named, so a recording's thread events (sleeps, lock waits, file I/O) show which ones blocked the receive loop.
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(EVENT_LOOP_NAME),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(32 * maxDatagramBytes))
            .option(ChannelOption.MAX_MESSAGES_PER_READ, 256)
            // Room for a few flush batches: the socket's own buffer, not this one, is the real queue.
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 512 << 10))
            .handler(inbound);
    if (segmentation) {
      // GRO: one read returns a whole run (up to 64 KiB), which Netty cuts back into datagrams. Netty reads
      // the segment size only with recvmsg, not recvmmsg, hence no MAX_DATAGRAM_PAYLOAD_SIZE here.
      b.option(EpollChannelOption.UDP_GRO, true)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Math.max(64 << 10, maxDatagramBytes)));
    } else if (epoll) {
      // Turns on recvmmsg: one system call reads up to 32 datagrams into the fixed receive buffer.
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagramBytes);
    }
    try {
      Channel ch = b.bind(local).syncUninterruptibly().channel();
      UdpTransport transport = new UdpTransport(group, ch, epoll, segmentation);
      inbound.transport = transport;
      return transport;
    } catch (Exception e) { // Netty rethrows the native bind error unchecked but typed as a checked exception
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new TransportException("cannot listen on " + local.getHostString() + ":" + local.getPort() + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The loop every channel's logic and timers run on. */
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  public ByteBufAllocator allocator() {
    return channel.alloc();
  }

  public boolean usesNativeEpoll() {
    return nativeEpoll;
  }

  public boolean usesSegmentation() {
    return segmentation;
  }

  /** Queues one datagram (takes ownership of {@code content}); it leaves at the next batch flush. */
  public void send(ByteBuf content, InetSocketAddress recipient) {
    if (segmentation) {
      int bytes = content.readableBytes();
      if (runSegments > 0 && bytes <= runSegmentBytes && runSegments < runLimit && recipient.equals(runRecipient)) {
        appendToRun(content);
        if (bytes < runSegmentBytes) {
          writeRun(); // only the last segment may be shorter
        }
      } else {
        writeRun();
        run = content;
        runRecipient = recipient;
        runSegmentBytes = bytes;
        runSegments = 1;
        runLimit = bytes > segmentLimit ? 1 : Math.min(MAX_SEGMENTS, MAX_SEGMENTED_BYTES / Math.max(1, bytes));
      }
    } else {
      writeRun(); // one left from before offload was turned off goes first, in order
      channel.write(new DatagramPacket(content, recipient), channel.voidPromise());
    }
    if (++unflushed >= FLUSH_EVERY_DATAGRAMS) {
      flushNow();
    } else if (!flushPending) {
      flushPending = true;
      // Runs after the current read batch or timer task, so one flush covers everything queued meanwhile.
      channel.eventLoop().execute(flushTask);
    }
  }

  private void appendToRun(ByteBuf content) {
    if (runSegments == 1) {
      ByteBuf whole = channel.alloc().directBuffer(runSegmentBytes * runLimit);
      whole.writeBytes(run);
      run.release();
      run = whole;
    }
    run.writeBytes(content);
    content.release();
    runSegments++;
  }

  private void writeRun() {
    if (runSegments == 0) {
      return;
    }
    if (runSegments == 1) {
      channel.write(new DatagramPacket(run, runRecipient), channel.voidPromise());
    } else if (segmentation) {
      // A kernel or device that cannot segment refuses the write (EIO without checksum offload, EINVAL when a
      // segment exceeds the path's MTU): onSegmentedWrite decides what leaves plainly from then on, and the
      // lost run is recovered like any loss.
      channel.write(new SegmentedDatagramPacket(run, runSegmentBytes, runRecipient))
          .addListener(runSegmentBytes > MAX_SEGMENT_BYTES ? largeSegmentedWriteOutcome : segmentedWriteOutcome);
    } else {
      for (int at = run.readerIndex(); at < run.writerIndex(); at += runSegmentBytes) {
        int bytes = Math.min(runSegmentBytes, run.writerIndex() - at);
        channel.write(new DatagramPacket(run.retainedSlice(at, bytes), runRecipient), channel.voidPromise());
      }
      run.release();
    }
    run = null;
    runRecipient = null;
    runSegments = 0;
  }

  /** {@code largeSegments}: the run's segments were larger than {@link #MAX_SEGMENT_BYTES}. */
  private void onSegmentedWrite(ChannelFuture f, boolean largeSegments) {
    if (f.isSuccess() || !segmentation || !f.channel().isOpen() || f.cause() instanceof ClosedChannelException) {
      return;
    }
    if (largeSegments) {
      if (segmentLimit > MAX_SEGMENT_BYTES) {
        segmentLimit = MAX_SEGMENT_BYTES;
        LOG.info("UDP segmentation offload of datagrams over {} bytes refused ({}); sending those one by one from now on",
            MAX_SEGMENT_BYTES, f.cause().toString());
      }
    } else {
      segmentation = false;
      LOG.warn("UDP segmentation offload failed ({}); sending plain datagrams from now on", f.cause().toString());
    }
  }

  /** Whether the socket's outbound buffer still has room; callers back off when it has not. */
  public boolean isWritable() {
    return channel.isWritable();
  }

  public void flushNow() {
    flushPending = false;
    unflushed = 0;
    writeRun();
    channel.flush();
  }

  @Override
  public void close() {
    if (channel.eventLoop().inEventLoop()) {
      releaseRun();
    } else {
      channel.eventLoop().submit(this::releaseRun).syncUninterruptibly();
    }
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  private void releaseRun() {
    if (run != null) {
      run.release();
      run = null;
      runSegments = 0;
    }
  }

  private static final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    private final DatagramHandler handler;
    private UdpTransport transport;

    Inbound(DatagramHandler handler) {
      this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      handler.onDatagram(packet.content(), packet.sender());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      handler.onReadBatchComplete();
      if (transport != null) {
        transport.flushNow();
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      // Fires inside flush(); sending from here recursed and starved timers (DESIGN.md §2): re-post instead.
      if (ctx.channel().isWritable()) {
        ctx.channel().eventLoop().execute(handler::onReadBatchComplete);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // ICMP port unreachable and similar surface here on a connected-less socket; they are not fatal.
    }
  }
}
