// The parts of a group widget that is a whole card (groups.py, _Card), put before each group's own
// module (checkgroup.js, selectgroup.js, radiogroup.js): an error note at the top, HTML above the
// controls (`before_html`), the controls themselves (`body`), buttons whose click the kernel handles
// (`actions`, drawn as ipywidgets Buttons with their icon), a save status line and HTML below it
// (`after_html`, e.g. feedback). All HTML is markup the kernel made and escaped. A part that is empty
// is not in the page (a group with its own status widget next to it has no second, empty status
// line). A button that stays is never drawn anew, so the keyboard focus stays on it when another
// button comes or goes.

function drawCard(model, el, body) {
  const part = (cls) => {
    const div = document.createElement("div");
    div.className = `widget-html-content ${cls}`;
    return div;
  };
  const parts = {note_html: part("sw-handler-error"), before_html: part("sw-card-before"),
                 status_html: part("sw-save-status"), after_html: part("sw-card-after")};
  const row = document.createElement("div");
  row.className = "sw-card-actions";
  row.style.cssText = "display:flex;flex-flow:row wrap;gap:0.4em;margin:0.3em 0 0 0";
  const nodes = {...parts, body, actions: row};
  const order = ["note_html", "before_html", "body", "actions", "status_html", "after_html"];
  const show = (name, shown) => {  // in its place among the parts that are in the page, or out
    const node = nodes[name];
    if (!shown) {
      node.remove();
    } else if (node.parentNode !== el) {
      const later = order.slice(order.indexOf(name) + 1).map((n) => nodes[n]).find((n) => n.parentNode === el);
      el.insertBefore(node, later || null);
    }
  };
  show("body", true);
  const lines = () => {
    Object.entries(parts).forEach(([name, div]) => {
      div.innerHTML = model.get(name);
      show(name, !!model.get(name));
    });
  };
  const made = new Map();
  const buttons = () => {
    const actions = model.get("actions");
    actions.forEach((action, i) => {
      let button = made.get(action.id);
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "lm-Widget jupyter-widgets jupyter-button widget-button";
        button.style.width = "auto";
        button.addEventListener("click", () => model.send({ action: action.id }));
        made.set(action.id, button);
      }
      const icon = document.createElement("i");
      icon.className = `fa fa-${action.icon}`;
      button.replaceChildren(icon, document.createTextNode(action.label));
      button.title = action.tip || action.label;
      if (row.children[i] !== button) row.insertBefore(button, row.children[i] || null);
    });
    made.forEach((button, id) => {
      if (!actions.some((action) => action.id === id)) {
        button.remove();
        made.delete(id);
      }
    });
    show("actions", actions.length > 0);
  };
  lines();
  buttons();
  const names = Object.keys(parts);
  names.forEach((name) => model.on(`change:${name}`, lines));
  model.on("change:actions", buttons);
  return () => {
    names.forEach((name) => model.off(`change:${name}`, lines));
    model.off("change:actions", buttons);
  };
}
