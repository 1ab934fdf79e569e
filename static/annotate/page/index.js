// The tag index: every tag of the article in text order (by label, by editor), each one a
// jump; ] and [ go to the next and previous (of the label shown); "show only" dims the rest.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { textRoot, state } = app;
  const LABEL_NAMES = app.data.labelNames;
  const section = document.getElementById("tag-index");
  const editorSelect = document.getElementById("index-editor");
  const details = document.getElementById("index-details");
  const list = document.getElementById("index-list");
  const filter = { label: "", editor: "" };

  // One record per tag, in text order; read from the marks, so always what is shown.
  function tags() {
    const seen = new Map();
    for (const m of textRoot.querySelectorAll("mark[data-annotation-id]")) {
      if (seen.has(m.dataset.annotationId)) continue;
      seen.set(m.dataset.annotationId, {
        id: m.dataset.annotationId,
        label: m.dataset.label,
        start: Number(m.dataset.annStart),
        end: Number(m.dataset.annEnd),
        editor: m.hasAttribute("data-mine") ? "" : m.dataset.editor || "",
        mark: m,
      });
    }
    return Array.from(seen.values()).sort((a, b) => a.start - b.start || b.end - a.end);
  }

  function shown(all) {
    return all.filter(
      (t) =>
        (!filter.label || t.label === filter.label) &&
        (!filter.editor || (t.editor || "you") === filter.editor),
    );
  }

  function go(tag) {
    app.focusSentence(tag.mark.closest(".sentence"), tag.id);
    const who = tag.editor || "yours";
    app.say(`${LABEL_NAMES[tag.label]} on “${app.quoteText(tag)}”, ${who}`);
  }

  function step(forward) {
    state.moves++;
    const all = shown(tags());
    const what = filter.label ? LABEL_NAMES[filter.label].toLowerCase() + " tags" : "tags";
    if (!all.length) return app.say(`No ${what} to go to.`);
    const sentence = app.focusedSentence();
    const current = sentence && app.currentAnnotation(sentence);
    const at = all.findIndex((t) => t.id === (current && current.id));
    let next;
    if (at >= 0) {
      next = at + (forward ? 1 : -1);
    } else if (forward) {
      const pos = sentence ? Number(sentence.dataset.start) : -1;
      next = all.findIndex((t) => t.start >= pos);
      if (next < 0) next = all.length;
    } else {
      const pos = sentence ? Number(sentence.dataset.start) : Infinity;
      next = all.findLastIndex((t) => t.start < pos);
    }
    if (next >= 0 && next < all.length) return go(all[next]);
    go(all[forward ? 0 : all.length - 1]);
    app.say(`Back to the ${forward ? "first" : "last"} of the ${what}.`);
  }

  function render() {
    if (!details.open) return;
    const items = shown(tags()).map((t) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "link";
      b.dataset.goto = t.id;
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.dataset.label = t.label;
      badge.textContent = LABEL_NAMES[t.label];
      const q = document.createElement("q");
      q.textContent = app.quoteText(t);
      b.append(badge, " ", q, " · " + (t.editor || "you"));
      li.append(b);
      return li;
    });
    list.replaceChildren(...items);
  }

  function fillEditors() {
    const names = new Set(tags().map((t) => t.editor || "you"));
    const options = [new Option("Everyone", "")];
    for (const name of Array.from(names).sort()) options.push(new Option(name, name));
    editorSelect.replaceChildren(...options);
    editorSelect.value = names.has(filter.editor) ? filter.editor : "";
  }

  section.addEventListener("click", (event) => {
    const only = event.target.closest("button[data-only]");
    if (only) {
      filter.label = only.dataset.only;
      for (const b of section.querySelectorAll("button[data-only]")) {
        b.setAttribute("aria-pressed", b === only ? "true" : "false");
      }
      if (filter.label) textRoot.dataset.only = filter.label;
      else delete textRoot.dataset.only;
      render();
      return;
    }
    const target = event.target.closest("button[data-goto]");
    if (target) {
      const tag = tags().find((t) => t.id === target.dataset.goto);
      if (tag) go(tag);
    }
  });
  editorSelect.addEventListener("focus", fillEditors);
  editorSelect.addEventListener("pointerdown", fillEditors);
  editorSelect.addEventListener("change", () => {
    filter.editor = editorSelect.value;
    render();
  });
  details.addEventListener("toggle", render);
  document.body.addEventListener("htmx:afterSettle", render);

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || app.help.open) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key !== "]" && event.key !== "[") return;
    event.preventDefault();
    step(event.key === "]");
  });

  Object.assign(app, { tagIndexStep: step });
})();
