// A group of checkboxes as one widget (see groups.py): native <input type="checkbox"> elements,
// each inside its own <label> (its accessible name), with an optional note right after the label.
// The markup and classes are those of an ipywidgets Checkbox, so the page's styles (focus ring,
// reflow on a narrow screen) apply as to any checkbox. The state is the trait `value` (one boolean
// per item); a change by the student is sent at once, and a change from Python updates the boxes
// in place (the keyboard focus stays where it is). Around the boxes: the parts of a card (card.js).

function render({ model, el }) {
  el.classList.add("sw-checkgroup");
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
  const stop = drawCard(model, el, group);
  return () => {
    model.off("change:value", show);
    stop();
  };
}

export default { render };
