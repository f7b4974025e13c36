// A group of checkboxes as one widget (see groups.py): native <input type="checkbox"> elements,
// each inside its own <label> (its accessible name), with an optional note right after the label.
// The markup and classes are those of an ipywidgets Checkbox, so the page's styles (focus ring,
// reflow on a narrow screen) apply as to any checkbox. The state is the trait `value` (one boolean
// per item); a change by the student is sent at once, and a change from Python updates the boxes
// in place (the keyboard focus stays where it is). Optional: HTML above the boxes (`before_html`,
// escaped by the kernel); buttons after them (`actions`, drawn as ipywidgets Buttons with their icon),
// whose click the kernel handles; and, for a group that is a whole card, its own save status line at
// the bottom (`status_html`) and an error note at the top (`note_html`), both escaped by the kernel.

function render({ model, el }) {
  el.classList.add("sw-checkgroup");
  const note = document.createElement("div");
  note.className = "widget-html-content sw-handler-error";
  el.append(note);
  if (model.get("before_html")) {  // markup the kernel made from content and escaped (html_text)
    const before = document.createElement("div");
    before.className = "widget-html-content sw-checkgroup-before";
    before.innerHTML = model.get("before_html");
    el.append(before);
  }
  const group = document.createElement("div");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", model.get("label"));
  let row = null;
  const inputs = [];
  model.get("items").forEach((item, i) => {
    const box = document.createElement("div");
    box.className = "widget-inline-hbox widget-checkbox sw-check";
    box.style.width = "auto";
    box.style.margin = item.own_line ? "0" : (item.note ? "0 0.4em 0 0" : "0 1.2em 0 0");
    const label = document.createElement("label");
    label.className = "widget-label-basic";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.addEventListener("change", () => {
      const value = [...model.get("value")];
      value[i] = input.checked;
      model.set("value", value);
      model.save_changes();
    });
    const text = document.createElement("span");
    text.textContent = item.label;
    text.title = item.label;
    label.append(input, text);
    box.append(label);
    inputs.push(input);
    let holder = box;
    if (item.note) {  // e.g. why a relation cannot literally apply: beside its checkbox, not in its name
      holder = document.createElement("div");
      holder.className = "sw-check-with-note";
      holder.style.cssText = "display:flex;flex-flow:row wrap;align-items:center";
      const note = document.createElement("small");
      note.className = "sw-not-applicable";
      note.style.margin = "0 1.2em 0 0";
      note.textContent = item.note;
      holder.append(box, note);
    }
    if (item.own_line) {
      row = null;
      group.append(holder);
    } else {
      if (row === null) {
        row = document.createElement("div");
        row.className = "sw-check-row";
        row.style.cssText = "display:flex;flex-flow:row wrap";
        group.append(row);
      }
      row.append(holder);
    }
  });
  const show = () => {
    const value = model.get("value");
    inputs.forEach((input, i) => { input.checked = !!value[i]; });
  };
  show();
  model.on("change:value", show);
  el.append(group);
  if (model.get("actions").length) {
    const row = document.createElement("div");
    row.className = "sw-checkgroup-actions";
    row.style.cssText = "display:flex;flex-flow:row wrap;gap:0.4em;margin:0.3em 0 0 0";
    model.get("actions").forEach((action) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "lm-Widget jupyter-widgets jupyter-button widget-button";
      button.style.width = "auto";
      button.title = action.tip || action.label;
      const icon = document.createElement("i");
      icon.className = `fa fa-${action.icon}`;
      button.append(icon, document.createTextNode(action.label));
      button.addEventListener("click", () => model.send({ action: action.id }));
      row.append(button);
    });
    el.append(row);
  }
  const status = document.createElement("div");
  status.className = "widget-html-content sw-save-status";
  el.append(status);
  const lines = () => {
    note.innerHTML = model.get("note_html");  // markup the kernel made and escaped
    note.hidden = !model.get("note_html");
    status.innerHTML = model.get("status_html");
    status.hidden = !model.get("status_html");
  };
  lines();
  model.on("change:note_html", lines);
  model.on("change:status_html", lines);
  return () => {
    model.off("change:value", show);
    model.off("change:note_html", lines);
    model.off("change:status_html", lines);
  };
}

export default { render };
