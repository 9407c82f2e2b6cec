package dev.eddy.peer.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its requests answered one at a time, in order (pipelined ones wait their turn).
 * Runs on the gateway's thread; the only thing that comes from elsewhere is the completion of a wait for
 * content, which is handed back to this thread.
 */
final class GatewayConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);
  /** Bytes read from the content per write: large enough for few system calls, small enough to interleave clients. */
  static final int READ_BYTES = 64 << 10;
  /** Pipelined requests held while one is answered; a client that sends more is closed. */
  static final int MAX_QUEUED = 16;

  private final Function<String, ArrivingContent> contents;
  /** Told when a live reader fell behind the stream's window and its response was cut. */
  private final Runnable onCut;
  private final ArrayDeque<HttpRequest> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Response current;

  GatewayConnection(Function<String, ArrivingContent> contents, Runnable onCut) {
    this.contents = contents;
    this.onCut = onCut;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        if (request.decoderResult().isFailure()) {
          // The decoder cannot find the next request's start after this: answer and close (or just close, when
          // an answer is under way: a 400 in the middle of its body would only corrupt it).
          queued.clear();
          if (current != null) {
            current.abandon();
            ctx.close();
          } else {
            current = new Response(request);
            current.refuse(HttpResponseStatus.BAD_REQUEST, "malformed request: " + request.decoderResult().cause().getMessage(), false);
          }
        } else if (current != null) {
          if (queued.size() >= MAX_QUEUED) {
            ctx.close();
          } else {
            queued.add(request);
          }
        } else {
          answer(request);
        }
      }
      // Request bodies (only a method we refuse would have one) are dropped.
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void answer(HttpRequest request) {
    current = new Response(request);
    current.begin();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null && ctx.channel().isWritable()) {
      current.pump();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    queued.clear();
    if (current != null) {
      current.abandon(); // a client that went away while waiting frees its waiter now
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("http {}: {}", client(), cause.toString());
    ctx.close();
  }

  /** The answer to one request: waits for the length, sends the head, then the body as the bytes arrive. */
  private final class Response {
    private final HttpRequest request;
    private final boolean keepAlive;
    private final long startNs = System.nanoTime();
    private ArrivingContent content;
    private RangeRequest range;
    private boolean headersSent;
    private boolean done;
    private boolean unbounded;
    private long position;
    /** One past the last byte to send ({@link Long#MAX_VALUE} for an unbounded stream until it ends). */
    private long end;
    private CompletableFuture<Void> waiting;

    Response(HttpRequest request) {
      this.request = request;
      this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    void begin() {
      HttpMethod method = request.method();
      if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
        refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + method + " not allowed: this gateway answers GET and HEAD", false);
        return;
      }
      String path = new QueryStringDecoder(request.uri()).path();
      String id = path.startsWith("/") ? path.substring(1) : path;
      content = id.matches("[0-9a-fA-F]+") ? contents.apply(id) : null;
      if (content == null) {
        refuse(HttpResponseStatus.NOT_FOUND, "no content at " + path + ": this gateway serves /SWARM_ID (the swarm ID in hex)", keepAlive);
        return;
      }
      range = RangeRequest.parse(request.headers().get(HttpHeaderNames.RANGE));
      if (range instanceof RangeRequest.Invalid invalid) {
        refuse(HttpResponseStatus.BAD_REQUEST, invalid.reason(), keepAlive);
        return;
      }
      proceed();
    }

    /** Sends the head once the length is known (waiting for it first), then the body. */
    private void proceed() {
      long length = content.length();
      if (length == ArrivingContent.UNKNOWN) {
        waitAt(range instanceof RangeRequest.FromTo r ? r.first()
            : range instanceof RangeRequest.Whole && !isHead() ? 0 : ArrivingContent.LENGTH_ONLY);
        return;
      }
      HttpResponse head;
      if (length == ArrivingContent.UNBOUNDED) {
        // A live stream: every client from near the live edge, one response without end. Its Range is ignored (RFC
        // 9110 allows it): players ask for bytes=0- and expect 200 from a stream that cannot seek, a 416 stops them.
        unbounded = true;
        position = content.tuneIn();
        end = Long.MAX_VALUE;
        head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setTransferEncodingChunked(head, true);
        head.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.NONE);
      } else {
        RangeRequest.Span span = range.within(length);
        if (span == null) {
          FullHttpResponse refusal = error(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
              "range " + request.headers().get(HttpHeaderNames.RANGE) + " lies outside the content's " + length + " bytes");
          refusal.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length);
          send(refusal, keepAlive);
          return;
        }
        if (span.first() < content.start()) {
          // A live stream that has ended: its window is all that is left of it.
          refuse(HttpResponseStatus.GONE, "the stream ended; its bytes before " + content.start() + " are no longer held", keepAlive);
          return;
        }
        boolean partial = !(range instanceof RangeRequest.Whole);
        head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        HttpUtil.setContentLength(head, span.length());
        if (partial) {
          head.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + span.first() + "-" + span.last() + "/" + length);
        }
        head.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        position = span.first();
        end = span.last() + 1;
      }
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
      HttpUtil.setKeepAlive(head, keepAlive);
      log(head.status(), head.headers().get(HttpHeaderNames.CONTENT_RANGE));
      headersSent = true;
      ctx.write(head);
      if (isHead()) {
        finish();
      } else {
        pump();
      }
    }

    /** Sends what can be sent now, while the client keeps up; waits for content that has not arrived. */
    void pump() {
      while (!done && waiting == null && ctx.channel().isWritable()) {
        long start = content.start();
        if (position < start) {
          cut(start);
          return;
        }
        if (unbounded) {
          long length = content.length();
          if (length >= 0) {
            end = length; // the stream ended
          }
        }
        if (position >= end) {
          finish();
          return;
        }
        long available = content.available(position);
        if (available == 0) {
          ctx.flush();
          waitAt(position);
          return;
        }
        int take = (int) Math.min(READ_BYTES, Math.min(available, end - position));
        ByteBuf buf = ctx.alloc().ioBuffer(take);
        int read;
        try {
          read = content.read(position, buf.nioBuffer(0, take));
        } catch (IOException | RuntimeException e) {
          buf.release();
          LOG.warn("http {}: reading the content at byte {} failed: {}", client(), position, e.getMessage());
          done = true;
          ctx.close();
          return;
        }
        if (read == 0) {
          buf.release(); // a live reader the window passed since available(): cut on the next turn
          continue;
        }
        buf.writerIndex(read);
        position += read;
        ctx.writeAndFlush(new DefaultHttpContent(buf)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      }
    }

    private void waitAt(long at) {
      CompletableFuture<Void> w = content.await(at);
      waiting = w;
      w.whenComplete((ok, failure) -> ctx.executor().execute(() -> onWaited(w, failure)));
    }

    private void onWaited(CompletableFuture<Void> w, Throwable failure) {
      if (waiting != w || done) {
        return;
      }
      waiting = null;
      if (failure instanceof CancellationException) {
        return;
      }
      if (failure != null) {
        String why = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause().getMessage() : failure.getMessage();
        if (headersSent) {
          done = true;
          ctx.close(); // the body cannot be completed: a short body tells the client so
        } else {
          refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, "the content is not available: " + why, false);
        }
        return;
      }
      if (headersSent) {
        pump();
      } else {
        proceed();
      }
    }

    /**
     * A live reader fell out of the window (it read slower than the stream came): its bytes are gone, and a
     * silent jump ahead would hand the player a corrupt stream, so the response ends without its last chunk
     * (the client sees it cut) and a player that reconnects starts again at the live edge.
     */
    private void cut(long start) {
      LOG.warn("http {} {}: cut a live reader {} bytes behind the oldest byte held (it reads slower than the stream arrives)",
          client(), request.uri(), start - position);
      onCut.run();
      done = true;
      ctx.close();
    }

    /** The client went away or the connection failed: stop waiting and sending. */
    void abandon() {
      done = true;
      CompletableFuture<Void> w = waiting;
      waiting = null;
      if (w != null) {
        w.cancel(false);
      }
    }

    void refuse(HttpResponseStatus status, String why, boolean keepOpen) {
      send(error(status, why), keepOpen);
    }

    private FullHttpResponse error(HttpResponseStatus status, String why) {
      ByteBuf body = Unpooled.copiedBuffer(why + "\n", StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      HttpUtil.setContentLength(response, body.readableBytes());
      if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
        response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      }
      LOG.info("http {} {} {} -> {}: {}", client(), request.method(), request.uri(), status, why);
      return response;
    }

    private void send(FullHttpResponse response, boolean keepOpen) {
      HttpUtil.setKeepAlive(response, keepOpen);
      headersSent = true;
      ctx.writeAndFlush(response);
      done = true;
      next(keepOpen);
    }

    private void finish() {
      done = true;
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
          .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      next(keepAlive);
    }

    private boolean isHead() {
      return request.method().equals(HttpMethod.HEAD);
    }

    private void log(HttpResponseStatus status, String contentRange) {
      double waitedS = (System.nanoTime() - startNs) / 1e9;
      String rangeHeader = request.headers().get(HttpHeaderNames.RANGE);
      LOG.info(String.format(Locale.ROOT, "http %s %s %s%s -> %s%s%s", client(), request.method(), request.uri(),
          rangeHeader == null ? "" : " (Range: " + rangeHeader + ")", status,
          contentRange == null ? "" : ", " + contentRange, waitedS >= 0.05 ? String.format(Locale.ROOT, ", after %.2f s waiting", waitedS) : ""));
    }
  }

  /** The client's address as HOST:PORT. */
  private String client() {
    return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a ? a.getHostString() + ":" + a.getPort() : "?";
  }

  /** The current answer is complete: the next pipelined request, or the connection closes. */
  private void next(boolean keepOpen) {
    current = null;
    if (!keepOpen) {
      queued.clear();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    HttpRequest following = queued.poll();
    if (following != null) {
      answer(following);
    }
  }
}
