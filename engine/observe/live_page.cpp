#include "engine/observe/live_page.hpp"

namespace streamline::engine {
namespace {

// Text is set through textContent only: stage names come from the pipeline
// file and are never parsed as markup.
constexpr std::string_view kPage = R"page(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Streamline: live pipeline</title>
<style>
  :root {
    --bg: #f6f7f9; --panel: #ffffff; --ink: #1f2933; --muted: #6b7785; --line: #d5dae1;
    --source: #2f855a; --processor: #3c6e9f; --sink: #7b5ea7;
    --named: #3c6e9f; --error: #c0392b; --dead: #b7791f; --plain: #9aa5b1;
  }
  * { box-sizing: border-box; }
  body { margin: 0; background: var(--bg); color: var(--ink);
         font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
  header { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap;
           padding: 16px 24px; background: var(--panel); border-bottom: 1px solid var(--line); }
  h1 { font-size: 20px; margin: 0; font-weight: 600; }
  .file { color: var(--muted); }
  .phase { padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 600;
           text-transform: uppercase; letter-spacing: .04em; background: #e3e8ef; color: var(--ink); }
  .phase.running { background: #def7ec; color: #1f6f4a; }
  .phase.starting, .phase.draining { background: #fdf3d8; color: #8a5a00; }
  .phase.stopped, .phase.unreachable { background: #fde2e1; color: #9b1c1c; }
  .spacer { flex: 1; }
  .conn { color: var(--muted); font-size: 12px; }
  .conn.down { color: var(--error); }
  main { padding: 20px 24px; }
  .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
  #graph { width: 100%; overflow-x: auto; }
  svg text { font-family: inherit; }
  .node rect.box { fill: #fff; stroke: var(--line); stroke-width: 1.2; }
  .node.retrying rect.box { stroke: var(--dead); stroke-width: 2; }
  .node .name { font-size: 14px; font-weight: 600; fill: var(--ink); }
  .node .plugin { font-size: 11px; fill: var(--muted); }
  .node .label { font-size: 11px; fill: var(--muted); }
  .node .value { font-size: 12.5px; fill: var(--ink); font-variant-numeric: tabular-nums; }
  .node .value.bad { fill: var(--error); font-weight: 600; }
  .edge { fill: none; stroke-width: 1.6; }
  .edge.default { stroke: var(--plain); }
  .edge.named { stroke: var(--named); }
  .edge.error { stroke: var(--error); stroke-dasharray: 6 4; }
  .edge.dead_letter { stroke: var(--dead); stroke-dasharray: 2 4; }
  .edge-label { font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
  .edge-label.named { fill: var(--named); }
  .edge-label.error { fill: var(--error); }
  .edge-label.dead_letter { fill: var(--dead); }
  .legend { display: flex; gap: 18px; color: var(--muted); font-size: 12px; margin: 10px 4px 0; flex-wrap: wrap; }
  .legend svg { vertical-align: middle; margin-right: 4px; }
  table { border-collapse: collapse; width: 100%; margin-top: 20px; background: var(--panel);
          border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
  th, td { padding: 7px 12px; text-align: right; border-bottom: 1px solid #edf0f3;
           font-variant-numeric: tabular-nums; }
  th { font-size: 12px; color: var(--muted); font-weight: 600; background: #fafbfc; }
  th:nth-child(-n+3), td:nth-child(-n+3) { text-align: left; }
  td.bad { color: var(--error); font-weight: 600; }
  tr:last-child td { border-bottom: none; }
  .empty { color: var(--muted); padding: 24px; text-align: center; }
</style>
</head>
<body>
<header>
  <h1 id="pipeline">pipeline</h1>
  <span class="file" id="file"></span>
  <span class="phase" id="phase">connecting</span>
  <span class="spacer"></span>
  <span class="conn" id="uptime"></span>
  <span class="conn" id="conn">connecting to /status</span>
</header>
<main>
  <div class="panel">
    <div id="graph"><div class="empty">waiting for the first /status answer</div></div>
    <div class="legend">
      <span><svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" class="edge default"/></svg>default output</span>
      <span><svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" class="edge named"/></svg>named output</span>
      <span><svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" class="edge error"/></svg>error output</span>
      <span><svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" class="edge dead_letter"/></svg>dead letter</span>
    </div>
  </div>
  <table id="stages">
    <thead><tr><th>stage</th><th>plugin</th><th>state</th><th>in/s</th><th>out/s</th>
      <th>queue</th><th>failed</th><th>dropped</th><th>in</th><th>out</th></tr></thead>
    <tbody></tbody>
  </table>
</main>
<script>
"use strict";
const POLL_MS = 1000;
const RATE_WINDOW_S = 5;      // rates are averaged over the last few seconds
const SVG_NS = "http://www.w3.org/2000/svg";  // a namespace name, never fetched
const BOX_W = 210, BOX_H = 116, COL_W = 280, ROW_H = 144, MARGIN = 24;
const history = new Map();    // stage -> [{t, in, out}] by server uptime

function el(ns, tag, attrs, text) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// "src" / "router.big" / "router.error" / "src.error (dead_letter)" -> edge
function parseInput(input, names) {
  let kind = "default", s = input;
  const dl = " (dead_letter)";
  if (s.endsWith(dl)) { kind = "dead_letter"; s = s.slice(0, -dl.length); }
  if (kind === "default" && names.has(s)) return { from: s, kind, label: "" };
  for (let i = s.lastIndexOf("."); i > 0; i = s.lastIndexOf(".", i - 1)) {
    const from = s.slice(0, i), output = s.slice(i + 1);
    if (!names.has(from)) continue;
    if (kind === "dead_letter") return { from, kind, label: "dead letter" };
    if (output === "error") return { from, kind: "error", label: "error" };
    return { from, kind: "named", label: output };
  }
  return null;
}

// Events per second over the last RATE_WINDOW_S seconds of server uptime;
// until a second has passed, the rate /status gave.
function rates(stage, uptime) {
  let h = history.get(stage.name);
  if (!h) { h = []; history.set(stage.name, h); }
  if (h.length && uptime < h[h.length - 1].t) h.length = 0;  // the engine restarted
  h.push({ t: uptime, in: stage.events.in, out: stage.events.out,
           rin: stage.rates.in_per_second, rout: stage.rates.out_per_second });
  while (h.length > 2 && uptime - h[1].t >= RATE_WINDOW_S) h.shift();
  const first = h[0], span = uptime - first.t;
  if (span < 1) return { in: first.rin, out: first.rout };
  return { in: (stage.events.in - first.in) / span, out: (stage.events.out - first.out) / span };
}

function fmtRate(x) {
  if (!isFinite(x) || x < 0) x = 0;
  if (x >= 1e6) return (x / 1e6).toFixed(1) + "M/s";
  if (x >= 1e4) return (x / 1e3).toFixed(1) + "k/s";
  return x.toFixed(1) + "/s";
}
function fmtCount(n) { return Number(n).toLocaleString("en-US"); }
function fmtUptime(s) {
  s = Math.floor(s);
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
  return "up " + (h ? h + "h " : "") + (h || m ? m + "m " : "") + r + "s";
}

function layout(stages) {
  const names = new Set(stages.map(s => s.name));
  const edges = [];
  for (const s of stages)
    for (const input of s.inputs) {
      const e = parseInput(input, names);
      if (e) edges.push({ ...e, to: s.name });
    }
  // Depth: the longest path from a stage without inputs.
  const depth = new Map(stages.map(s => [s.name, 0]));
  for (let pass = 0; pass < stages.length; ++pass) {
    let changed = false;
    for (const e of edges) {
      const d = depth.get(e.from) + 1;
      if (d > depth.get(e.to)) { depth.set(e.to, d); changed = true; }
    }
    if (!changed) break;
  }
  const columns = [];
  for (const s of stages) {
    const d = depth.get(s.name);
    (columns[d] = columns[d] || []).push(s.name);
  }
  const tallest = Math.max(1, ...columns.map(c => (c ? c.length : 0)));
  const pos = new Map();
  columns.forEach((col, d) => {
    if (!col) return;
    const offset = (tallest - col.length) * ROW_H / 2;
    col.forEach((name, row) => pos.set(name, { x: MARGIN + d * COL_W, y: MARGIN + offset + row * ROW_H }));
  });
  // An edge that skips a column would cross the boxes between: it runs in
  // its own lane under the graph instead.
  const bottom = MARGIN + (tallest - 1) * ROW_H + BOX_H;
  let lanes = 0;
  for (const e of edges)
    if (depth.get(e.to) - depth.get(e.from) > 1) e.lane = bottom + 22 + 18 * lanes++;
  return { edges, pos, width: MARGIN * 2 + (columns.length - 1) * COL_W + BOX_W,
           height: bottom + MARGIN + (lanes ? 18 * lanes + 10 : 0) };
}

function drawGraph(status, stageRates) {
  const { edges, pos, width, height } = layout(status.stages);
  const svg = el(SVG_NS, "svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
                                  "aria-label": "stage graph" });
  // Edges first, under the boxes; several edges between the same two stages fan apart.
  const seen = new Map();
  for (const e of edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    const key = e.from + "\u0000" + e.to, n = seen.get(key) || 0;
    seen.set(key, n + 1);
    const spread = n * 14;
    let d, lx, ly;
    if (e.lane === undefined) {
      const x1 = a.x + BOX_W, y1 = a.y + BOX_H / 2 + spread, x2 = b.x, y2 = b.y + BOX_H / 2 + spread;
      const mx = (x1 + x2) / 2;
      d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 4},${y2}`;
      lx = mx; ly = (y1 + y2) / 2 - 5;
    } else {  // down from the writer, along the lane, up into the reader
      const x1 = a.x + BOX_W - 30, y1 = a.y + BOX_H, x2 = b.x, y2 = b.y + BOX_H / 2 + spread, l = e.lane;
      d = `M${x1},${y1} C${x1},${l} ${x1},${l} ${x1 + 30},${l} L${x2 - 70},${l} ` +
          `C${x2 - 30},${l} ${x2 - 40},${y2} ${x2 - 4},${y2}`;
      lx = (x1 + x2) / 2; ly = l - 5;
    }
    svg.append(el(SVG_NS, "path", { class: "edge " + e.kind, "marker-end": "url(#arrow-" + e.kind + ")",
                                    d, "data-from": e.from, "data-to": e.to }));
    if (e.label)
      svg.append(el(SVG_NS, "text", { class: "edge-label " + e.kind, x: lx, y: ly, "text-anchor": "middle" },
                    e.label));
  }
  const defs = el(SVG_NS, "defs");
  for (const kind of ["default", "named", "error", "dead_letter"]) {
    const marker = el(SVG_NS, "marker", { id: "arrow-" + kind, viewBox: "0 0 10 10", refX: 8, refY: 5,
                                          markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    marker.append(el(SVG_NS, "path", { d: "M0,0 L10,5 L0,10 z", class: "arrow-" + kind,
      fill: { default: "#9aa5b1", named: "#3c6e9f", error: "#c0392b", dead_letter: "#b7791f" }[kind] }));
    defs.append(marker);
  }
  svg.prepend(defs);

  for (const s of status.stages) {
    const p = pos.get(s.name), r = stageRates.get(s.name);
    const g = el(SVG_NS, "g", { class: "node " + s.kind + (s.state === "retrying" ? " retrying" : ""),
                                transform: `translate(${p.x},${p.y})`, "data-stage": s.name });
    g.append(el(SVG_NS, "rect", { class: "box", width: BOX_W, height: BOX_H, rx: 8 }));
    g.append(el(SVG_NS, "rect", { width: 5, height: BOX_H - 16, x: 0, y: 8, rx: 2,
                                  fill: `var(--${s.kind}, #9aa5b1)` }));
    g.append(el(SVG_NS, "text", { class: "name", x: 16, y: 22 }, s.name));
    g.append(el(SVG_NS, "text", { class: "plugin", x: 16, y: 38 },
                s.plugin + " \u00b7 " + s.kind + (s.state === "retrying" ? " \u00b7 retrying" : "")));
    const cell = (x, y, label, value, cls, attrs) => {
      g.append(el(SVG_NS, "text", { class: "label", x, y }, label));
      g.append(el(SVG_NS, "text", { class: "value " + (cls || ""), x, y: y + 16, ...(attrs || {}) }, value));
    };
    cell(16, 60, "in", fmtRate(r.in), "rate", { "data-stage": s.name, "data-direction": "in" });
    cell(80, 60, "out", fmtRate(r.out), "rate", { "data-stage": s.name, "data-direction": "out" });
    cell(146, 60, "queue", fmtCount(s.queue_depth));
    cell(16, 96, "failed", fmtCount(s.events.failed), s.events.failed > 0 ? "bad" : "");
    cell(80, 96, "dropped", fmtCount(s.events.dropped));
    cell(146, 96, "retries", fmtCount(s.retries), s.retries > 0 ? "bad" : "");
    svg.append(g);
  }
  document.getElementById("graph").replaceChildren(svg);
}

function drawTable(status, stageRates) {
  const body = document.querySelector("#stages tbody");
  const rows = status.stages.map(s => {
    const r = stageRates.get(s.name), tr = el(null, "tr", { "data-stage": s.name });
    const td = (text, cls) => tr.append(el(null, "td", cls ? { class: cls } : {}, text));
    td(s.name); td(s.plugin); td(s.state);
    td(fmtRate(r.in), "rate"); td(fmtRate(r.out), "rate");
    td(fmtCount(s.queue_depth));
    td(fmtCount(s.events.failed), s.events.failed > 0 ? "bad" : "");
    td(fmtCount(s.events.dropped));
    td(fmtCount(s.events.in)); td(fmtCount(s.events.out));
    return tr;
  });
  body.replaceChildren(...rows);
}

function show(status) {
  document.title = status.pipeline + " \u00b7 Streamline";
  document.getElementById("pipeline").textContent = status.pipeline;
  document.getElementById("file").textContent = status.file;
  const phase = document.getElementById("phase");
  phase.textContent = status.state;
  phase.className = "phase " + status.state;
  document.getElementById("uptime").textContent = fmtUptime(status.uptime_seconds);
  const stageRates = new Map(status.stages.map(s => [s.name, rates(s, status.uptime_seconds)]));
  drawGraph(status, stageRates);
  drawTable(status, stageRates);
}

async function poll() {
  const conn = document.getElementById("conn");
  try {
    const res = await fetch("status", { cache: "no-store" });
    if (!res.ok) throw new Error("HTTP " + res.status);
    show(await res.json());
    conn.textContent = "updated " + new Date().toLocaleTimeString();
    conn.className = "conn";
  } catch (e) {
    conn.textContent = "the engine is not answering (" + e.message + "); retrying";
    conn.className = "conn down";
    const phase = document.getElementById("phase");
    phase.textContent = "unreachable";
    phase.className = "phase unreachable";
  }
  setTimeout(poll, POLL_MS);
}
poll();
</script>
</body>
</html>
)page";

}  // namespace

std::string_view live_page_html() noexcept { return kPage; }

}  // namespace streamline::engine
