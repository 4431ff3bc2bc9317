// The classroom's part of the student page: it follows the teacher's step over a WebSocket, lets the
// student step back to look and come back with "Live", and shows the Predict question the teacher asks,
// for the student to answer. It knows nothing of asyncio: the server sends every step's view, the
// question, and (once the teacher reveals it) the answer and the class's counts.
(function () {
  "use strict";
  const page = window.cotraceHandout;
  const $ = (id) => document.getElementById(id);

  // A random id for this browser, kept across reloads: one student, one vote, whatever reconnects.
  function browser_id() {
    let id = null;
    try { id = localStorage.getItem("cotrace-classroom-id"); } catch (e) { /* private mode: a new id per visit */ }
    if (!id || !/^[0-9a-f]{32}$/.test(id)) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      try { localStorage.setItem("cotrace-classroom-id", id); } catch (e) { /* kept for this visit only */ }
    }
    return id;
  }
  const id = browser_id();

  // The live bar, under the header, and the question's card, above the panels.
  const bar = document.createElement("section");
  bar.id = "class-bar";
  const status = document.createElement("span");
  const live_button = document.createElement("button");
  live_button.id = "live";
  live_button.textContent = "Live";
  live_button.title = "Back to where your teacher is";
  bar.append(live_button, status);
  const card = document.createElement("section");
  card.id = "question";
  card.hidden = true;
  const narration = $("narration");
  narration.parentNode.insertBefore(bar, narration);
  narration.parentNode.insertBefore(card, narration.nextSibling);

  let teacher = 0, teacher_granularity = null, live = true, moving = false, socket = null, retry = 500, question = null;

  function follow(granularity) {
    moving = true;
    if (granularity) page.set_granularity(granularity);
    page.go(teacher);
    moving = false;
  }
  function show_bar() {
    live_button.hidden = live;
    // Steps numbered as the page's "Step N of M" numbers them (and the projector, whose granularity it takes).
    const step = (p) => "step " + page.step_number(p);
    status.textContent = !socket || socket.readyState !== WebSocket.OPEN ? "Connecting to your teacher..."
      : live ? "Live: following your teacher (" + step(teacher) + ")"
      : "You are looking at " + step(page.position()) + "; your teacher is at " + step(teacher) + ".";
    document.body.classList.toggle("away", !live);
  }
  // The student moved (keys, buttons, the slider): away from the teacher's step, or back to it.
  page.onmove = (position) => {
    if (moving) return;
    live = position === teacher;
    show_bar();
  };
  live_button.onclick = () => { live = true; follow(teacher_granularity); show_bar(); };

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function show_question(q) {
    question = q;
    card.hidden = !q;
    if (!q) return;
    card.textContent = "";
    const title = document.createElement("h2");
    title.textContent = "Predict" + (q.round === 2 ? ", again after discussion" : "") + ": " + q.prompt;
    card.append(title);
    const most = q.counts ? Math.max(1, ...q.counts) : 1;
    q.options.forEach((text, i) => {
      const option = document.createElement("button");
      option.className = "option";
      if (q.yours === i) option.classList.add("yours");
      if (q.revealed && q.answer === i) option.classList.add("right");
      option.disabled = !q.open;
      const label = document.createElement("span");
      label.textContent = (i + 1) + ". " + text;
      option.append(label);
      if (q.counts) {
        // The class's answers, as a bar beside each option (and the first round's, after a discussion).
        const chart = document.createElement("span");
        chart.className = "chart";
        const bar_now = document.createElement("span");
        bar_now.className = "bar";
        bar_now.style.width = (100 * q.counts[i] / most) + "%";
        chart.append(bar_now);
        const count = document.createElement("span");
        count.className = "count";
        count.textContent = q.counts[i] + (q.before ? " (first vote: " + q.before[i] + ")" : "");
        option.append(chart, count);
      }
      option.onclick = () => send({ type: "answer", question: q.number, round: q.round, option: i });
      card.append(option);
    });
    const said = document.createElement("p");
    said.className = "said";
    if (q.revealed) {
      said.textContent = q.yours === null ? "The answer: " + (q.answer + 1) + ". You did not answer this time."
        : q.yours === q.answer ? "You were right." : "Not this time: the answer is " + (q.answer + 1) + ". Step on to see why.";
    } else if (q.open) {
      said.textContent = q.yours === null ? "Pick one: your teacher shows the class's answers after." : "Your answer is in (you may change it).";
    } else {
      said.textContent = "Answers are closed.";
    }
    card.append(said);
  }

  function connect() {
    const base = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";
    socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + base + "ws", "cotrace-classroom");
    socket.onopen = () => {
      retry = 500;
      send({ type: "hello", id: id });
      show_bar();
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type !== "state") return;
      if (message.grow) page.grow(message.grow);
      teacher = message.step;
      teacher_granularity = message.granularity || teacher_granularity;
      if (live) follow(teacher_granularity);
      show_question(message.question);
      show_bar();
      document.body.dataset.teacher = teacher;
    };
    socket.onclose = () => {
      show_bar();
      setTimeout(connect, retry);  // the server restarted, or the Wi-Fi blinked: try again, less often
      retry = Math.min(retry * 2, 5000);
    };
  }
  show_bar();
  connect();
})();
