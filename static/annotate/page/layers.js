// Layers: the switcher shows another layer as soon as it is picked, and the box of the
// focused sentence lists what each editor says of it, by name (from the server's
// data-values, the same values agreement counts). Loaded after toolbar.js, before keys.js.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { focusBox } = app;
  const LABEL_NAMES = app.data.labelNames;
  const LAYERS = app.data.layers || { several: false, finished: [] };

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

  // Each editor's label for the sentence (data-values), and none for every finished
  // editor who gave it none, by name.
  function values(sentence) {
    const given = new Map(JSON.parse(sentence.dataset.values || "[]"));
    for (const editor of LAYERS.finished) if (!given.has(editor)) given.set(editor, "none");
    return Array.from(given).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  function showValues(sentence) {
    const existing = focusBox.querySelector(".layer-values-box");
    const all = LAYERS.several ? values(sentence) : [];
    if (!all.length) {
      if (existing) existing.hidden = true;
      return;
    }
    const box = valuesList();
    box.hidden = false;
    const items = all.map(([editor, value]) => {
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
