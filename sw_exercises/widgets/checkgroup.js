// A group of checkboxes as one widget (see groups.py): native <input type="checkbox"> elements,
// each inside its own <label> (its accessible name), with an optional note right after the label.
// The markup and classes are those of an ipywidgets Checkbox, so the page's styles (focus ring,
// reflow on a narrow screen) apply as to any checkbox. The state is the trait `value` (one boolean
// per item); a change by the student is sent at once, and a change from Python updates the boxes
// in place (the keyboard focus stays where it is). Optional: HTML above the boxes (`before_html`,
// escaped by the kernel) and a button after them that unticks them all (`clear_label`), drawn as an
// ipywidgets Button with its eraser icon.

function render({ model, el }) {
  el.classList.add("sw-checkgroup");
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
  if (model.get("clear_label")) {
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "lm-Widget jupyter-widgets jupyter-button widget-button sw-checkgroup-clear";
    clear.style.width = "auto";
    clear.style.margin = "0.3em 0 0 0";
    clear.title = model.get("clear_tip") || model.get("clear_label");
    const icon = document.createElement("i");
    icon.className = "fa fa-eraser";
    clear.append(icon, document.createTextNode(model.get("clear_label")));
    clear.addEventListener("click", () => {
      model.set("value", model.get("value").map(() => false));
      model.save_changes();
    });
    el.append(clear);
  }
  return () => model.off("change:value", show);
}

export default { render };
