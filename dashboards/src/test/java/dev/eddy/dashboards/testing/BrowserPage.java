package dev.eddy.dashboards.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local page in headless Chromium, driven the way a user drives it: real mouse events through the DevTools
 * protocol (a WebSocket to {@code --remote-debugging-port}), and scripts evaluated in the page to read what it
 * shows. One browser per page; {@link #close} ends it.
 */
public final class BrowserPage implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Process browser;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> replies = new ConcurrentHashMap<>();
  private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
  private String session;

  private BrowserPage(Process browser, URI endpoint) {
    this.browser = browser;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(endpoint, new Listener())
        .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** Opens {@code page} in a viewport of the given size and returns once its load event fired. */
  public static BrowserPage open(Path page, Path workDir, int width, int height) throws Exception {
    Path executable = ExternalTool.require("chromium", "chromium-browser", "google-chrome");
    Path profile = Files.createTempDirectory(workDir, "chromium-devtools");
    Path log = profile.resolveSibling(profile.getFileName() + ".log");
    List<String> command = HeadlessChromium.command(executable, profile);
    command.addAll(List.of("--remote-debugging-port=0", "about:blank"));
    Process browser = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    BrowserPage opened = null;
    try {
      opened = new BrowserPage(browser, endpoint(browser, profile, log));
      opened.attach(page, width, height);
      return opened;
    } finally {
      if (opened == null) {
        stop(browser);
      }
    }
  }

  /** Chromium writes the port it chose and the browser's WebSocket path into the profile once it listens. */
  private static URI endpoint(Process browser, Path profile, Path log) throws Exception {
    Path portFile = profile.resolve("DevToolsActivePort");
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      assertThat(browser.isAlive()).as("chromium exited early: %s", Files.readString(log)).isTrue();
      if (Files.exists(portFile)) {
        List<String> lines = Files.readAllLines(portFile);
        if (lines.size() >= 2) {
          return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("chromium wrote no DevToolsActivePort within " + TIMEOUT + ": " + Files.readString(log));
  }

  @SuppressWarnings("unchecked")
  private void attach(Path page, int width, int height) throws Exception {
    Map<String, Object> target = send(null, "Target.createTarget", Map.of("url", "about:blank"));
    Map<String, Object> attached = send(null, "Target.attachToTarget",
        Map.of("targetId", target.get("targetId"), "flatten", true));
    session = (String) attached.get("sessionId");
    send(session, "Page.enable", Map.of());
    send(session, "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    send(session, "Page.navigate", Map.of("url", page.toAbsolutePath().toUri().toString()));
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      Map<String, Object> event = events.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
      assertThat(event).as("the page's load event within %s", TIMEOUT).isNotNull();
      if ("Page.loadEventFired".equals(event.get("method")) && session.equals(event.get("sessionId"))) {
        return;
      }
    }
  }

  /** The value of a script expression (a promise is awaited); scripts should return strings or numbers. */
  @SuppressWarnings("unchecked")
  public String evaluate(String expression) throws Exception {
    Map<String, Object> reply = send(session, "Runtime.evaluate",
        Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    assertThat(reply.get("exceptionDetails")).as("exception evaluating %s", expression).isNull();
    Object value = ((Map<String, Object>) reply.get("result")).get("value");
    return String.valueOf(value);
  }

  /**
   * Per uPlot chart inside {@code container} (a CSS selector), how many of its canvas pixels are painted (the
   * page's own scripts never read pixels).
   */
  public int[] paintedPixels(String container) throws Exception {
    String counts = evaluate("Array.from(document.querySelectorAll('" + container + " canvas')).map(c => {"
        + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        + " for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++; return n; }).join(',')");
    return counts.isEmpty() ? new int[0] : Arrays.stream(counts.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** The centre of the first chart's plot area inside {@code container}, scrolled into view: x, y. */
  public double[] firstPlotCentre(String container) throws Exception {
    return Arrays.stream(evaluate("(() => { const o = document.querySelector('" + container + " .u-over');"
        + " o.scrollIntoView(); const r = o.getBoundingClientRect();"
        + " return (r.left + r.width / 2) + ',' + (r.top + r.height / 2); })()").split(","))
        .mapToDouble(Double::parseDouble).toArray();
  }

  /**
   * Per uPlot chart inside {@code container}, the values its legend shows (time first), joined by " | ", once the
   * page has drawn what the last mouse event changed.
   */
  public String[] legendValues(String container) throws Exception {
    return evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done("
        + "Array.from(document.querySelectorAll('" + container + " .u-legend')).map(l =>"
        + " Array.from(l.querySelectorAll('.u-value')).map(v => v.textContent).join(' | ')).join('\\n')))))")
        .split("\n");
  }

  /** Moves the mouse to a point of the viewport, as a user's hand does (the page gets real mouse events). */
  public void moveMouse(double x, double y) throws Exception {
    send(session, "Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
  }

  /** Turns the mouse wheel at a point; a negative {@code deltaY} turns it away from the user (zoom in). */
  public void wheel(double x, double y, double deltaY) throws Exception {
    send(session, "Input.dispatchMouseEvent",
        Map.of("type", "mouseWheel", "x", x, "y", y, "deltaX", 0, "deltaY", deltaY));
  }

  /** A double click with the left button. */
  public void doubleClick(double x, double y) throws Exception {
    for (int clicks = 1; clicks <= 2; clicks++) {
      for (String type : List.of("mousePressed", "mouseReleased")) {
        send(session, "Input.dispatchMouseEvent",
            Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", clicks));
      }
    }
  }

  private Map<String, Object> send(String sessionId, String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
    replies.put(id, reply);
    StringBuilder message = new StringBuilder("{\"id\":").append(id).append(",\"method\":");
    json(method, message);
    if (sessionId != null) {
      message.append(",\"sessionId\":");
      json(sessionId, message);
    }
    message.append(",\"params\":");
    json(params, message);
    socket.sendText(message.append('}'), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static void json(Object value, StringBuilder out) {
    if (value instanceof String s) {
      out.append('"');
      s.chars().forEach(c -> {
        if (c == '"' || c == '\\') {
          out.append('\\').append((char) c);
        } else if (c < 0x20) {
          out.append(String.format("\\u%04x", c));
        } else {
          out.append((char) c);
        }
      });
      out.append('"');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        json(String.valueOf(e.getKey()), out);
        out.append(':');
        json(e.getValue(), out);
      }
      out.append('}');
    } else {
      out.append(value);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        Map<String, Object> message = JsonLines.parse(partial.toString()).get(0);
        partial.setLength(0);
        if (message.get("id") instanceof Long id) {
          CompletableFuture<Map<String, Object>> reply = replies.remove(id.intValue());
          if (message.containsKey("error")) {
            reply.completeExceptionally(new AssertionError("DevTools error: " + message.get("error")));
          } else {
            reply.complete((Map<String, Object>) message.get("result"));
          }
        } else {
          events.add(message);
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    socket.abort();
    stop(browser);
  }

  private static void stop(Process browser) {
    browser.descendants().forEach(ProcessHandle::destroyForcibly);
    browser.destroyForcibly();
    try {
      browser.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
