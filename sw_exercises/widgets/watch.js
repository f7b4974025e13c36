// Kernel watch: when the kernel behind a workbook dies, restarts or cannot be reached, Python can no
// longer speak, so this front-end code shows the student a message (texts come from Python as the
// trait `texts`, from locales/<language>/LC_MESSAGES/werkboek.po "failure.watch"). Three ways to notice:
//  1. the kernel's status ('dead', 'restarting', 'autorestarting'), via the session context
//     (JupyterLab) or the kernel connection (Voila) of the widget manager;
//  2. the connection status ('connecting' / 'disconnected' for longer than a moment);
//  3. a heartbeat: a 'ping' every few seconds that Python answers with a 'pong'; no answer while the
//     kernel is not busy means the workbook stopped answering (works even if the internals above differ).
// The watch keeps working when its own output is cleared (the model lives on); a newer watch for the
// same notebook replaces it (e.g. after Restart Kernel and Run All Cells).
//
// Below the watch, and unrelated to the kernel: JupyterLab's own menu bar on a narrow screen (MenuBarRows).

const DEAD = new Set(["dead", "restarting", "autorestarting"]);
const LOST_GRACE_MS = 5000;

function registry() {
  if (!globalThis.__swKernelWatch) globalThis.__swKernelWatch = new WeakMap();
  return globalThis.__swKernelWatch;
}

