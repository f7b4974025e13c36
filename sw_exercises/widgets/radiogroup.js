// Groups of radio buttons as one widget (see groups.py): per item a native radio group, its name
// in a label (role="radiogroup", aria-labelledby), each option a native <input type="radio"> inside
// its own <label>. The markup and classes are those of an ipywidgets RadioButtons, so the page's
// styles (focus ring, reflow on a narrow screen) and the arrow keys work as for any radio group.
// The state is the trait `value`: the chosen position in each item's options, -1 for none chosen.
// Around the groups: the parts of a card (card.js).

let counter = 0;

function render({ model, el }) {
  el.classList.add("sw-radiogroup");
  const row = document.createElement("div");
  row.className = "sw-radio-row";
  row.style.cssText = "display:flex;flex-flow:row wrap";
  const width = model.get("width");
  const inputs = [];
  model.get("items").forEach((item, i) => {
    const id = `sw-radio-${++counter}`;
    const box = document.createElement("div");
    box.className = "widget-inline-hbox widget-radio";
    if (width) box.style.width = width;
    box.style.margin = "0 1em 0.3em 0";
    const label = document.createElement("label");
    label.className = "widget-label";
    label.id = `${id}-label`;
    label.textContent = item.label;
    label.title = item.label;
    label.style.width = "auto";
    const options = document.createElement("div");
    options.className = "widget-radio-box";
    options.setAttribute("role", "radiogroup");
    options.setAttribute("aria-labelledby", label.id);
    const own = [];
    item.options.forEach((text, n) => {
      const option = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = id;
      input.value = String(n);
      input.addEventListener("change", () => {
        if (!input.checked) return;
        const value = [...model.get("value")];
        value[i] = n;
        model.set("value", value);
        model.save_changes();
      });
      option.append(input, document.createTextNode(text));
      options.append(option);
      own.push(input);
    });
    box.append(label, options);
    row.append(box);
    inputs.push(own);
  });
  const show = () => {
    const value = model.get("value");
    inputs.forEach((own, i) => own.forEach((input, n) => { input.checked = value[i] === n; }));
  };
  show();
  model.on("change:value", show);
  const stop = drawCard(model, el, row);
  return () => {
    model.off("change:value", show);
    stop();
  };
}

export default { render };
