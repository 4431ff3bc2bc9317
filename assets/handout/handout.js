// The handout's page: it displays what cotrace computed for each step (the data script), and knows
// nothing of asyncio. Each step holds only what changed since the step before; the page carries the
// rest forward, keeping a copy every 512 steps so that a jump is quick.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("trace-data").textContent);
  const S = data.strings;
  // Positions run from 0 (nothing yet) to last. A live page (the classroom's) is sent more steps as the
  // teacher reaches them (grow, below), so last moves.
  let last = data.steps.length - 1;
  let control_stops = [0].concat(data.stops.filter((p) => p > 0 && p < last), [last]);
  // A Python program's own lines and its tasks' steps (analysis::line_stops), where the page starts.
  // Where only asyncio's own code runs between them (analysis::folds): one stop each, at its last
  // position, until the learner asks for its steps.
  const folds = (data.folds || []).map((f) => ({ first: f[0], last: f[1], text: f[2], open: false }));
  const sorted_stops = (list) => [...new Set(list)].sort((a, b) => a - b);
  const unfolded = [];  // the positions of folds the learner opened
  let line_stops = null;
  function make_line_stops() {
    line_stops = data.line_stops && data.line_stops.length
      ? [0].concat(sorted_stops(data.line_stops.concat(folds.map((f) => f.last), unfolded)).filter((p) => p > 0 && p < last), [last]) : null;
  }
  make_line_stops();
  let stops = control_stops;
  const $ = (id) => document.getElementById(id);
  const checkpoint_every = 512;

  // ---- what a step shows
  function empty() { return { c: [], pc: [], at: null, w: [], loop: null, q: [0], tm: [0], rows: [], o: 0, v: [] }; }
  function copy(v) { return Object.assign({}, v, { rows: v.rows.slice() }); }
  function apply(v, step) {
    for (const field of ["at", "w", "loop", "q", "tm", "o", "v", "pc"]) if (step[field] !== undefined) v[field] = step[field];
    // Who holds control: how many entries stay, then those pushed on them (a new array: checkpoints share the old).
    if (step.cp) v.c = v.c.slice(0, step.cp[0]).concat(step.cp.slice(1));
    if (step.k) for (const row of step.k) v.rows[row[0]] = row.slice(1);
  }
  const checkpoints = new Map();
  let cursor = { at: -1, view: null };
  function view_at(n) {
    let from, v;
    if (cursor.view && cursor.at <= n && n - cursor.at <= checkpoint_every) {
      from = cursor.at + 1; v = cursor.view;
    } else {
      let k = Math.floor(n / checkpoint_every) * checkpoint_every;
      while (k > 0 && !checkpoints.has(k)) k -= checkpoint_every;
      if (checkpoints.has(k)) { v = copy(checkpoints.get(k)); from = k + 1; }
      else { v = empty(); apply(v, data.steps[0]); checkpoints.set(0, copy(v)); from = 1; }
    }
    for (let i = from; i <= n; i++) {
      apply(v, data.steps[i]);
      if (i % checkpoint_every === 0 && !checkpoints.has(i)) checkpoints.set(i, copy(v));
    }
    cursor = { at: n, view: v };
    return v;
  }

  // ---- the listings, drawn once per file
  // A file the trace names but does not embed (outside the program's folder) says so where its text would be.
  const files = data.files.map((f) => ({ path: f.path, lines: f.embedded === false
    ? ["(not embedded: this file is outside the program's folder, so the trace keeps only its name)"] : f.text.split("\n") }));
  const twin = data.twin ? { path: data.twin.path, lines: data.twin.text.split("\n"), of: data.twin.of, map: new Map(data.twin.map) } : null;
  let shown_file = -1, follow = true;
  function listing(box, lines) {
    box.textContent = "";
    const fragment = document.createDocumentFragment();
    lines.forEach((text, i) => {
      const line = document.createElement("div");
      line.className = "line";
      const number = document.createElement("span");
      number.className = "num";
      number.textContent = i + 1;
      const code = document.createElement("span");
      code.textContent = text;
      line.append(number, code);
      fragment.append(line);
    });
    box.append(fragment);
  }
  function tabs() {
    const box = $("tabs");
    box.textContent = "";
    files.forEach((f, i) => {
      const button = document.createElement("button");
      button.textContent = f.path.split("/").pop();
      button.title = f.path;
      button.className = i === shown_file ? "active" : "";
      button.onclick = () => { follow = i === current_file(); show_file(i); render(); };
      box.append(button);
    });
  }
  function show_file(i) {
    if (i === shown_file || i < 0 || i >= files.length) return;
    shown_file = i;
    listing($("code"), files[i].lines);
    tabs();
  }
  function current_file() { const v = cursor.view; return v && v.at ? v.at[0] : shown_file; }
  function mark(box, marks) {
    for (const old of box.querySelectorAll(".current, .waiting")) {
      old.classList.remove("current", "waiting");
      const label = old.querySelector(".label");
      if (label) label.remove();
    }
    let focus = null;
    for (const m of marks) {
      const line = box.children[m.line - 1];
      if (!line) continue;
      line.classList.add(m.current ? "current" : "waiting");
      if (m.label) {
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = "<- " + m.label;
        line.append(label);
      }
      if (m.current || !focus) focus = line;
    }
    if (focus) box.scrollTop = Math.max(0, focus.offsetTop - box.offsetTop - box.clientHeight * 0.4);
  }

  // ---- the panels
  function cell(row, text, cls) {
    const td = document.createElement(row.parentElement && row.parentElement.tagName === "THEAD" ? "th" : "td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.append(td);
  }
  function table(box, head, rows) {
    box.textContent = "";
    const thead = box.createTHead().insertRow();
    for (const h of head) { const th = document.createElement("th"); th.textContent = h; thead.append(th); }
    const body = box.createTBody();
    for (const r of rows) { const tr = body.insertRow(); for (const [text, cls] of r) cell(tr, text, cls); }
  }

  let position = 0, granularity = "event", timer = null;
  // "Step N" of a position at the granularity chosen: an event between two stops is in the step passed.
  function stop_number_of(p) { return granularity === "event" ? p : stops.filter((s) => s <= p).length - 1; }
  function render() {
    const v = view_at(position);
    const step = data.steps[position];
    document.body.dataset.position = position;
    // Where the learner is.
    const stop_number = stop_number_of(position);
    const stop_count = granularity === "event" ? last : stops.length - 1;
    // A live page (the classroom's) has the steps the teacher has reached so far.
    $("step-label").textContent = "Step " + stop_number + " of " + stop_count + (data.live ? " so far" : "");
    $("scrub").max = stop_count;
    $("scrub").value = stop_number;
    const fold = granularity === "lines" ? folds.find((f) => !f.open && f.last === position) : undefined;
    if (fold) show_fold(fold);
    else $("narration").textContent = position === 0 ? (data.intro || "Press Right (or Next) to take the first step.") : step.n;
    // The source: follow control into the file where it is, unless the learner picked another.
    if (follow && v.at) show_file(v.at[0]);
    if (shown_file < 0) show_file(twin && twin.of >= 0 ? twin.of : 0);
    const marks = [];
    // The line runs in the innermost plain function running, if one is (v.pc: [name, line], outermost first).
    const runner = v.pc.length ? S[v.pc[v.pc.length - 1][0]] : S[v.c[v.c.length - 1]];
    if (v.at && v.at[0] === shown_file && v.at[2]) marks.push({ line: v.at[1], current: true, label: runner + " runs here" });
    for (const w of v.w) if (w[0] === shown_file && !(v.at && v.at[2] && v.at[1] === w[1])) marks.push({ line: w[1], label: S[w[2]] });
    mark($("code"), marks);
    document.body.dataset.current = v.at && v.at[2] ? files[v.at[0]].path + ":" + v.at[1] : "";
    if (twin) {
      $("twin-title").textContent = "Python  " + twin.path;
      if (!$("twin").children.length) listing($("twin"), twin.lines);
      const twin_marks = [];
      if (shown_file === twin.of) for (const m of marks) { const py = twin.map.get(m.line); if (py) twin_marks.push({ line: py, current: m.current }); }
      mark($("twin"), twin_marks);
    }
    // Who holds control.
    const control = $("control");
    control.textContent = "";
    // The control stack, then the plain functions running inside its top frame ("main > add (line 4)").
    const entries = v.c.map((id) => S[id]).concat(v.pc.map(([name, line]) => S[name] + (line ? " (line " + line + ")" : "")));
    entries.forEach((text, i) => {
      const part = document.createElement("span");
      part.textContent = text;
      if (i === entries.length - 1) part.className = "top";
      control.append(part);
      if (i < entries.length - 1) control.append(" > ");
    });
    if (!v.c.length) control.textContent = position === last ? "the program has ended" : "nothing yet";
    // The loop.
    $("loop-panel").hidden = !data.has_loop;
    if (v.loop) $("loop").textContent = "t = " + v.loop[2] + " s (" + data.clock + " clock), round " + v.loop[1] + ": " + v.loop[0];
    else $("loop").textContent = "not started";
    $("ready-title").textContent = "Ready queue (" + v.q[0] + ")";
    const ready = $("ready");
    ready.textContent = "";
    v.q.slice(1).forEach((id) => { const li = document.createElement("li"); li.textContent = S[id]; ready.append(li); });
    if (v.q[0] > v.q.length - 1) { const li = document.createElement("li"); li.className = "muted"; li.textContent = "and " + (v.q[0] - v.q.length + 1) + " more"; ready.append(li); }
    if (!v.q[0]) { const li = document.createElement("li"); li.className = "muted"; li.textContent = "empty"; ready.append(li); }
    $("timers-title").textContent = "Timer heap (" + v.tm[0] + ")";
    if (v.tm[0]) table($("timers"), ["due at", "callback"], v.tm.slice(1).map((t) => [["t = " + t[0]], [S[t[1]]]]));
    else { $("timers").textContent = ""; $("timers").insertRow().insertCell().textContent = "no timers"; $("timers").className = "muted"; }
    if (v.tm[0]) $("timers").className = "";
    // Tasks and futures made so far.
    const rows = [];
    for (const r of v.rows) if (r) rows.push([[S[r[0]]], [r[1], r[1].split(" ")[0]], [r[2]], [r[3], "result"], [r[4]]]);
    table($("tasks"), ["name", "state", "awaits", "result", "done callbacks"], rows);
    // Frames and variables (a Python trace): a value changed at this step marked with its old one.
    if (data.has_values) {
      $("variables-panel").hidden = false;
      const box = $("variables");
      box.textContent = "";
      for (const [title, kind, variables] of v.v.map((id) => JSON.parse(S[id]))) {
        const head = document.createElement("div");
        head.className = "frame-title " + kind;
        head.textContent = title + (kind === "runs" ? "  (runs)" : kind === "waits" ? "  (waits)" : "");
        if (kind === "more") head.className = "muted";
        box.append(head);
        for (const [name, value, was, shared] of variables) {
          const row = document.createElement("div");
          row.textContent = "  " + name + " = ";
          const shown = document.createElement("span");
          shown.textContent = value;
          if (was !== null) shown.className = "changed";
          row.append(shown);
          if (shared) { const tag = document.createElement("span"); tag.className = "shared"; tag.textContent = "  #" + shared; row.append(tag); }
          if (was !== null) { const old = document.createElement("span"); old.className = "muted"; old.textContent = was === "" ? "  (new)" : "  (was " + was + ")"; row.append(old); }
          box.append(row);
        }
      }
      if (!v.v.length) box.textContent = "No variables yet.";
    }
    // What the program printed so far; this step's line marked.
    const output = $("output");
    output.textContent = "";
    data.output.slice(0, v.o).forEach((line) => {
      const div = document.createElement("div");
      div.textContent = line.text;
      if (line.step === position) div.className = "printed";
      output.append(div);
    });
    if (!v.o) output.textContent = "Nothing printed yet.";
    const hash = "#step=" + position;
    if (location.hash !== hash) history.replaceState(null, "", hash);
    if (api.onmove) api.onmove(position);
  }

  // A fold's one stop: what its steps did, and a button that makes each of them a stop.
  function show_fold(fold) {
    const narration = $("narration");
    narration.textContent = "";
    const button = document.createElement("button");
    button.className = "unfold";
    button.textContent = "Show all " + (fold.last - fold.first + 1);
    button.onclick = () => {
      fold.open = true;
      const range = [];
      for (let p = fold.first; p <= fold.last; p++) range.push(p), unfolded.push(p);
      line_stops = sorted_stops(line_stops.concat(range));
      if (granularity === "lines") stops = line_stops;
      go(fold.first);
    };
    const text = document.createElement("span");
    text.textContent = " " + fold.text;
    narration.append(button, text);
  }

  // ---- what another script of the page may do (the classroom's): go to a step, and add the steps,
  // strings, printed lines and folds the server sends as the teacher reaches them.
  const api = window.cotraceHandout = {
    onmove: null,
    go: (p) => go(p),
    position: () => position,
    step_number: (p) => stop_number_of(p),
    // The teacher's granularity (event, control, lines), so that the page numbers steps as the projector does.
    set_granularity(g) {
      if (g === granularity || !Array.from($("granularity").options).some((o) => o.value === g)) return;
      $("granularity").value = g;
      use_granularity(g);
    },
    grow(more) {
      for (const step of more.steps) data.steps.push(step);
      for (const text of more.strings) S.push(text);
      for (const line of more.output) data.output.push(line);
      for (const f of more.folds) folds.push({ first: f[0], last: f[1], text: f[2], open: false });
      last = data.steps.length - 1;
      control_stops = [0].concat(data.stops.filter((p) => p > 0 && p < last), [last]);
      make_line_stops();
      stops = granularity === "lines" && line_stops ? line_stops : control_stops;
    },
  };

  // ---- moving
  function go(p) { position = Math.max(0, Math.min(last, p)); render(); }
  function next() {
    if (granularity === "event") return go(position + 1);
    const after = stops.find((p) => p > position);
    go(after === undefined ? last : after);
  }
  function back() {
    if (granularity === "event") return go(position - 1);
    const before = stops.filter((p) => p < position);
    go(before.length ? before[before.length - 1] : 0);
  }
  function play() {
    if (timer) { clearInterval(timer); timer = null; $("play").textContent = "Play"; return; }
    $("play").textContent = "Pause";
    timer = setInterval(() => { if (position >= last) play(); else next(); }, 500);
  }
  $("first").onclick = () => go(0);
  $("back").onclick = back;
  $("next").onclick = next;
  $("last").onclick = () => go(last);
  $("play").onclick = play;
  $("scrub").oninput = (e) => { const n = Number(e.target.value); go(granularity === "event" ? n : stops[n]); };
  function use_granularity(g) {
    granularity = g;
    stops = granularity === "lines" ? line_stops : control_stops;
    render();
  }
  $("granularity").onchange = (e) => use_granularity(e.target.value);
  if (line_stops) {
    const option = document.createElement("option");
    option.value = "lines";
    option.textContent = "lines and task steps";
    $("granularity").prepend(option);
    $("granularity").value = "lines";
    granularity = "lines";
    stops = line_stops;
  }
  $("theme").onclick = () => { document.body.classList.toggle("light"); };
  document.addEventListener("keydown", (e) => {
    if (e.target && e.target.tagName === "SELECT") return;
    const keys = { ArrowRight: next, ArrowLeft: back, Home: () => go(0), End: () => go(last), " ": play };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  function from_hash() {
    const m = /step=(\d+)/.exec(location.hash);
    if (m) go(Number(m[1])); else render();
  }
  window.addEventListener("hashchange", from_hash);
  if (window.matchMedia && window.matchMedia("(prefers-color-scheme: light)").matches) document.body.classList.add("light");
  $("title").textContent = data.title;
  from_hash();
  // When the first step is drawn, in milliseconds from the start of the page's loading (bench/ reads it).
  document.body.dataset.readyMs = Math.round(performance.now());
})();
