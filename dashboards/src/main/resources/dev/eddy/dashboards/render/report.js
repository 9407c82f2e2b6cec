// Renders the Eddy report from the JSON above: time charts with uPlot (inlined above), the message mix as SVG,
// and tables. No network.
(function () {
  "use strict";
  var errors = document.getElementById("script-errors");
  function reportError(message) {
    var li = document.createElement("li");
    li.textContent = message;
    errors.appendChild(li);
    errors.hidden = false;
  }
  window.onerror = function (message, source, line, column) {
    reportError(message + " (line " + line + ":" + column + ")");
  };

  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = ["#2f6fdf", "#e0792b", "#2c9f5b", "#b83a8f", "#7a5cd6", "#c4a000", "#1a9ba8", "#d6453d"];
  var charts = 0;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function html(name, text, parent, cls) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }

  var BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];
  function bytes(v) {
    var u = 0;
    while (Math.abs(v) >= 1024 && u < BYTE_UNITS.length - 1) { v /= 1024; u++; }
    return (u === 0 || Math.abs(v) >= 100 ? v.toFixed(0) : String(Math.round(v * 10) / 10)) + " " + BYTE_UNITS[u];
  }
  function nanos(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(2) + " s";
    if (a >= 1e6) return (v / 1e6).toFixed(1) + " ms";
    if (a >= 1e3) return (v / 1e3).toFixed(0) + " µs";
    return v.toFixed(0) + " ns";
  }
  function format(v, unit) {
    if (unit === "bytes/s") return bytes(v) + "/s";
    if (unit === "bytes") return bytes(v);
    if (unit === "ns") return nanos(v);
    if (unit === "%") return v.toFixed(0) + " %";
    return (Math.abs(v) >= 1000 ? v.toFixed(0) : String(+v.toPrecision(3))) + (unit ? " " + unit : "");
  }
  // The smallest axis when every value is zero: one unit a reader can judge (1 KiB, 1 ms, ...).
  var FLOOR = { "bytes": 1024, "bytes/s": 1024, "ns": 1e6, "%": 100 };
  // Tick steps in powers of two for byte units, so ticks read 16 KiB, not 15.6 KiB.
  var BYTE_STEPS = [];
  for (var k = 1; k < Math.pow(2, 50); k *= 2) BYTE_STEPS.push(k);

  function empty(container, text) {
    html("div", text, container, "empty");
  }

  // Zoom around the pointer with the mouse wheel, pan by dragging with the middle button (uPlot's own drag,
  // left button, selects a range to zoom into; a double-click zooms back out).
  function wheelZoomAndPan() {
    return { hooks: { ready: function (u) {
      var over = u.over;
      function xRange() { return [u.scales.x.min, u.scales.x.max]; }
      over.addEventListener("wheel", function (e) {
        e.preventDefault();
        var r = xRange(), at = u.posToVal(e.offsetX, "x"), factor = e.deltaY < 0 ? 0.75 : 1 / 0.75;
        u.setScale("x", { min: at - (at - r[0]) * factor, max: at + (r[1] - at) * factor });
      }, { passive: false });
      over.addEventListener("mousedown", function (e) {
        if (e.button !== 1) return;
        e.preventDefault();
        var r = xRange(), startX = e.clientX, perPixel = (r[1] - r[0]) / over.clientWidth;
        function move(m) {
          var shift = (m.clientX - startX) * perPixel;
          u.setScale("x", { min: r[0] - shift, max: r[1] - shift });
        }
        function up() {
          document.removeEventListener("mousemove", move);
          document.removeEventListener("mouseup", up);
        }
        document.addEventListener("mousemove", move);
        document.addEventListener("mouseup", up);
      });
    } } };
  }

  // One interactive chart per entry of the report's "charts": every time series of the report model, grouped by
  // the Java side (TimeCharts), so a series added there is drawn here without code of its own.
  var points = 0;
  // extent: [first, last] second that every chart sharing the crosshair spans, so their time axes are one.
  function timeChart(container, chart, syncKey, xLabel, extent) {
    var box = html("div", null, container, "chart");
    var columns = chart.series.map(function (s) { return [s.x, s.y]; });
    var ends = extent[0] === extent[1] ? [extent[0]] : extent;
    var data = uPlot.join(columns.concat([[ends, ends.map(function () { return null; })]]));
    data.pop(); // the extent's own column: only its two times stay, where no line has a value

    chart.series.forEach(function (s) { points += s.x.length; });
    var series = [{ label: "time", value: function (u, v) { return v == null ? "–" : v.toFixed(2) + " s"; } }];
    chart.series.forEach(function (s, i) {
      series.push({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true,
        points: { show: s.x.length <= 120 },
        value: function (u, v) { return v == null ? "–" : format(v, chart.unit); } });
    });
    new uPlot({
      title: chart.title + " (" + chart.unit + ")",
      width: 640, height: 260,
      cursor: { sync: { key: syncKey }, drag: { x: true, y: false } },
      scales: {
        x: { time: false },
        // From zero (or below it, for a series that goes negative, such as a clock offset), at least one unit tall.
        y: { range: function (u, min, max) {
          return [Math.min(0, min * 1.05), chart.unit === "%" ? 100 : Math.max(max * 1.05, FLOOR[chart.unit] || 1)];
        } }
      },
      axes: [
        { label: xLabel, values: function (u, ticks) { return ticks.map(function (t) { return t + " s"; }); } },
        { size: 78, incrs: chart.unit === "bytes" || chart.unit === "bytes/s" ? BYTE_STEPS : undefined,
          values: function (u, ticks) { return ticks.map(function (t) { return format(t, chart.unit); }); } }
      ],
      series: series,
      plugins: [wheelZoomAndPan()]
    }, data, box);
    charts++;
  }

  // The first and last time of any series of these charts.
  function extent(charts) {
    var lo = Infinity, hi = -Infinity;
    charts.forEach(function (c) {
      c.series.forEach(function (s) {
        if (s.x.length > 0) { lo = Math.min(lo, s.x[0]); hi = Math.max(hi, s.x[s.x.length - 1]); }
      });
    });
    return [lo, hi];
  }

  // Horizontal bars: messages sent and received by type, over all peers.
  function mixChart(container, sent, received) {
    var types = Object.keys(sent).concat(Object.keys(received)).filter(function (t, i, a) { return a.indexOf(t) === i; });
    if (types.length === 0) return false;
    types.sort(function (a, b) { return ((sent[b] || 0) + (received[b] || 0)) - ((sent[a] || 0) + (received[a] || 0)); });
    var max = 1;
    types.forEach(function (t) { max = Math.max(max, sent[t] || 0, received[t] || 0); });
    var W = 600, L = 130, R = 70, T = 30, row = 26, H = T + types.length * row + 12;
    var svg = el("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "chart", role: "img" });
    el("title", {}, svg).textContent = "Messages by type";
    el("text", { x: 8, y: 18, "class": "title" }, svg).textContent = "Messages by type (all peers)";
    [["sent", COLORS[0]], ["received", COLORS[1]]].forEach(function (k, i) {
      el("rect", { x: W - 190 + i * 90, y: 9, width: 10, height: 10, fill: k[1] }, svg);
      el("text", { x: W - 176 + i * 90, y: 18 }, svg).textContent = k[0];
    });
    types.forEach(function (t, i) {
      var y0 = T + i * row;
      el("text", { x: L - 8, y: y0 + 15, "text-anchor": "end" }, svg).textContent = t;
      [[sent[t] || 0, COLORS[0], 2], [received[t] || 0, COLORS[1], 13]].forEach(function (b) {
        var w = Math.max(b[0] > 0 ? 1 : 0, (W - L - R) * b[0] / max);
        if (b[0] === 0) return;
        var bar = el("rect", { x: L, y: y0 + b[2], width: w.toFixed(1), height: 10, fill: b[1] }, svg);
        el("title", {}, bar).textContent = t + ": " + b[0];
        el("text", { x: L + w + 4, y: y0 + b[2] + 9 }, svg).textContent = String(b[0]);
      });
    });
    container.appendChild(svg);
    charts++;
    return true;
  }

  function table(container, header, rows, numeric) {
    if (rows.length === 0) return false;
    var t = html("table", null, container);
    var tr = html("tr", null, html("thead", null, t));
    header.forEach(function (h) { html("th", h, tr); });
    var body = html("tbody", null, t);
    rows.forEach(function (r) {
      var row = html("tr", null, body);
      r.forEach(function (cell, i) { html("td", cell, row, numeric[i]); });
    });
    return true;
  }

  // One recording's section, from the page's template; a page holds one per recording given to eddy report.
  function render(r, index) {
    var root = document.getElementById("recording").content.firstElementChild.cloneNode(true);
    document.querySelector("main").appendChild(root);
    function part(name) { return root.querySelector("." + name); }
    part("source").textContent = r.source;
    part("summary").textContent = r.start + " → " + r.end + " UTC (" + r.span + ") · "
      + r.swarms.length + " swarm(s), " + r.peers.length + " peer(s)";

    var timecharts = part("timecharts");
    // Crosshairs sync within a recording: recordings have time axes of their own.
    var span = extent(r.charts);
    r.charts.forEach(function (c) { timeChart(timecharts, c, "recording-" + index, "seconds since recording start", span); });
    r.swarms.forEach(function (s) {
      if (s.hasThroughput) html("p", "Swarm " + s.shortId + ": throughput from " + s.throughputSource + ".", timecharts, "note");
    });
    r.missing.filter(function (m) { return m.topics.indexOf("overTime") >= 0; }).forEach(function (m) {
      empty(timecharts, "No " + m.what + ": " + m.howToRecord);
    });
    if (r.charts.length === 0 && timecharts.querySelector(".empty") === null) empty(timecharts, "The recording has no samples over time.");

    var sent = {}, received = {};
    r.peers.forEach(function (p) {
      Object.keys(p.sent).forEach(function (k) { sent[k] = (sent[k] || 0) + p.sent[k]; });
      Object.keys(p.received).forEach(function (k) { received[k] = (received[k] || 0) + p.received[k]; });
    });
    var mix = part("mix");
    if (!mixChart(mix, sent, received)) empty(mix, "No per-message events: " + hint(r, "messages"));

    var peers = part("peers");
    if (!table(peers, ["swarm", "peer", "msgs out", "msgs in", "bytes out", "bytes in", "handshake", "retransmit", "loss",
      "integrity failures", "choked us", "we choked"],
      r.peers.map(function (p) {
        return [p.shortId, p.remoteAddress, String(p.messagesOut), String(p.messagesIn), p.bytesOut, p.bytesIn,
          p.handshake, p.retransmission, p.loss, String(p.integrityFailures), p.chokedByRemote, p.chokedByUs];
      }), ["", "", "num", "num", "num", "num", "num", "num", "num", "num", "num", "num"])) {
      empty(peers, "No peers in this recording.");
    }
    var types = Object.keys(sent).concat(Object.keys(received)).filter(function (t, i, a) { return a.indexOf(t) === i; }).sort();
    if (types.length > 0) {
      html("h3", "Messages by type per peer", peers);
      var rows = [];
      r.peers.forEach(function (p) {
        [["sent", p.sent], ["received", p.received]].forEach(function (d) {
          rows.push([p.remoteAddress, d[0]].concat(types.map(function (t) { return String(d[1][t] || 0); })));
        });
      });
      table(peers, ["peer", ""].concat(types), rows, ["", ""].concat(types.map(function () { return "num"; })));
    }

    var swarmPeers = part("swarm-peers");
    if (!table(swarmPeers, ["swarm", "peer", "chunks in", "chunks out", "bytes in", "bytes out", "duplicates", "share",
      "choked us", "we choked", "PEX offers"],
      r.swarmPeers.map(function (p) {
        return [p.shortId, p.remoteAddress, String(p.chunksIn), String(p.chunksOut), p.bytesIn, p.bytesOut,
          String(p.duplicates), p.share, p.chokedByRemote, p.chokedByUs, p.pex];
      }), ["", "", "num", "num", "num", "num", "num", "num", "num", "num", ""])) {
      empty(swarmPeers, "No per-peer statistics: " + hint(r, "swarmPeers"));
    }

    var drops = part("drops");
    if (!table(drops, ["reason", "datagrams", "bytes", "example"],
      r.drops.map(function (d) { return [d.reason, String(d.datagrams), d.bytes, d.example]; }), ["", "num", "num", ""])) {
      empty(drops, "No datagram was dropped.");
    }

    var traced = part("traced");
    var calls = table(traced, ["method", "calls", "total time", "max time", "threw"],
      r.traced.map(function (m) { return [m.method, String(m.calls), m.total, m.max, String(m.threw)]; }),
      ["", "num", "num", "num", "num"]);
    if (r.summarized.length > 0) {
      // Their calls and latencies over time are among the charts above.
      html("h4", "Summaries (mode:summary)", traced);
      table(traced, ["method", "calls", "threw", "intervals", "max time"],
        r.summarized.map(function (m) { return [m.method, String(m.calls), String(m.threw), String(m.intervals), m.max]; }),
        ["", "num", "num", "num", "num"]);
    } else if (!calls) {
      empty(traced, "No traced calls: " + hint(r, "traced"));
    }

    var missing = part("missing");
    if (r.missing.length === 0) {
      part("missing-section").hidden = true;
    }
    r.missing.forEach(function (m) {
      var li = html("li", null, missing);
      html("strong", m.what, li);
      li.appendChild(document.createTextNode(": no " + m.eventTypes.join(" / ") + " events. "));
      html("code", m.howToRecord, li);
    });
  }

  /** The joined view of several recordings (or of one): causes first, then links, uploads, clocks, timeline. */
  function renderSwarm(sw) {
    document.getElementById("swarm-section").hidden = false;
    var causes = document.getElementById("causes");
    sw.causes.forEach(function (c) {
      var li = html("li", null, causes);
      html("strong", c.transfer + ": " + c.summary, li);
      html("div", c.evidence, li, "note");
    });
    if (sw.causes.length === 0) html("li", "No download in these recordings.", causes);
    if (sw.members.filter(function (m) { return m.recording !== null; }).length < 2) {
      document.getElementById("swarm-views").hidden = true;
      return;
    }
    var swarmCharts = document.getElementById("swarm-charts");
    var span = extent(sw.charts);
    sw.charts.forEach(function (c) {
      timeChart(swarmCharts, c, "swarm", "seconds since the earliest recording's start", span);
    });
    if (sw.charts.length === 0) empty(swarmCharts, "The recordings have no samples over time.");
    function orNot(v, f) { return v === null || v === undefined ? "not recorded" : f(v); }
    table(document.getElementById("links"), ["link", "payload", "sent", "lost", "duplicated", "reordered",
      "retransmitted", "not needed", "delay median", "delay p99"],
      sw.links.map(function (l) {
        var d = l.delivery;
        return [l.name, bytes(l.payloadBytes), orNot(d, function (x) { return String(x.sent); }),
          orNot(d, function (x) { return String(x.lost); }), orNot(d, function (x) { return String(x.duplicated); }),
          orNot(d, function (x) { return String(x.reordered); }),
          d ? String(d.retransmissions) : orNot(l.senderCounters, function (c) { return c.retransmitted + " (sender)"; }),
          d ? String(d.unneededRetransmissions) : orNot(l.senderCounters, function (c) { return c.spurious + " (sender)"; }),
          orNot(d && d.medianDelayNanos, nanos), orNot(d && d.p99DelayNanos, nanos)];
      }), ["", "num", "num", "num", "num", "num", "num", "num", "num", "num"]);
    var names = sw.members.map(function (m) { return m.name; });
    table(document.getElementById("uploads"), ["from \\ to"].concat(names), names.map(function (from) {
      return [from].concat(names.map(function (to) {
        var total = 0, any = false;
        sw.uploads.forEach(function (f) { if (f.from === from && f.to === to) { total += f.bytes; any = true; } });
        return any ? bytes(total) : "-";
      }));
    }), [""].concat(names.map(function () { return "num"; })));
    table(document.getElementById("clocks"), ["peer", "offset", "error bound", "how"], sw.clocks.map(function (c) {
      return [c.member, orNot(c.offsetNanos, nanos), orNot(c.errorNanos, nanos), c.basis];
    }), ["", "num", "num", ""]);
    table(document.getElementById("timeline"), ["time (s)", "kind", "what"], sw.timeline.map(function (e) {
      return [e.seconds.toFixed(3), e.kind, e.text];
    }), ["num", "", ""]);
  }

  function hint(r, topic) {
    var m = r.missing.filter(function (x) { return x.topics.indexOf(topic) >= 0; })[0];
    return m ? m.howToRecord : "the recording has none.";
  }

  try {
    var data = JSON.parse(document.getElementById("report-data").textContent);
    var data = JSON.parse(document.getElementById("report-data").textContent);
    document.getElementById("summary").textContent = data.recordings.length === 1 ? data.recordings[0].source
      : data.recordings.length + " recordings: what they show together, then each in a section of its own";
    renderSwarm(data.swarm);
    data.recordings.forEach(render);
  } catch (e) {
    reportError(String(e && e.stack || e));
  }
  var status = document.getElementById("render-status");
  status.setAttribute("data-charts", String(charts));
  status.setAttribute("data-points", String(points));
  status.textContent = "rendered " + charts + " charts";
})();