class Watch {
  constructor(model) {
    this.model = model;
    this.wm = model.widget_manager;
    this.views = new Set();
    this.panel = null;
    this.dead = false;
    this.busy = false;
    this.lastBusy = 0; // a queued ping waits for running cells: silence counts from when they end
    this.connection = "connected";
    this.notConnectedSince = null;
    this.pingAt = null;
    this.pingNumber = 0;
    this.lastPingSent = 0;
    this.alert = null;
    this.kind = null;
    this.disposed = false;
    this.signals = [];
    this.onMessage = (content) => {
      if (content && content.type === "pong") {
        this.pingAt = null;
        for (const el of this.views) el.dataset.heartbeat = String(content.n); // seen by the tests
        this.update();
      }
    };
    model.on("msg:custom", this.onMessage);
    this.connectSignals();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  texts() {
    return this.model.get("texts") || {};
  }

  // -- the kernel, as far as the widget manager lets us see it -----------------------------------
  sources() {
    const found = [];
    const wm = this.wm;
    try {
      const sc = wm && wm.context && wm.context.sessionContext; // JupyterLab
      if (sc && sc.statusChanged) found.push(sc);
    } catch (e) { /* not JupyterLab */ }
    try {
      const kernel = wm && wm.kernel; // Voila (and JupyterLab)
      if (kernel && kernel.statusChanged) found.push(kernel);
    } catch (e) { /* no kernel */ }
    return found;
  }

  connectSignals() {
    for (const source of this.sources()) {
      const onStatus = (_sender, status) => this.status(status);
      const onConnection = (_sender, status) => this.connectionStatus(status);
      try { source.statusChanged.connect(onStatus); this.signals.push([source.statusChanged, onStatus]); } catch (e) { /* ignore */ }
      if (source.connectionStatusChanged) {
        try {
          source.connectionStatusChanged.connect(onConnection);
          this.signals.push([source.connectionStatusChanged, onConnection]);
        } catch (e) { /* ignore */ }
      }
    }
  }

  status(status) {
    if (DEAD.has(status)) this.dead = true;
    this.setBusy(status === "busy");
    this.update();
  }

  setBusy(busy) {
    if (busy || this.busy) this.lastBusy = Date.now();
    this.busy = busy;
  }

  connectionStatus(status) {
    this.connection = status;
    if (status === "connected") this.notConnectedSince = null;
    else if (this.notConnectedSince === null) this.notConnectedSince = Date.now();
    this.update();
  }

  poll() {
    // Signals can be missed (e.g. a kernel object replaced); the current values are read as well.
    try {
      const kernel = this.wm && this.wm.kernel;
      if (kernel) {
        if (DEAD.has(kernel.status)) this.dead = true;
        this.setBusy(kernel.status === "busy");
        if (kernel.connectionStatus && kernel.connectionStatus !== this.connection) {
          this.connectionStatus(kernel.connectionStatus);
        }
      }
    } catch (e) { /* ignore */ }
  }

  // -- heartbeat ---------------------------------------------------------------------------------
  ping() {
    const now = Date.now();
    const every = this.model.get("heartbeat_ms") || 5000;
    if (this.pingAt !== null || now - this.lastPingSent < every) return;
    this.lastPingSent = now;
    this.pingAt = now;
    this.pingNumber += 1;
    try {
      this.model.send({ type: "ping", n: this.pingNumber });
    } catch (e) { /* no connection: the missing pong says so */ }
  }

  silent() {
    const limit = this.model.get("silence_ms") || 15000;
    return this.pingAt !== null && !this.busy && Date.now() - Math.max(this.pingAt, this.lastBusy) > limit;
  }

  // -- where and how to tell the student ---------------------------------------------------------
  findPanel() {
    if (this.panel) return this.panel;
    for (const el of this.views) {
      const panel = el.closest && el.closest(".jp-NotebookPanel");
      if (panel) this.panel = panel;
    }
    return this.panel;
  }

  mode() {
    if (this.findPanel()) return "lab";
    if (document.getElementById("rendered_cells")) return "app"; // Voila (it has a .jp-LabShell too)
    return document.querySelector(".jp-NotebookPanel") ? "lab" : "app";
  }

  tick() {
    if (this.disposed) return;
    const panel = this.findPanel();
    if (panel && !panel.isConnected) { this.dispose(); return; } // the notebook was closed
    if (this.wm && this.wm.isDisposed) { this.dispose(); return; }
    this.poll();
    this.ping();
    this.update();
  }

  wanted() {
    if (this.dead) return "dead";
    if (this.notConnectedSince !== null && Date.now() - this.notConnectedSince > LOST_GRACE_MS) return "lost";
    if (this.silent()) return "silent";
    return null;
  }

  update() {
    if (this.disposed) return;
    const kind = this.wanted();
    if (kind !== this.kind) {
      this.hide();
      this.kind = kind;
      if (kind) this.show(kind);
    }
    this.place();
  }

  show(kind) {
    const texts = this.texts();
    const mode = this.mode();
    const box = document.createElement("div");
    box.className = `sw-kernel-alert sw-kernel-alert-${kind}`;
    box.setAttribute("role", "alert");
    box.setAttribute("lang", "nl");
    box.dataset.kind = kind;
    box.style.cssText = [
      "position:fixed", "z-index:10000", "box-sizing:border-box", "padding:0.8em 1.2em",
      "background:#FFF8E1", "color:#1A1A1A", "border:3px solid #D55E00", "border-radius:4px",
      "box-shadow:0 2px 8px rgba(0,0,0,0.35)", "font-size:16px", "line-height:1.45",
      "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif", "max-height:60vh", "overflow:auto",
    ].join(";");
    const title = document.createElement("strong");
    title.textContent = texts[`${kind}_title`] || "";
    title.style.display = "block";
    const body = document.createElement("p");
    body.textContent = texts[`${kind}_${mode}`] || "";
    body.style.margin = "0.3em 0 0 0";
    box.append(title, body);
    if (mode === "app") {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sw-reload";
      button.textContent = texts.reload || "";
      button.style.cssText = "margin-top:0.6em;font-size:16px;padding:0.35em 1em;cursor:pointer;" +
        "background:#0B5394;color:#FFFFFF;border:2px solid #0B5394;border-radius:4px";
      button.addEventListener("click", () => window.location.reload());
      box.append(button);
    }
    document.body.append(box);
    this.alert = box;
  }

  place() {
    const box = this.alert;
    if (!box) return;
    const panel = this.findPanel();
    if (!panel) { // the app: across the top of the page
      box.style.top = "0.5em";
      box.style.left = "0.5em";
      box.style.right = "0.5em";
      box.style.display = "";
      return;
    }
    // JupyterLab: over the top of this notebook (below the menu, so Kernel stays reachable), and
    // only while this notebook is the one shown.
    const content = panel.querySelector(".jp-NotebookPanel-notebook") || panel;
    const rect = content.getBoundingClientRect();
    const hidden = panel.classList.contains("lm-mod-hidden") || rect.width === 0 || rect.height === 0;
    box.style.display = hidden ? "none" : "";
    box.style.top = `${Math.max(rect.top, 0) + 4}px`;
    box.style.left = `${rect.left + 8}px`;
    box.style.width = `${Math.max(rect.width - 16, 200)}px`;
    box.style.right = "auto";
  }

  hide() {
    if (this.alert) this.alert.remove();
    this.alert = null;
  }

  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    for (const [signal, slot] of this.signals) {
      try { signal.disconnect(slot); } catch (e) { /* ignore */ }
    }
    try { this.model.off("msg:custom", this.onMessage); } catch (e) { /* ignore */ }
    this.hide();
    const reg = registry();
    if (reg.get(this.wm) === this) reg.delete(this.wm);
  }
}

