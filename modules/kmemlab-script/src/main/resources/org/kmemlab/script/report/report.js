// kmemlab step-through report. Plain JS, no network: the data is the JSON in #data (see docs/report.md).
// State of step i = the machine's initial frames + the deltas of its steps up to i, applied incrementally;
// stepping back replays undo records taken on the way forward, so no full copy per step is ever stored.
"use strict";
// a report that cannot draw says so on the page (and tests read body[data-error]) instead of showing a blank map
window.addEventListener("error", (e) => {
  const box = document.getElementById("file-error");
  const msg = "this report could not be drawn: " + e.message + " (report.js:" + e.lineno + ")";
  document.body.dataset.error = msg;
  if (box) { box.hidden = false; box.textContent = msg; }
});
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const KINDS = ["HOLE", "RESERVED", "FREE", "PCP", "ALLOCATED", "COMPOUND_HEAD", "COMPOUND_TAIL", "SLAB",
    "PAGE_TABLE", "VMALLOC"];
  const K = Object.fromEntries(KINDS.map((k, i) => [k, i]));
  const PG_TAIL = 15;
  /** The most frames drawn one cell each; bigger machines draw one cell per block of 2^k frames. */
  const MAX_CELLS = 262144;
  const steps = DATA.steps;
  const machines = DATA.machines;
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // ---------------------------------------------------------------- colours
  function freeColour(order) {
    return hsl(130, 55, 88 - order * 5.2);
  }
  function slabColour(idx) {
    return hsl(215 + (idx * 47) % 110, 55, 42 + (idx * 29) % 26);
  }
  function hsl(h, s, l) {
    // HSL → packed ABGR (little-endian ImageData as Uint32)
    s /= 100; l /= 100;
    const k = (n) => (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    const f = (n) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
    return rgb(f(0), f(8), f(4));
  }
  function rgb(r, g, b) {
    return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }
  function hex(c) {
    return "#" + [c & 255, (c >>> 8) & 255, (c >>> 16) & 255].map((v) => v.toString(16).padStart(2, "0")).join("");
  }
  const FIXED = [rgb(40, 40, 40), rgb(110, 110, 110), 0, rgb(150, 225, 225), rgb(225, 80, 70), rgb(150, 20, 50),
    rgb(245, 160, 160), 0, rgb(245, 150, 20), rgb(240, 210, 40)];
  const colours = new Map();
  function colour(code) {
    let c = colours.get(code);
    if (c === undefined) {
      const kind = code & 255;
      c = kind === K.FREE ? freeColour(code >>> 8) : kind === K.SLAB ? slabColour(code >>> 8) : FIXED[kind] || 0;
      colours.set(code, c);
    }
    return c;
  }

  // ---------------------------------------------------------------- per-step bookkeeping (computed once)
  const posInMachine = new Int32Array(steps.length); // index of step i among its machine's steps
  const machineSteps = machines.map(() => []);
  const effBuddy = new Array(steps.length), effSlab = new Array(steps.length), effVm = new Array(steps.length);
  {
    const cur = machines.map((m) => ({ buddy: m.buddy, slab: m.slab, vm: m.vmalloc }));
    steps.forEach((s, i) => {
      posInMachine[i] = machineSteps[s.m].length;
      machineSteps[s.m].push(i);
      const c = cur[s.m];
      if (s.buddy) c.buddy = s.buddy;
      if (s.slab) c.slab = s.slab;
      if (s.vmalloc) c.vm = s.vmalloc;
      effBuddy[i] = c.buddy; effSlab[i] = c.slab; effVm[i] = c.vm;
    });
  }

  // ---------------------------------------------------------------- machine state
  function rleDecode(rle, n) {
    const out = new Int32Array(n);
    let p = 0;
    for (let k = 0; k < rle.length; k += 2) {
      out.fill(rle[k], p, p + rle[k + 1]);
      p += rle[k + 1];
    }
    return out;
  }

  /** One machine's frames at some point of its steps; `applied` = how many of its steps are applied. */
  function MachineState(mi) {
    const m = machines[mi];
    const n = m.nrFrames;
    this.mi = mi;
    this.code = rleDecode(m.init.codes, n);
    this.flags = rleDecode(m.init.flags, n);
    this.count = rleDecode(m.init.count, n);
    this.mapcount = rleDecode(m.init.mapcount, n);
    this.priv = rleDecode(m.init.priv, n);
    this.x = new Map(Object.entries(m.init.x).map(([k, v]) => [+k, v]));
    this.applied = 0;
    this.undo = [];
    this.dirty = []; // frames changed since the map was last painted from this state
  }
  MachineState.prototype.forward = function () {
    const s = steps[machineSteps[this.mi][this.applied]];
    const d = s.d, sx = s.x || {};
    const u = new Array(d.length / 6);
    for (let k = 0, j = 0; k < d.length; k += 6, j++) {
      const pfn = d[k];
      u[j] = [pfn, this.code[pfn], this.flags[pfn], this.count[pfn], this.mapcount[pfn], this.priv[pfn], this.x.get(pfn)];
      this.code[pfn] = d[k + 1]; this.flags[pfn] = d[k + 2]; this.count[pfn] = d[k + 3];
      this.mapcount[pfn] = d[k + 4]; this.priv[pfn] = d[k + 5];
      const nx = sx[pfn];
      if (nx) this.x.set(pfn, nx); else this.x.delete(pfn);
      this.dirty.push(pfn);
    }
    this.undo[this.applied] = u;
    this.applied++;
  };
  MachineState.prototype.back = function () {
    this.applied--;
    const u = this.undo[this.applied];
    for (let j = u.length - 1; j >= 0; j--) {
      const [pfn, c, f, cnt, mc, pv, x] = u[j];
      this.code[pfn] = c; this.flags[pfn] = f; this.count[pfn] = cnt; this.mapcount[pfn] = mc; this.priv[pfn] = pv;
      if (x) this.x.set(pfn, x); else this.x.delete(pfn);
      this.dirty.push(pfn);
    }
    this.undo[this.applied] = undefined;
  };
  MachineState.prototype.seek = function (applied) {
    while (this.applied < applied) this.forward();
    while (this.applied > applied) this.back();
  };

  let state = null; // only the shown machine is kept decoded: a test per 1 GiB machine would not fit otherwise
  function stateFor(mi, applied) {
    if (!state || state.mi !== mi) state = new MachineState(mi);
    state.seek(applied);
    return state;
  }

  // ---------------------------------------------------------------- dump_page() as the kernel prints it
  function ptr(p, v) {
    if (v === 0n) return "(null)";
    const w = p.is64 ? 16 : 8;
    return BigInt.asUintN(p.is64 ? 64 : 32, v).toString(16).padStart(w, "0");
  }
  function dumpPage(m, st, pfn) {
    const p = m.profile;
    const fl = st.flags[pfn];
    const head = (fl >>> PG_TAIL) & 1 ? st.priv[pfn] : pfn;
    const count = head >= 0 && head < m.nrFrames ? st.count[head] : 0;
    const x = st.x.get(pfn) || ["0", "0"];
    const spa = BigInt("0x" + p.structPageBase) + BigInt(pfn) * BigInt(p.structPageSize);
    let zone = 0;
    m.zones.forEach((z) => { if (pfn >= z.start) zone = z.index; });
    let raw = BigInt(fl) | (BigInt(zone) << BigInt(p.zonesPgShift));
    if (!p.is64) raw &= 0xffffffffn;
    const names = [];
    for (let b = 0; b < p.flagNames.length; b++) if ((fl >>> b) & 1) names.push(p.flagNames[b]);
    return "page:" + ptr(p, spa) + " count:" + count + " mapcount:" + (st.mapcount[pfn] + 1)
      + " mapping:" + ptr(p, BigInt("0x" + x[0])) + " index:0x" + x[1] + "\n"
      + "page flags: 0x" + raw.toString(16) + "(" + names.join("|") + ")\n";
  }
  function kindText(m, code) {
    const kind = KINDS[code & 255];
    if (kind === "FREE") return "FREE (order-" + (code >>> 8) + " block)";
    if (kind === "SLAB") return "SLAB (" + (m.caches[code >>> 8] || "?") + ")";
    return kind;
  }

  // ---------------------------------------------------------------- the map
  const canvas = $("map");
  const ctx = canvas.getContext("2d");
  let layout = null;
  function layoutFor(m) {
    const n = m.nrFrames;
    let per = 1;
    while (n / per > MAX_CELLS) per *= 2;
    const cells = Math.ceil(n / per);
    const cols = cells <= 4096 ? 64 : cells <= 16384 ? 128 : cells <= 65536 ? 256 : 512;
    const cs = cells <= 4096 ? 12 : cells <= 16384 ? 6 : cells <= 65536 ? 4 : 2;
    const rows = Math.ceil(cells / cols);
    return { mi: m === undefined ? -1 : machines.indexOf(m), per, cells, cols, cs, rows, w: cols * cs, h: rows * cs };
  }
  // the painted map is kept between steps: a step repaints only the cells its frames are in
  let img = null, px = null, painted = null;
  function drawMap(m, st, changed) {
    if (!layout || layout.mi !== st.mi) {
      layout = layoutFor(m);
      canvas.width = layout.w; canvas.height = layout.h;
      // CSS may shrink the canvas to fit a narrow window (max-width: 100%); hover divides by the scale
      canvas.dataset.frames = m.nrFrames; canvas.dataset.per = layout.per; canvas.dataset.cols = layout.cols;
      canvas.dataset.cell = layout.cs;
      img = ctx.createImageData(layout.w, layout.h);
      px = new Uint32Array(img.data.buffer);
      painted = null;
    }
    if (painted !== st || st.dirty.length > layout.cells) {
      for (let c = 0; c < layout.cells; c++) paintCell(m, st, c);
    } else {
      let last = -1;
      for (const pfn of st.dirty) {
        const c = Math.floor(pfn / layout.per);
        if (c !== last) paintCell(m, st, c);
        last = c;
      }
    }
    painted = st;
    st.dirty = [];
    ctx.putImageData(img, 0, 0);
    drawZones(m);
    drawChanged(changed);
  }
  const tally = new Int32Array(16);
  function paintCell(m, st, c) {
    const { per, cols, cs, w } = layout;
    let code;
    if (per === 1) {
      code = st.code[c];
    } else { // the dominant kind of the block (its first frame of that kind stands for it)
      tally.fill(0);
      const from = c * per, to = Math.min(m.nrFrames, from + per);
      let best = -1;
      code = 0;
      for (let f = from; f < to; f++) {
        const k = st.code[f] & 15;
        if (++tally[k] > best) { best = tally[k]; code = st.code[f]; }
      }
    }
    const col = colour(code);
    const x0 = (c % cols) * cs, y0 = Math.floor(c / cols) * cs;
    for (let dy = 0; dy < cs; dy++) {
      const row = (y0 + dy) * w + x0;
      for (let dx = 0; dx < cs; dx++) px[row + dx] = col;
    }
  }
  function cellXY(pfn) {
    const c = Math.floor(pfn / layout.per);
    return [(c % layout.cols) * layout.cs, Math.floor(c / layout.cols) * layout.cs];
  }
  function drawZones(m) {
    const { cs, w } = layout;
    ctx.save();
    ctx.lineWidth = 2;
    ctx.font = "bold 11px system-ui, sans-serif";
    let lastLabel = { right: -1, bottom: -1 };
    m.zones.forEach((z) => {
      const [x, y] = cellXY(z.start);
      ctx.strokeStyle = "#000";
      if (z.start > 0) {
        ctx.beginPath(); // a step line: bottom of the row before the boundary, up at its column, along the row's top
        ctx.moveTo(0, y + cs); ctx.lineTo(x, y + cs); ctx.lineTo(x, y); ctx.lineTo(w, y);
        ctx.stroke();
      }
      const label = z.name;
      const tw = ctx.measureText(label).width + 6;
      let lx = Math.min(x + 2, w - tw - 2), ly = y + 2;
      if (ly < lastLabel.bottom && lx < lastLabel.right) lx = lastLabel.right + 4; // small zones: side by side
      lastLabel = { right: lx + tw, bottom: ly + 14 };
      ctx.fillStyle = "rgba(255,255,255,.85)";
      ctx.fillRect(lx, ly, tw, 14);
      ctx.fillStyle = "#000";
      ctx.fillText(label, lx + 3, ly + 11);
    });
    ctx.restore();
  }
  function drawChanged(changed) {
    if (!changed || changed.length === 0) return;
    const { cs } = layout;
    const seen = new Set();
    ctx.save();
    for (const pfn of changed) {
      const c = Math.floor(pfn / layout.per);
      if (seen.has(c)) continue;
      seen.add(c);
      const [x, y] = cellXY(pfn);
      const pad = cs >= 6 ? 0.5 : 1.5;
      ctx.lineWidth = cs >= 6 ? 2 : 1;
      ctx.strokeStyle = "#ff00d4";
      ctx.strokeRect(x - pad, y - pad, cs + 2 * pad, cs + 2 * pad);
    }
    ctx.restore();
  }
  // the zoom: 512 frames, aligned to 512 so buddy blocks line up with its rows, around what the step changed (on a
  // 1 GiB machine the map has 2-pixel cells, too small to see a split or a merge)
  const zoom = $("zoom"), zctx = zoom.getContext("2d");
  const ZC = 32, ZR = 16, ZS = 10, ZN = ZC * ZR;
  let zoomStart = 0;
  function drawZoom(m, st, changed) {
    if (changed.length > 0) zoomStart = Math.floor(changed[0] / ZN) * ZN;
    if (zoomStart >= m.nrFrames) zoomStart = 0;
    const marked = new Set(changed);
    zctx.fillStyle = "#fff";
    zctx.fillRect(0, 0, zoom.width, zoom.height);
    for (let i = 0; i < ZN; i++) {
      const pfn = zoomStart + i;
      if (pfn >= m.nrFrames) break;
      const x = (i % ZC) * ZS, y = Math.floor(i / ZC) * ZS;
      zctx.fillStyle = hex(colour(st.code[pfn]));
      zctx.fillRect(x, y, ZS - 1, ZS - 1);
      if (marked.has(pfn)) {
        zctx.strokeStyle = "#ff00d4";
        zctx.lineWidth = 1;
        zctx.strokeRect(x + 0.5, y + 0.5, ZS - 2, ZS - 2);
      }
    }
    const last = Math.min(m.nrFrames, zoomStart + ZN) - 1;
    $("zoom-title").textContent = "pfn 0x" + zoomStart.toString(16) + "–0x" + last.toString(16) + ", " + ZC + " frames a row";
    zoom.dataset.start = zoomStart;
  }
  zoom.addEventListener("mousemove", (e) => {
    const r = zoom.getBoundingClientRect();
    const cx = Math.floor((e.clientX - r.left) / ZS), cy = Math.floor((e.clientY - r.top) / ZS);
    if (cx < 0 || cx >= ZC || cy < 0 || cy >= ZR) return;
    showDump(zoomStart + cy * ZC + cx);
  });
  let hoverPfn = -1;
  function showDump(pfn) {
    hoverPfn = pfn;
    const m = machines[state.mi];
    if (pfn < 0 || pfn >= m.nrFrames) { $("dump").textContent = ""; return; }
    let zone = "";
    m.zones.forEach((z) => { if (pfn >= z.start && pfn < z.start + z.spanned) zone = z.name; });
    const block = layout.per > 1 ? " (block of " + layout.per + " frames; first shown)" : "";
    $("dump").textContent = "pfn " + pfn + " (0x" + pfn.toString(16) + ")" + (zone ? "  zone " + zone : "") + block
      + "\n" + kindText(m, state.code[pfn]) + "\n" + dumpPage(m, state, pfn);
    $("dump").dataset.pfn = pfn;
  }
  canvas.addEventListener("mousemove", (e) => {
    const r = canvas.getBoundingClientRect();
    const sx = r.width / layout.w, sy = r.height / layout.h;
    const cx = Math.floor((e.clientX - r.left) / (layout.cs * sx)), cy = Math.floor((e.clientY - r.top) / (layout.cs * sy));
    if (cx < 0 || cx >= layout.cols || cy < 0) return;
    const c = cy * layout.cols + cx;
    if (c >= layout.cells) return;
    showDump(c * layout.per);
  });

  // ---------------------------------------------------------------- legend
  function drawLegend(m, st) {
    const lg = $("legend");
    lg.textContent = "";
    const counts = new Map(); // by code; codes below 2^16 (all but a 256th slab cache) counted in a typed array
    const small = new Int32Array(65536);
    const code = st.code;
    for (let i = 0; i < code.length; i++) {
      const c = code[i];
      if (c < 65536 && c >= 0) small[c]++; else counts.set(c, (counts.get(c) || 0) + 1);
    }
    for (let c = 0; c < 65536; c++) if (small[c]) counts.set(c, small[c]);
    const codes = [...counts.keys()].sort((a, b) => (a & 255) - (b & 255) || (a >>> 8) - (b >>> 8));
    for (const c of codes) {
      const sw = el("span", "sw");
      sw.style.background = hex(colour(c));
      lg.append(sw, el("span", null, kindText(m, c)), el("span", "cnt", counts.get(c) + (counts.get(c) === 1 ? " frame" : " frames")));
    }
    m.zones.forEach((z) => lg.append(el("span", "zone", "zone " + z.name + ": pfn " + z.start + "–" + (z.start + z.spanned - 1)
      + ", wmark min/low/high " + z.wmark.join("/"))));
    const sw = el("span", "sw");
    sw.style.border = "2px solid #ff00d4";
    lg.append(sw, el("span", null, "changed by this step"), el("span", "cnt", ""));
  }

  // ---------------------------------------------------------------- buddyinfo, slab, vmalloc
  const SVGNS = "http://www.w3.org/2000/svg"; // an XML namespace name, never fetched
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function drawBuddy(m, buddy) {
    const box = $("buddy");
    box.textContent = "";
    m.zones.forEach((z) => {
      const orders = buddy && buddy[z.name];
      if (!orders) return;
      const free = orders.reduce((a, c, o) => a + c * 2 ** o, 0);
      box.append(el("div", null, "Node 0, zone " + z.name + ": " + orders.join(" ") + "  (" + free + " free pages)"));
      const W = 360, H = 90, bw = W / orders.length;
      const max = Math.max(1, ...orders);
      const s = svg("svg", { width: W, height: H + 62, class: "buddy-chart", "data-zone": z.name });
      orders.forEach((c, o) => {
        const h = Math.round((c / max) * H);
        const fill = hex(freeColour(o));
        s.append(svg("rect", { x: o * bw + 2, y: 12 + H - h, width: bw - 4, height: h, fill, stroke: "#4a7" }));
        s.append(svg("text", { x: o * bw + bw / 2, y: 10 + H - h, "text-anchor": "middle" }, String(c)));
        s.append(svg("text", { x: o * bw + bw / 2, y: H + 24, "text-anchor": "middle", fill: "#57606a" }, "o" + o));
      });
      // free pages against the watermarks, log scale (watermarks are ~1% of a zone)
      const top = Math.max(z.present, free, z.wmark[2]) || 1;
      const lx = (v) => (Math.log2(1 + v) / Math.log2(1 + top)) * (W - 4) + 2;
      const y0 = H + 32;
      s.append(svg("rect", { x: 2, y: y0, width: W - 4, height: 12, fill: "#eaeef2" }));
      s.append(svg("rect", { x: 2, y: y0, width: Math.max(0, lx(free) - 2), height: 12, fill: free <= z.wmark[0] ? "#e55" : "#6c6" }));
      ["min", "low", "high"].forEach((n, i) => {
        const x = lx(z.wmark[i]);
        s.append(svg("line", { x1: x, x2: x, y1: y0 - 4, y2: y0 + 16, stroke: ["#d1242f", "#bf8700", "#0969da"][i], "stroke-width": 2 }));
        s.append(svg("text", { x: x + 2, y: y0 + 26 + (i % 2) * 0, "text-anchor": i === 0 ? "end" : i === 1 ? "middle" : "start" }, n + " " + z.wmark[i]));
      });
      box.append(s);
    });
  }
  function drawSlab(slab, changedNow) {
    const box = $("slab");
    box.textContent = "";
    if (!slab || slab.length === 0) { box.textContent = "(no slab allocator on this machine)"; return; }
    const t = el("table");
    const hr = el("tr");
    ["cache", "active", "total", "", "objsize", "slabs"].forEach((h) => hr.append(el("th", null, h)));
    t.append(hr);
    const before = changedNow ? new Map(changedNow.map((r) => [r.name, r])) : null;
    for (const r of slab) {
      const tr = el("tr");
      if (before && before.has(r.name) && before.get(r.name).active_objs !== r.active_objs) tr.className = "changed";
      const bar = el("span", "bar bg"), fill = el("span", "bar");
      fill.style.width = (r.num_objs ? Math.round((80 * r.active_objs) / r.num_objs) : 0) + "px";
      bar.append(fill);
      const tdBar = el("td"); tdBar.append(bar);
      tr.append(el("td", null, r.name), el("td", null, String(r.active_objs)), el("td", null, String(r.num_objs)), tdBar,
        el("td", null, String(r.objsize)), el("td", null, r.active_slabs + "/" + r.num_slabs));
      t.append(tr);
    }
    box.append(t);
  }
  function drawVmalloc(m, vm) {
    const box = $("vmalloc");
    box.textContent = "";
    if (!vm || vm.length === 0) { box.textContent = "(no vmalloc areas)"; return; }
    const start = BigInt("0x" + m.profile.vmallocStart), rangeEnd = BigInt("0x" + m.profile.vmallocEnd);
    let end = vm.reduce((a, r) => { const e = BigInt("0x" + r.end); return e > a ? e : a; }, start);
    end = end + (end - start) / 10n + 1n; // the used part of the range (the whole range dwarfs every area)
    const W = 360, span = Number(end - start);
    const s = svg("svg", { width: W, height: 30 });
    s.append(svg("rect", { x: 0, y: 4, width: W, height: 14, fill: "#eaeef2" }));
    vm.forEach((r, i) => {
      const a = Number(BigInt("0x" + r.start) - start), b = Number(BigInt("0x" + r.end) - start);
      const x = (a / span) * W, wd = Math.max(2, ((b - a) / span) * W);
      const rc = svg("rect", { x, y: 4, width: wd, height: 14, fill: i % 2 ? "#d4a72c" : "#f0c419", stroke: "#7d5b00" });
      rc.append(svg("title", {}, "0x" + r.start + "-0x" + r.end + " " + r.size + " " + r.caller));
      s.append(rc);
    });
    s.append(svg("text", { x: 0, y: 28 }, "VMALLOC_START 0x" + m.profile.vmallocStart));
    s.append(svg("text", { x: W, y: 28, "text-anchor": "end" }, "+" + fmtBytes(span) + " of " + fmtBytes(Number(rangeEnd - start))));
    box.append(s);
    const t = el("table");
    const hr = el("tr");
    ["area", "size", "pages", "caller"].forEach((h) => hr.append(el("th", null, h)));
    t.append(hr);
    vm.forEach((r) => {
      const tr = el("tr");
      tr.append(el("td", null, "0x" + r.start + "-0x" + r.end), el("td", null, String(r.size)), el("td", null, String(r.pages)),
        el("td", null, r.caller || ""));
      t.append(tr);
    });
    box.append(t);
  }
  function fmtBytes(b) {
    const u = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let i = 0;
    while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
    return (Math.round(b * 10) / 10) + " " + u[i];
  }

  // ---------------------------------------------------------------- the step list
  const stepItems = new Array(steps.length);
  function buildList() {
    const ol = $("steps");
    const frag = document.createDocumentFragment();
    const headerFor = (ti) => {
      const t = DATA.tests[ti];
      const li = el("li", "test " + (t.status || ""), t.name + (t.status ? "  — " + t.status.toLowerCase() : ""));
      li.dataset.test = ti;
      if (t.failure) li.append(el("pre", null, t.failure + (t.location ? "\n  at " + t.location : "")));
      if (t.steps > 0) li.addEventListener("click", () => select(t.firstStep));
      return li;
    };
    let si = 0;
    DATA.tests.forEach((t, ti) => {
      const empty = !t.status && !t.steps;
      if (!empty) frag.append(headerFor(ti));
      for (; si < steps.length && steps[si].t === ti; si++) {
        const s = steps[si];
        const li = el("li", "step" + (s.error ? " error" : ""));
        li.dataset.step = si;
        li.append(el("span", "n", String(si + 1)));
        if (s.at) li.append(el("span", "at", s.at.replace(/^.*\//, "") + " "));
        li.append(el("span", "call", s.call));
        if (s.result !== undefined) li.append(el("span", "res", " = " + s.result));
        if (s.error) li.append(el("span", null, " ✗ " + (s.errorType || "error")));
        li.title = s.call + (s.result !== undefined ? " = " + s.result : "") + (s.at ? "  at " + s.at : "");
        stepItems[si] = li;
        frag.append(li);
      }
    });
    ol.append(frag);
    ol.addEventListener("click", (e) => {
      const li = e.target.closest("li.step");
      if (li) select(+li.dataset.step);
    });
  }

  // ---------------------------------------------------------------- selecting a step
  let current = -1;
  const sourceLines = DATA.source ? DATA.source.split("\n") : null;
  function select(i) {
    if (steps.length === 0) return;
    i = Math.max(0, Math.min(steps.length - 1, i | 0));
    if (current >= 0 && stepItems[current]) stepItems[current].classList.remove("selected");
    current = i;
    const s = steps[i], m = machines[s.m];
    const st = stateFor(s.m, posInMachine[i] + 1);
    const changed = [];
    for (let k = 0; k < s.d.length; k += 6) changed.push(s.d[k]);
    drawMap(m, st, changed);
    drawZoom(m, st, changed);
    drawLegend(m, st);
    drawBuddy(m, effBuddy[i]);
    const prevSlab = posInMachine[i] > 0 ? effSlab[machineSteps[s.m][posInMachine[i] - 1]] : m.slab;
    drawSlab(effSlab[i], s.slab ? prevSlab : null);
    drawVmalloc(m, effVm[i]);
    showHead(s, i, changed.length);
    showFailure(s, i);
    const li = stepItems[i];
    li.classList.add("selected");
    li.scrollIntoView({ block: "nearest" });
    if (hoverPfn >= 0) showDump(hoverPfn);
  }
  function showHead(s, i, nChanged) {
    $("step-index").textContent = String(i + 1);
    $("step-index").dataset.step = i;
    $("step-call").textContent = s.call + (s.result !== undefined ? " = " + s.result : "") + (s.error ? "  ✗ " + (s.errorType || "error") : "");
    let at = s.at || "";
    if (at && sourceLines) {
      const line = +at.slice(at.lastIndexOf(":") + 1);
      if (line > 0 && line <= sourceLines.length) at += "   " + sourceLines[line - 1].trim();
    }
    const t = DATA.tests[s.t];
    $("step-at").textContent = (t ? t.name + "  ·  " : "") + at + "  ·  machine " + (s.m + 1) + " " + machines[s.m].profile.name
      + "  ·  " + nChanged + " frame" + (nChanged === 1 ? "" : "s") + " changed";
    $("step-events").textContent = (s.ev || []).join("\n");
  }
  function showFailure(s, i) {
    const box = $("failure");
    box.textContent = "";
    const t = DATA.tests[s.t];
    const lastOfTest = i === steps.length - 1 || steps[i + 1].t !== s.t;
    if (s.error) {
      box.append(el("strong", null, (s.errorType || "error") + " in " + s.call));
      box.append(el("pre", "kernel-report", s.error));
    }
    if (lastOfTest && t && t.status === "FAILED") {
      box.append(el("strong", null, "test failed: " + t.name));
      box.append(el("pre", null, (t.failure || "") + (t.location ? "\n  at " + t.location : "")));
    }
    box.hidden = box.childNodes.length === 0;
  }

  // ---------------------------------------------------------------- start
  $("title").textContent = DATA.file;
  const nPassed = DATA.tests.filter((t) => t.status === "PASSED").length;
  const nFailed = DATA.tests.filter((t) => t.status === "FAILED").length;
  $("summary").textContent = steps.length + " kernel calls · " + nPassed + " passed · " + nFailed + " failed · "
    + machines.length + " machine" + (machines.length === 1 ? "" : "s");
  $("step-count").textContent = String(steps.length);
  if (DATA.error) { $("file-error").hidden = false; $("file-error").textContent = DATA.error; }
  buildList();
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const to = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: steps.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    select(to);
  });
  if (steps.length > 0) {
    select(0);
  } else if (machines.length > 0) { // a file with no kernel calls: show the booted machine
    state = new MachineState(0);
    drawMap(machines[0], state, []);
    drawZoom(machines[0], state, []);
    drawLegend(machines[0], state);
    drawBuddy(machines[0], machines[0].buddy);
    drawSlab(machines[0].slab, null);
    drawVmalloc(machines[0], machines[0].vmalloc);
  }

  /** Hooks for tests and for the curious: stable across versions of the page. */
  window.kmemlabReport = {
    steps: steps.length,
    step: (n) => { select(n); return current; },
    current: () => current,
    cellAt: (pfn) => (state ? KINDS[state.code[pfn] & 255] : null),
    codeAt: (pfn) => (state ? state.code[pfn] : null),
    /** The centre of pfn's cell in CSS pixels from the canvas' top-left corner. */
    cellCenter: (pfn) => {
      const [x, y] = cellXY(pfn), r = canvas.getBoundingClientRect();
      return { x: (x + layout.cs / 2) * (r.width / layout.w), y: (y + layout.cs / 2) * (r.height / layout.h) };
    },
    dump: (pfn) => (state ? dumpPage(machines[state.mi], state, pfn) : null),
  };
  document.body.dataset.ready = "true";
})();
