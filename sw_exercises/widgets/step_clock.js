// The intervision step clock. It runs here, in the browser: a busy kernel does not stop it, and a
// re-run of the cell removes the old clock with its view (nothing keeps ticking behind it).
//
// State (the trait `state`, the same dict as sw_exercises.models.intervision.StepTimer.to_value):
//   durations [s per step], index, elapsed [s per step, before started_at], started_at (epoch s or
//   null), sound (bool). Every button changes the state and sends it to the kernel, which saves it,
//   so a reload or a re-run continues where the clock was. Going back a step keeps the time each
//   step has run. Texts come from Python (`texts`, from locales/<language>/LC_MESSAGES/werkboek.po "intervisie.clock").
//
// One minute before the end of a step the clock says so (visibly, and to screen readers); at the end
// it says "time is up" and, only when the group switched the sound on, beeps (WebAudio).
// globalThis.__swStepClocks holds the clocks that are ticking (the browser test counts them).

function registry() {
  if (!globalThis.__swStepClocks) globalThis.__swStepClocks = new Set();
  return globalThis.__swStepClocks;
}

const MIN_SECONDS = 60;

function normal(state) {
  const s = state || {};
  const durations = (Array.isArray(s.durations) ? s.durations : []).map((d) => Math.max(MIN_SECONDS, Math.round(Number(d) || 0)));
  const elapsed = durations.map((_, i) => Math.max(0, Number((s.elapsed || [])[i]) || 0));
  let index = Math.round(Number(s.index) || 0);
  index = Math.min(Math.max(index, 0), durations.length);
  let started = s.started_at === null || s.started_at === undefined ? null : Number(s.started_at);
  if (!Number.isFinite(started) || index >= durations.length) started = null;
  return { version: 2, durations, index, elapsed, started_at: started, sound: !!s.sound };
}

function now() { return Date.now() / 1000; }

function spent(s, t) {
  if (s.index >= s.durations.length) return 0;
  return s.elapsed[s.index] + (s.started_at !== null ? Math.max(0, t - s.started_at) : 0);
}

function pause(s, t) {
  if (s.started_at !== null) {
    if (s.index < s.durations.length) s.elapsed[s.index] += Math.max(0, t - s.started_at);
    s.started_at = null;
  }
}

function go(s, index, t) {
  const running = s.started_at !== null;
  pause(s, t);
  s.index = Math.min(Math.max(index, 0), s.durations.length);
  s.started_at = running && s.index < s.durations.length ? t : null;
}

function clockText(seconds) {
  const sign = seconds < 0 ? "-" : "";
  const whole = Math.floor(Math.abs(seconds) + (seconds < 0 ? 0 : 0.999));
  const mm = String(Math.floor(whole / 60)).padStart(2, "0");
  const ss = String(whole % 60).padStart(2, "0");
  return `${sign}${mm}:${ss}`;
}

function fill(text, values) {
  return String(text || "").replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : `{${k}}`));
}

function button(label, cls, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `sw-clock-button ${cls}`;
  b.textContent = label;
  b.style.cssText = "font-size:1rem;padding:0.35em 0.9em;margin:0.2em 0.4em 0.2em 0;cursor:pointer;" +
    "background:#FFFFFF;color:#0B5394;border:2px solid #0B5394;border-radius:4px";
  b.addEventListener("click", onClick);
  return b;
}

function beep(ctx) {
  try {
    for (let i = 0; i < 3; i++) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      osc.connect(gain);
      gain.connect(ctx.destination);
      const t0 = ctx.currentTime + i * 0.35;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.3, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.25);
      osc.start(t0);
      osc.stop(t0 + 0.3);
    }
  } catch (e) { /* no sound: the text says it too */ }
}

