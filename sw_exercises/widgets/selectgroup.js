// The labelled dropdowns of one exercise as one widget (see selectgroup.py): native <select>
// elements, each with its own <label for=...> (its accessible name), with the markup and classes of
// an ipywidgets Dropdown, so the page's styles (focus ring, reflow on a narrow screen) apply as to any
// dropdown. Before an item: an optional heading (a group of items) and an optional text (e.g. the
// statement to sort, as HTML the kernel escaped). The state is the trait `value`: the chosen position in each item's options.
// Around the dropdowns: the parts of a card (card.js).

let counter = 0;

function render({ model, el }) {
  el.classList.add("sw-selectgroup");
  const body = document.createElement("div");
  const selects = [];
  const width = model.get("width");
  const labelWidth = model.get("label_width");
  model.get("items").forEach((item, i) => {
    if (item.heading) {
      const heading = document.createElement("div");
      heading.className = "widget-html-content";
      const strong = document.createElement("strong");
      strong.textContent = item.heading;
      heading.append(strong);
      body.append(heading);
    }
    if (item.before_html) {  // markup the kernel made from content and escaped (html_text)
      const before = document.createElement("p");
      before.style.margin = "0.4em 0 0 0";
      const em = document.createElement("em");
      em.innerHTML = item.before_html;
      before.append(em);
      body.append(before);
    }
    const row = document.createElement("div");
    row.className = `widget-inline-hbox widget-dropdown ${item.classes || ""}`.trim();
    if (width) row.style.width = width;
    const id = `sw-select-${++counter}`;
    const label = document.createElement("label");
    label.className = "widget-label";
    label.htmlFor = id;
    label.textContent = item.label;
    label.title = item.tooltip || item.label;
    if (labelWidth) label.style.width = labelWidth;
    const select = document.createElement("select");
    select.id = id;
    select.title = item.tooltip || item.label;
    item.options.forEach((text, n) => {
      const option = document.createElement("option");
      option.value = String(n);
      option.textContent = text;
      select.append(option);
    });
    select.addEventListener("change", () => {
      const value = [...model.get("value")];
      value[i] = Number(select.value);
      model.set("value", value);
      model.save_changes();
    });
    row.append(label, select);
    body.append(row);
    selects.push(select);
  });
  const show = () => {
    const value = model.get("value");
    selects.forEach((select, i) => { select.value = String(value[i] ?? 0); });
  };
  show();
  model.on("change:value", show);
  const stop = drawCard(model, el, body);
  return () => {
    model.off("change:value", show);
    stop();
  };
}

export default { render };