// -- JupyterLab's menu bar on a narrow screen (docs/TOEGANKELIJKHEID.md, WCAG 2.2 1.4.10) -------------
// At 360 px JupyterLab's menu bar (File ... Help) runs past the right edge: Settings and Help cannot be
// reached. Lumino's MenuBar has an overflow menu ("...") for this, but it never appears: the bar measures
// its items only once (`_menuItemSizes`), at start-up while it is not yet in the page, so every item
// counts as 0 px wide and nothing ever overflows; and in /lab/ the bar is as wide as its items anyway.
// So here the menus wrap onto a next row (lab.css, `.sw-menubar-wraps`), and the row of JupyterLab's
// page that holds the bar gets the height of those rows as its min-height, which JupyterLab's layout (a
// Lumino BoxLayout) reads when it is asked to fit: the notebook moves down instead of being covered.
// When everything fits on one row (a wide screen), nothing changes and no min-height is set.
// JupyterLab's page (its shell) is the root of the Lumino widgets above this widget's view; anywidget
// calls a listener with the view as `this`. In the app (Voila) there is no such shell: nothing happens.
const MENU_BAR = "#jp-menu-panel > .lm-MenuBar";

class MenuBarRows {
  constructor(shell) {
    this.shell = shell;
    this.box = null; // the shell's child that holds the menu bar (the top panel; the menu panel in /doc/)
    this.bar = null;
    this.observer = new ResizeObserver(() => this.fit());
    shell.node.classList.add("sw-menubar-wraps");
    try {
      this.fit();
    } catch (e) { // the menus would wrap over the notebook: leave the menu bar as JupyterLab draws it
      shell.node.classList.remove("sw-menubar-wraps");
      this.observer.disconnect();
      throw e;
    }
    try { // Simple Interface on or off: the menu bar moves to another row of the page
      shell.modeChanged.connect(() => requestAnimationFrame(() => this.fit()));
    } catch (e) { /* the observer sees the bar change width */ }
  }

  fit() {
    const shell = this.shell.node;
    const bar = shell.querySelector(MENU_BAR);
    if (bar !== this.bar) {
      if (this.bar) this.observer.unobserve(this.bar);
      if (bar) this.observer.observe(bar); // a next row, or one less: the bar's height changes
      this.bar = bar;
    }
    let box = bar;
    while (box && box.parentElement !== shell) box = box.parentElement;
    let changed = false;
    if (this.box && this.box !== box && this.box.style.minHeight) { // the bar moved (Simple Interface)
      this.box.style.minHeight = "";
      changed = true;
    }
    this.box = box;
    if (box) {
      const before = box.style.minHeight;
      box.style.minHeight = "";
      const style = getComputedStyle(box);
      const own = parseFloat(style.minHeight) || 0;
      const need = Math.ceil(bar.getBoundingClientRect().bottom - box.getBoundingClientRect().top +
        (parseFloat(style.paddingBottom) || 0) + (parseFloat(style.borderBottomWidth) || 0));
      if (need > own + 0.5) box.style.minHeight = `${need}px`;
      changed = changed || box.style.minHeight !== before;
    }
    if (changed) this.shell.fit(); // Lumino lays the page out again, with the new min-height
  }
}

// JupyterLab's shell above this view: the shell, null where there is none (the app), undefined if the
// view is not in the page (yet).
function labShellOf(view) {
  let widget = view && view.luminoWidget;
  if (!widget) return null;
  if (!widget.isAttached) return undefined;
  while (widget.parent) widget = widget.parent;
  const node = widget.node;
  const isShell = node && node.classList.contains("jp-LabShell") && typeof widget.fit === "function";
  return isShell && node.querySelector(MENU_BAR) ? widget : null;
}

function fitMenuBar(model) {
  if (globalThis.__swMenuBarRows) return; // one per page
  const found = function () { // `this`: the view this listener was added for
    if (globalThis.__swMenuBarRows) { model.off("msg:custom", found); return; }
    let shell = null;
    try { shell = labShellOf(this); } catch (e) { /* not JupyterLab's page as we know it */ }
    if (shell === undefined) return; // not in the page yet: the next answer
    model.off("msg:custom", found);
    if (shell) globalThis.__swMenuBarRows = new MenuBarRows(shell);
  };
  model.on("msg:custom", found); // the first answer to the heartbeat comes soon after the view is drawn
}

function render({ model, el }) {
  el.classList.add("jupyter-widgets", "sw-kernel-watch"); // drawn like every other widget view
  el.style.display = "none";
  const reg = registry();
  let watch = reg.get(model.widget_manager);
  if (watch && watch.model !== model) { // a newer watch for this notebook (its kernel started anew)
    watch.dispose();
    watch = null;
  }
  if (!watch || watch.disposed) {
    watch = new Watch(model);
    reg.set(model.widget_manager, watch);
  }
  watch.views.add(el);
  watch.tick();
  fitMenuBar(model);
  return () => { watch.views.delete(el); }; // keeps watching: the model outlives its output
}

export default { render };
