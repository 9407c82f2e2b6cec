package dev.eddy.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The physical reference for bench/transfer.sh: raw Netty UDP, one way, same socket setup as Eddy's
 * transport (epoll, 4 MiB buffers, recvmmsg, batched flush), no protocol at all. Runs as a single-file
 * program: {@code java -cp peer/target/eddy-peer.jar bench/src/main/java/dev/eddy/bench/UdpBlast.java}.
 *
 * <pre>
 * UdpBlast recv PORT BYTES            count until BYTES arrived (or 2 s of silence), print MB/s
 * UdpBlast send HOST:PORT BYTES SIZE  send BYTES in datagrams of SIZE bytes, paced by socket writability
 * </pre>
 */
public final class UdpBlast {
  private static final int BUFFER = 4 << 20;

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("recv")) {
      receive(Integer.parseInt(args[1]), Long.parseLong(args[2]));
    } else if (args.length >= 4 && args[0].equals("send")) {
      String[] hp = args[1].split(":");
      send(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), Long.parseLong(args[2]), Integer.parseInt(args[3]));
    } else {
      System.err.println("usage: UdpBlast recv PORT BYTES | send HOST:PORT BYTES SIZE");
      System.exit(2);
    }
  }

  private static EventLoopGroup group() {
    return new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  private static Bootstrap bootstrap(EventLoopGroup group, int datagram) {
    Bootstrap b = new Bootstrap().group(group)
        .channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class)
        .option(ChannelOption.SO_RCVBUF, BUFFER)
        .option(ChannelOption.SO_SNDBUF, BUFFER)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(32 * datagram))
        .option(ChannelOption.MAX_MESSAGES_PER_READ, 256);
    if (Epoll.isAvailable()) {
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, datagram);
    }
    return b;
  }

  private static void receive(int port, long expected) throws Exception {
    EventLoopGroup group = group();
    CountDownLatch done = new CountDownLatch(1);
    long[] state = new long[3]; // bytes, first arrival ns, last arrival ns
    Channel ch = bootstrap(group, 65536).handler(new SimpleChannelInboundHandler<DatagramPacket>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
        long now = System.nanoTime();
        if (state[0] == 0) {
          state[1] = now;
        }
        state[0] += p.content().readableBytes();
        state[2] = now;
        if (state[0] >= expected) {
          done.countDown();
        }
      }
    }).bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    System.out.println("ready " + ((InetSocketAddress) ch.localAddress()).getPort());
    System.out.flush();
    while (!done.await(2, TimeUnit.SECONDS)) {
      long last = ch.eventLoop().submit(() -> state[2]).get();
      if (last != 0 && System.nanoTime() - last > 2_000_000_000L) {
        break; // the sender finished; some datagrams were dropped
      }
    }
    long[] s = ch.eventLoop().submit(() -> state.clone()).get();
    double seconds = (s[2] - s[1]) / 1e9;
    System.out.printf(Locale.ROOT, "received %d of %d bytes in %.3f s: %.1f MB/s%n", s[0], expected, seconds, s[0] / 1e6 / seconds);
    ch.close().sync();
    group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
  }

  private static void send(InetSocketAddress to, long total, int size) throws Exception {
    EventLoopGroup group = group();
    Channel ch = bootstrap(group, size).handler(new SimpleChannelInboundHandler<DatagramPacket>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {}
    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    long count = (total + size - 1) / size;
    CountDownLatch finished = new CountDownLatch(1);
    long start = System.nanoTime();
    ch.eventLoop().execute(new Runnable() {
      long sent;

      @Override
      public void run() {
        // Up to 64 datagrams per flush (sendmmsg); yield to the loop whenever the socket is full.
        while (sent < count && ch.isWritable()) {
          for (int i = 0; i < 64 && sent < count; i++, sent++) {
            ByteBuf b = ch.alloc().directBuffer(size);
            b.writerIndex(size);
            ch.write(new DatagramPacket(b, to), ch.voidPromise());
          }
          ch.flush();
        }
        if (sent < count) {
          ch.eventLoop().execute(this);
        } else {
          finished.countDown();
        }
      }
    });
    finished.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "sent %d datagrams of %d bytes in %.3f s: %.1f MB/s%n", count, size, seconds, count * (double) size / 1e6 / seconds);
    ch.close().sync();
    group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
  }
}