function render({ model, el }) {
  const texts = () => model.get("texts") || {};
  el.classList.add("sw-clock");
  el.setAttribute("lang", "nl");
  const box = document.createElement("div");
  box.className = "sw-clock-box";
  box.style.cssText = "border:2px solid #0072B2;border-radius:4px;padding:0.5em 0.9em;margin:0.4em 0;" +
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1A1A1A;background:#FFFFFF";
  const stepLine = document.createElement("div");
  stepLine.className = "sw-clock-step";
  stepLine.style.cssText = "font-weight:bold;font-size:1.05rem";
  const time = document.createElement("div");
  time.className = "sw-clock-time";
  time.setAttribute("aria-hidden", "true"); // read out through the status line, not every second
  time.style.cssText = "font-family:monospace;font-weight:bold;font-size:3rem;line-height:1.2";
  const bar = document.createElement("progress");
  bar.className = "sw-clock-bar";
  bar.max = 1;
  bar.style.cssText = "width:min(30em,100%);height:1em";
  const status = document.createElement("div");
  status.className = "sw-clock-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const alert = document.createElement("div");
  alert.className = "sw-clock-alert";
  alert.setAttribute("role", "alert");
  alert.style.cssText = "font-weight:bold;color:#A33A00";
  const row = document.createElement("div");
  row.className = "sw-clock-buttons";
  const toggle = () => act((s, t) => (s.started_at === null ? (s.index < s.durations.length && (s.started_at = t)) : pause(s, t)));
  const play = button("", "sw-clock-play", toggle);
  const back = button("", "sw-clock-back", () => act((s, t) => go(s, s.index - 1, t)));
  const next = button("", "sw-clock-next", () => act((s, t) => go(s, s.index + 1, t)));
  const minus = button("", "sw-clock-minus", () => act((s) => { if (s.index < s.durations.length) s.durations[s.index] = Math.max(MIN_SECONDS, s.durations[s.index] - 60); }));
  const plus = button("", "sw-clock-plus", () => act((s) => { if (s.index < s.durations.length) s.durations[s.index] += 60; }));
  const big = button("", "sw-clock-big", () => openBig());
  const soundLabel = document.createElement("label");
  soundLabel.className = "sw-clock-sound";
  soundLabel.style.cssText = "display:inline-flex;align-items:center;gap:0.35em;margin-left:0.4em;font-size:1rem";
  const sound = document.createElement("input");
  sound.type = "checkbox";
  const soundText = document.createElement("span");
  soundLabel.append(sound, soundText);
  sound.addEventListener("change", () => {
    if (sound.checked) audio(); // made on this click: browsers allow sound after a user action
    act((s) => { s.sound = sound.checked; });
  });
  row.append(play, back, next, minus, plus, big, soundLabel);
  box.append(stepLine, time, bar, status, alert, row);
  el.append(box);

  let ctx = null;
  function audio() {
    try {
      if (!ctx) ctx = new (window.AudioContext || window.webkitAudioContext)();
      if (ctx.state === "suspended") ctx.resume();
    } catch (e) { ctx = null; }
    return ctx;
  }

  let overlay = null;
  let overlayTime = null;
  let overlayStep = null;
  let overlayNote = null;
  let overlayPlay = null;
  let returnFocus = null;
  function openBig() {
    if (overlay) return;
    returnFocus = document.activeElement;
    overlay = document.createElement("div");
    overlay.className = "sw-clock-overlay";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", texts().big || "");
    overlay.setAttribute("lang", "nl");
    overlay.style.cssText = "position:fixed;inset:0;z-index:10001;background:#111111;color:#FFFFFF;display:flex;" +
      "flex-direction:column;align-items:center;justify-content:center;font-family:system-ui,sans-serif";
    overlayStep = document.createElement("div");
    overlayStep.style.cssText = "font-size:clamp(1.2rem,3.5vw,3rem);text-align:center;padding:0 1em";
    overlayTime = document.createElement("div");
    overlayTime.className = "sw-clock-overlay-time";
    overlayTime.style.cssText = "font-family:monospace;font-weight:bold;font-size:clamp(5rem,24vw,28rem);line-height:1";
    overlayNote = document.createElement("div");
    overlayNote.className = "sw-clock-overlay-note";
    overlayNote.style.cssText = "font-size:clamp(1.2rem,3vw,2.5rem);min-height:1.5em;text-align:center;padding:0 1em";
    overlayPlay = button("", "sw-clock-play", toggle);
    const close = button(texts().close_big || "", "sw-clock-close", () => closeBig());
    for (const b of [overlayPlay, close]) b.style.fontSize = "1.4rem";
    const row = document.createElement("div");
    row.append(overlayPlay, close);
    overlay.append(overlayStep, overlayTime, overlayNote, row);
    overlay.addEventListener("keydown", (e) => { if (e.key === "Escape") closeBig(); });
    document.body.append(overlay);
    close.focus();
    draw();
  }
  function closeBig() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (returnFocus && returnFocus.focus) returnFocus.focus();
  }

  function act(change) {
    const s = normal(model.get("state"));
    change(s, now());
    model.set("state", s);
    model.save_changes();
    draw();
  }

  // announcements happen once per step; a state that was already past them (a reload) stays quiet
  const warned = new Set();
  const ended = new Set();
  let primed = false;

  function draw() {
    const tx = texts();
    const s = normal(model.get("state"));
    const steps = model.get("steps") || [];
    const n = s.durations.length;
    const t = now();
    const running = s.started_at !== null;
    play.textContent = running ? tx.pause : tx.start;
    if (overlayPlay) { overlayPlay.textContent = play.textContent; overlayPlay.disabled = s.index >= n; }
    back.textContent = tx.back;
    next.textContent = tx.next;
    minus.textContent = tx.minus;
    plus.textContent = tx.plus;
    big.textContent = tx.big;
    soundText.textContent = tx.sound;
    sound.checked = s.sound;
    back.disabled = s.index <= 0;
    next.disabled = s.index >= n;
    minus.disabled = plus.disabled = s.index >= n;
    bar.setAttribute("aria-label", tx.time_used || "");
    if (s.index >= n) {
      stepLine.textContent = tx.done;
      time.textContent = "";
      bar.value = 1;
      box.dataset.state = "done";
      alert.textContent = "";
      if (overlay) { overlayStep.textContent = tx.done; overlayTime.textContent = ""; overlayNote.textContent = ""; }
      return;
    }
    const left = s.durations[s.index] - spent(s, t);
    const label = fill(tx.step, { n: s.index + 1, total: n }) + (steps[s.index] ? `: ${steps[s.index]}` : "");
    stepLine.textContent = label;
    const shown = clockText(left) + (running ? "" : ` (${tx.paused})`);
    time.textContent = shown;
    bar.value = Math.min(1, spent(s, t) / s.durations[s.index]);
    const warn = model.get("warn_seconds") || 60;
    const key = `${s.index}`;
    const state = left <= 0 ? "over" : left <= warn ? "warning" : "normal";
    box.dataset.state = state;
    box.dataset.index = key;
    time.style.color = state === "over" ? "#A33A00" : "#1A1A1A";
    box.style.borderColor = state === "normal" ? "#0072B2" : state === "warning" ? "#E69F00" : "#A33A00";
    box.style.background = state === "warning" ? "#FFF8E1" : "#FFFFFF";
    if (!primed) { // what was already past when the page opened is not announced again
      if (state !== "normal") warned.add(key);
      if (state === "over") ended.add(key);
      primed = true;
    }
    if (state === "warning" && running && !warned.has(key)) {
      warned.add(key);
      status.textContent = tx.warning;
    }
    if (state === "over" && !ended.has(key)) {
      ended.add(key);
      warned.add(key);
      alert.textContent = tx.over;
      if (s.sound && running) { const c = audio(); if (c) beep(c); }
    }
    if (state === "normal") { alert.textContent = ""; if (status.textContent === tx.warning) status.textContent = ""; }
    if (state === "warning" && status.textContent !== tx.warning) status.textContent = tx.warning;
    if (state === "over" && !alert.textContent) alert.textContent = tx.over;
    if (overlay) {
      overlayStep.textContent = label;
      overlayTime.textContent = clockText(left);
      overlayNote.textContent = state === "over" ? tx.over : state === "warning" ? tx.warning : running ? "" : tx.paused;
      overlayTime.style.color = state === "over" ? "#FF8A65" : state === "warning" ? "#FFD166" : "#FFFFFF";
    }
  }

  let seenConnected = false;
  const ticker = { model, el };
  function tick() {
    if (el.isConnected) seenConnected = true;
    else if (seenConnected) { cleanup(); return; } // the output was cleared: stop
    draw();
  }
  const timer = setInterval(tick, 250);
  registry().add(ticker);
  const onChange = () => draw();
  model.on("change:state", onChange);
  model.on("change:steps", onChange);
  model.on("change:texts", onChange);
  let cleaned = false;
  function cleanup() {
    if (cleaned) return;
    cleaned = true;
    clearInterval(timer);
    registry().delete(ticker);
    closeBig();
    try { model.off("change:state", onChange); model.off("change:steps", onChange); model.off("change:texts", onChange); } catch (e) { /* ignore */ }
    if (ctx) { try { ctx.close(); } catch (e) { /* ignore */ } }
  }
  draw();
  return cleanup;
}

export default { render };
