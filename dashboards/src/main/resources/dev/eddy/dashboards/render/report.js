// Renders the Eddy report from the JSON above into SVG charts and tables. No libraries, no network.
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
    return String(v);
  }
  // A round axis maximum: 1, 2, 2.5, 4 or 5 times a power of ten, in the unit the labels will show
  // (powers of 1024 for bytes, so ticks read 16 KiB, not 15.6 KiB).
  // The smallest axis when every value is zero: one unit a reader can judge (1 KiB, 1 ms, ...).
  var FLOOR = { "bytes": 1024, "bytes/s": 1024, "ns": 1e6, "%": 100 };
  // A round step for about four ticks: 1, 2, 2.5, 3 or 5 times a power of ten.
  function niceStep(span) {
    var raw = span / 4, p = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 2.5, 3, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= raw) return steps[i] * p;
    return 10 * p;
  }
  function niceMax(v, unit) {
    if (v <= 0) return FLOOR[unit] || 1;
    var scale = 1;
    if (unit === "bytes" || unit === "bytes/s") while (v / scale >= 1024) scale *= 1024;
    var x = v / scale;
    var p = Math.pow(10, Math.floor(Math.log10(x)));
    var steps = [1, 2, 2.5, 4, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= x) return steps[i] * p * scale;
    return 10 * p * scale;
  }

  function empty(container, text) {
    html("div", text, container, "empty");
  }

  // One line chart: x is seconds since the recording started, y in the series' unit.
  function lineChart(container, title, unit, series) {
    var drawn = series.filter(function (s) { return s.points.length > 0; });
    if (drawn.length === 0) return false;
    var W = 600, H = 250, L = 72, R = 16, T = 30, B = 36;
    var maxT = 0, maxV = 0;
    drawn.forEach(function (s) {
      s.points.forEach(function (p) { maxT = Math.max(maxT, p[0]); maxV = Math.max(maxV, p[1]); });
    });
    var stepT = niceStep(maxT > 0 ? maxT : 1);
    var ticksT = Math.ceil((maxT > 0 ? maxT : 1) / stepT - 1e-9);
    maxT = stepT * ticksT;
    maxV = unit === "%" ? 100 : niceMax(maxV * 1.05, unit);
    var decimals = 0;
    while (decimals < 3 && Math.abs(stepT * Math.pow(10, decimals) - Math.round(stepT * Math.pow(10, decimals))) > 1e-9) decimals++;
    function x(t) { return L + (W - L - R) * t / maxT; }
    function y(v) { return H - B - (H - T - B) * v / maxV; }
    var svg = el("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, "class": "chart", role: "img" });
    el("title", {}, svg).textContent = title;
    el("text", { x: L, y: 18, "class": "title" }, svg).textContent = title;
    for (var i = 0; i <= 4; i++) {
      var v = maxV * i / 4, yy = y(v);
      el("line", { x1: L, x2: W - R, y1: yy, y2: yy, "class": "grid" }, svg);
      el("text", { x: L - 6, y: yy + 4, "text-anchor": "end" }, svg).textContent = format(v, unit);
    }
    for (var k = 0; k <= ticksT; k++) {
      var t = stepT * k;
      el("text", { x: x(t), y: H - B + 16, "text-anchor": "middle" }, svg).textContent = t.toFixed(decimals) + " s";
    }
    el("line", { x1: L, x2: L, y1: T, y2: H - B, "class": "axis" }, svg);
    el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, "class": "axis" }, svg);
    el("text", { x: W - R, y: H - 4, "text-anchor": "end" }, svg).textContent = "seconds since recording start";
    drawn.forEach(function (s, index) {
      var color = COLORS[index % COLORS.length];
      var d = s.points.map(function (p, k) { return (k ? "L" : "M") + x(p[0]).toFixed(1) + " " + y(p[1]).toFixed(1); }).join(" ");
      el("path", { d: d, stroke: color, "class": "series" }, svg);
      if (s.points.length <= 120) {
        s.points.forEach(function (p) {
          var dot = el("circle", { cx: x(p[0]).toFixed(1), cy: y(p[1]).toFixed(1), r: 2.5, fill: color }, svg);
          el("title", {}, dot).textContent = s.name + " at " + p[0].toFixed(2) + " s: " + format(p[1], unit);
        });
      }
      var lx = L + 8 + index * 150;
      if (drawn.length > 3) lx = L + 8 + (index % 3) * 170;
      var ly = T + 10 + Math.floor(drawn.length > 3 ? index / 3 : 0) * 14;
      el("rect", { x: lx, y: ly - 8, width: 10, height: 10, fill: color }, svg);
      el("text", { x: lx + 14, y: ly + 1 }, svg).textContent = s.name;
    });
    container.appendChild(svg);
    charts++;
    return true;
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

  function render(r) {
    var summary = document.getElementById("summary");
    summary.textContent = r.source + " · " + r.start + " → " + r.end + " UTC (" + r.span + ") · "
      + r.swarms.length + " swarm(s), " + r.peers.length + " peer(s)";

    var throughput = document.getElementById("throughput");
    var anyThroughput = false;
    r.swarms.forEach(function (s) {
      anyThroughput = lineChart(throughput, "Throughput, swarm " + s.shortId, "bytes/s", [
        { name: "download", points: s.download }, { name: "upload", points: s.upload }]) || anyThroughput;
    });
    if (!anyThroughput) empty(throughput, "No throughput samples: " + hint(r, "throughput"));
    r.swarms.forEach(function (s) {
      if (s.download.length || s.upload.length) html("p", "Swarm " + s.shortId + ": from " + s.throughputSource + ".", throughput, "note");
    });

    var progress = document.getElementById("progress");
    var anyProgress = false;
    r.swarms.forEach(function (s) {
      anyProgress = lineChart(progress, "Progress, swarm " + s.shortId, "%", [{ name: "progress", points: s.progress }]) || anyProgress;
    });
    if (!anyProgress) empty(progress, "No progress samples: " + hint(r, "progress"));

    var congestion = document.getElementById("congestion");
    var windows = r.congestion.map(function (c) { return { name: c.label, points: c.window }; });
    var delays = r.congestion.map(function (c) { return { name: c.label, points: c.queuingDelay }; });
    var drewWindow = lineChart(congestion, "Congestion window", "bytes", windows);
    var drewDelay = lineChart(congestion, "Queuing delay", "ns", delays);
    if (!drewWindow && !drewDelay) empty(congestion, "No congestion samples: " + hint(r, "congestion"));

    var sent = {}, received = {};
    r.peers.forEach(function (p) {
      Object.keys(p.sent).forEach(function (k) { sent[k] = (sent[k] || 0) + p.sent[k]; });
      Object.keys(p.received).forEach(function (k) { received[k] = (received[k] || 0) + p.received[k]; });
    });
    var mix = document.getElementById("mix");
    if (!mixChart(mix, sent, received)) empty(mix, "No per-message events: " + hint(r, "messages"));

    var peers = document.getElementById("peers");
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

    var swarmPeers = document.getElementById("swarm-peers");
    if (!table(swarmPeers, ["swarm", "peer", "chunks in", "chunks out", "bytes in", "bytes out", "duplicates", "share",
      "choked us", "we choked", "PEX offers"],
      r.swarmPeers.map(function (p) {
        return [p.shortId, p.remoteAddress, String(p.chunksIn), String(p.chunksOut), p.bytesIn, p.bytesOut,
          String(p.duplicates), p.share, p.chokedByRemote, p.chokedByUs, p.pex];
      }), ["", "", "num", "num", "num", "num", "num", "num", "num", "num", ""])) {
      empty(swarmPeers, "No per-peer statistics: " + hint(r, "swarmPeers"));
    }

    var drops = document.getElementById("drops");
    if (!table(drops, ["reason", "datagrams", "bytes", "example"],
      r.drops.map(function (d) { return [d.reason, String(d.datagrams), d.bytes, d.example]; }), ["", "num", "num", ""])) {
      empty(drops, "No datagram was dropped.");
    }

    var traced = document.getElementById("traced");
    if (!table(traced, ["method", "calls", "total time", "max time", "threw"],
      r.traced.map(function (m) { return [m.method, String(m.calls), m.total, m.max, String(m.threw)]; }),
      ["", "num", "num", "num", "num"])) {
      empty(traced, "No traced calls: " + hint(r, "traced"));
    }

    var missing = document.getElementById("missing");
    if (r.missing.length === 0) {
      document.getElementById("missing-section").hidden = true;
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
    lineChart(document.getElementById("swarm-progress"), "Progress", "%",
      sw.progress.map(function (p) { return { name: p.member, points: p.points }; }));
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
    if (data.swarm) renderSwarm(data.swarm);
    render(data);
  } catch (e) {
    reportError(String(e && e.stack || e));
  }
  var status = document.getElementById("render-status");
  status.setAttribute("data-charts", String(charts));
  status.setAttribute("data-marks", String(document.querySelectorAll("svg path, svg rect, svg circle").length));
  status.textContent = "rendered " + charts + " charts";
})();
