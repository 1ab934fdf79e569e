// Layers: the switcher shows another layer as soon as it is picked, and the box of the
// focused sentence lists what each editor says of it, by name (from the server's
// data-values, the same values agreement counts). Loaded after toolbar.js, before keys.js.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { focusBox } = app;
  const LABEL_NAMES = app.data.labelNames;

  const form = document.getElementById("layer-switch");
  const select = form && form.querySelector("select");
  if (select) select.addEventListener("change", () => form.submit());

  function valuesList() {
    let box = focusBox.querySelector(".layer-values-box");
    if (!box) {
      box = document.createElement("div");
      box.className = "layer-values-box";
      const title = document.createElement("p");
      title.className = "layer-values-title";
      title.id = "layer-values-title";
      title.textContent = "Each editor says";
      const list = document.createElement("ul");
      list.className = "layer-values";
      list.setAttribute("aria-labelledby", "layer-values-title");
      const disputed = document.createElement("p");
      disputed.className = "layer-disputed";
      disputed.textContent = "Finished editors disagree on this sentence; no verdict yet.";
      box.append(title, list, disputed);
      focusBox.querySelector("#details").after(box);
    }
    return box;
  }

  function showValues(sentence) {
    const raw = sentence.dataset.values;
    const existing = focusBox.querySelector(".layer-values-box");
    if (!raw) {
      if (existing) existing.hidden = true;
      return;
    }
    const box = valuesList();
    box.hidden = false;
    const items = JSON.parse(raw).map(([editor, value]) => {
      const li = document.createElement("li");
      li.className = "layer-value";
      li.dataset.editor = editor;
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = editor + ": ";
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.dataset.label = value;
      badge.textContent = LABEL_NAMES[value] || value;
      li.append(who, badge);
      return li;
    });
    box.querySelector("ul").replaceChildren(...items);
    box.querySelector(".layer-disputed").hidden = !sentence.classList.contains("disputed");
  }

  const showSentenceTools = app.showSentenceTools;
  app.showSentenceTools = function (sentence) {
    showSentenceTools(sentence);
    showValues(sentence);
  };
})();
