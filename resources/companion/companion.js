// The companion pages: pair with the PIN, follow the run over a WebSocket, send flags.
// Everything shown is set with textContent, never parsed as markup: the run's text is data.
"use strict";

const PIN_KEY = "rehearsal-pin";
const PERSON_KEY = "rehearsal-person";
const OUTBOX_KEY = "rehearsal-outbox";
const page = document.body.dataset.page;
let pin = sessionStorage.getItem(PIN_KEY) || "";
let socket = null;
let state = null;
let received = 0;
let retryMs = 1000;
let planVersion = -1;
let sending = false;

function $(id) { return document.getElementById(id); }

function show(id, text) { const el = $(id); if (el) el.textContent = text; }

function newId() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// As the app writes a duration (rehearsal.durations.format_duration): 5:00, 1:05:00, -0:30.
function duration(seconds) {
  const sign = seconds < 0 ? "-" : "";
  let s = Math.abs(Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  s = s % 60;
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return sign + (h ? `${h}:` : "") + `${mm}:${String(s).padStart(2, "0")}`;
}

function api(method, path, body) {
  return fetch(path, {
    method,
    headers: { Authorization: `Bearer ${pin}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
  });
}

// -- pairing -------------------------------------------------------------------------------
async function pair(event) {
  event.preventDefault();
  pin = $("pin").value.trim();
  show("pair-status", "Pairing…");
  let answer;
  try {
    answer = await api("GET", "/api/state");
  } catch (e) {
    show("pair-status", "The live screen cannot be reached.");
    return;
  }
  if (answer.status === 401) { show("pair-status", "Wrong PIN: use the one shown on the live screen."); return; }
  if (answer.status === 429) {
    show("pair-status", `Too many tries: wait ${answer.headers.get("Retry-After") || "a few"} s.`);
    return;
  }
  if (!answer.ok) { show("pair-status", `The live screen answered ${answer.status}.`); return; }
  sessionStorage.setItem(PIN_KEY, pin);
  paired(await answer.json());
}

function paired(first) {
  $("pair").hidden = true;
  $("live").hidden = false;
  render(first);
  connect();
}

function unpair(why) {
  sessionStorage.removeItem(PIN_KEY);
  pin = "";
  if (socket) socket.close();
  $("live").hidden = true;
  $("pair").hidden = false;
  show("pair-status", why);
}

// -- live updates --------------------------------------------------------------------------
function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/api/ws`);
  socket.onopen = () => socket.send(JSON.stringify({ type: "hello", pin }));
  socket.onmessage = (message) => {
    let data;
    try { data = JSON.parse(message.data); } catch (e) { return; }
    if (data.type === "state") {
      retryMs = 1000;
      setConnection(true);
      render(data);
      flush();
    }
  };
  socket.onclose = (closed) => {
    setConnection(false);
    if (closed.code === 4401) { unpair("The PIN changed: pair again."); return; }
    if (!pin) return;
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  };
}

function setConnection(up) {
  const el = $("connection");
  if (!el) return;
  el.textContent = up ? "Live" : "Reconnecting…";
  el.className = up ? "badge live" : "badge lost";
}

function render(data) {
  state = data;
  received = Date.now();
  const stepText = !data.started
    ? "Not started yet"
    : data.finished ? "Finished" : `Step ${data.step + 1} of ${data.steps}`;
  show("step-number", stepText);
  show("title", data.title || (data.finished ? "The run has ended" : "Waiting for the first step"));
  show("lead", data.lead);
  show("cues", data.producer_cues || "");
  show("next-title", data.next ? data.next.title : "—");
  show("next-cues", data.next ? data.next.producer_cues : "");
  show("offset", data.offset ? `${data.offset} against the plan` : "");
  show("paused", data.paused ? "Paused" : "");
  show("flag-count", `${data.flags} flags`);
  const target = data.target;
  show("target", target ? `${target.label} ${target.at}` : "");
  const recovery = $("recovery");
  if (recovery) {
    recovery.replaceChildren();
    for (const line of (target && target.lines) || []) {
      const item = document.createElement("li");
      item.textContent = line;
      recovery.appendChild(item);
    }
  }
  show("projected", data.projected_end ? `Projected end ${data.projected_end}` : "");
  if (page === "producer") categories(data.categories);
  if (page === "cuesheet" && data.version !== planVersion) loadPlan(data.version);
  tick();
}

function tick() {
  if (!state) return;
  let remaining = state.remaining_s;
  if (state.started && !state.paused && !state.finished) remaining -= (Date.now() - received) / 1000;
  show("remaining", state.started && !state.finished ? duration(remaining) : "—");
  const clock = $("remaining");
  if (clock) clock.classList.toggle("over", remaining < 0);
}

// -- flags and notes -----------------------------------------------------------------------
function categories(names) {
  const box = $("categories");
  if (!box || box.childElementCount === names.length) return;
  box.replaceChildren();
  for (const name of names) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "category";
    button.textContent = name.replaceAll("/", "/\u200b"); // may wrap after a slash
    button.addEventListener("click", () => queue("/api/flags", {
      category: name,
      severity: document.querySelector("input[name=severity]:checked").value,
      note: $("note").value.trim(),
    }));
    box.appendChild(button);
  }
}

function outbox() {
  try { return JSON.parse(localStorage.getItem(OUTBOX_KEY) || "[]"); } catch (e) { return []; }
}

function queue(path, fields) {
  const person = $("person").value.trim();
  localStorage.setItem(PERSON_KEY, person);
  const item = { path, body: { id: newId(), person, seat: page, tapped_ms: Date.now(), ...fields } };
  localStorage.setItem(OUTBOX_KEY, JSON.stringify([...outbox(), item]));
  $("note").value = "";
  show("sent", fields.category ? `Flag “${fields.category}” queued…` : "Note queued…");
  flush();
}

// Send what is queued, oldest first; a flag leaves the outbox only once the server holds it.
async function flush() {
  if (sending || !pin) return;
  sending = true;
  try {
    for (const item of outbox()) {
      let answer;
      try {
        answer = await api("POST", item.path, { ...item.body, sent_ms: Date.now() });
      } catch (e) {
        break; // offline: kept for the next connection
      }
      if (answer.status === 401) { unpair("The PIN was refused: pair again."); break; }
      if (answer.status >= 500 || answer.status === 429) break;
      localStorage.setItem(OUTBOX_KEY, JSON.stringify(outbox().filter((i) => i.body.id !== item.body.id)));
      const what = item.body.category ? `Flag “${item.body.category}”` : "Note";
      show("sent", answer.ok ? `${what} recorded` : `${what} refused (${answer.status})`);
    }
  } finally {
    sending = false;
    const left = outbox().length;
    show("queued", left ? `${left} waiting to be sent` : "");
  }
}

// -- the cuesheet --------------------------------------------------------------------------
async function loadPlan(version) {
  planVersion = version;
  const answer = await api("GET", "/api/plan");
  if (!answer.ok) return;
  const plan = await answer.json();
  const body = $("rows");
  body.replaceChildren();
  for (const step of plan.steps) {
    const row = document.createElement("tr");
    row.className = step.running ? "running" : step.done ? "done" : "";
    for (const text of [String(step.index + 1), step.title, step.planned, step.planned_start, step.projected_start]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
}

// -- start ---------------------------------------------------------------------------------
$("pair-form").addEventListener("submit", pair);
if ($("person")) $("person").value = localStorage.getItem(PERSON_KEY) || "";
if ($("note-button")) {
  $("note-button").addEventListener("click", () => {
    const text = $("note").value.trim();
    if (text) queue("/api/notes", { text });
  });
}
setInterval(tick, 250);
setInterval(flush, 3000);
if (pin) {
  api("GET", "/api/state").then(async (answer) => {
    if (answer.ok) paired(await answer.json());
    else unpair("Pair with the PIN shown on the live screen.");
  }).catch(() => { $("pair").hidden = true; $("live").hidden = false; connect(); });
}
