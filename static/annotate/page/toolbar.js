// The floating toolbar, the details of the focused sentence's tags, and the note form.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { textRoot, toolbar, focusBox, details, noteForm, noteInput, state } = app;
  const LABEL_NAMES = app.data.labelNames;

  // The toolbar floats just above the first line of what it acts on, and below its last
  // line when there is no room above: never over the text it acts on. In the bottom bar
  // (narrow screens, phone.js) it stays where the bar puts it.
  function place(rect, whole) {
    const inBar = Boolean(toolbar.closest(".reach"));
    if (!inBar && state.closedAt === state.moves) return; // closed by a tag till a move
    toolbar.hidden = false;
    if (inBar) return;
    const height = toolbar.offsetHeight;
    const above = rect.top - height - 6;
    const top = above >= 0 ? above : (whole || rect).bottom + 6;
    toolbar.style.top = window.scrollY + top + "px";
    // Inside the article's column: the side panel stays readable.
    const right = textRoot.getBoundingClientRect().right - toolbar.offsetWidth;
    toolbar.style.left = window.scrollX + Math.max(8, Math.min(rect.left, right)) + "px";
  }

  function unmarkCurrent() {
    textRoot.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
  }

  function showSelectionTools(rect) {
    state.mode = "selection";
    details.replaceChildren();
    focusBox.hidden = true;
    closeNote();
    unmarkCurrent();
    const span = app.selectionSpan();
    showCurrentLabels(span && span !== app.BLANK ? span : null);
    place(rect, rect);
  }

  function showSentenceTools(sentence) {
    state.mode = "sentence";
    const all = app.annotationsIn(sentence);
    const current = app.currentAnnotation(sentence);
    unmarkCurrent();
    if (current) {
      textRoot
        .querySelectorAll(`mark[data-annotation-id="${current.id}"]`)
        .forEach((m) => m.classList.add("current"));
    }
    details.replaceChildren(...all.map((a) => detailItem(a, current && a.id === current.id)));
    details.hidden = all.length === 0;
    focusBox.querySelector(".empty").hidden = all.length > 0;
    focusBox.hidden = false;
    if (state.noteFor && !all.some((a) => a.id === state.noteFor.id)) closeNote();
    showCurrentLabels({ start: Number(sentence.dataset.start), end: Number(sentence.dataset.end) });
    const whole = sentence.getBoundingClientRect();
    place(sentence.getClientRects()[0] || whole, whole);
  }

  // What the span is tagged now, so that a tag changes a label knowingly: the editor's
  // own label pressed, everyone's named.
  const current = document.getElementById("toolbar-current");
  function showCurrentLabels(span) {
    const marks = span
      ? textRoot.querySelectorAll(`mark[data-ann-start="${span.start}"][data-ann-end="${span.end}"]`)
      : [];
    const seen = new Map();
    for (const m of marks) seen.set(m.dataset.annotationId, m);
    const names = [];
    const mine = new Set();
    for (const m of seen.values()) {
      if (m.hasAttribute("data-mine")) mine.add(m.dataset.label);
      names.push(`${LABEL_NAMES[m.dataset.label]} (${m.hasAttribute("data-mine") ? "you" : m.dataset.editor})`);
    }
    for (const b of toolbar.querySelectorAll("button[data-tag]")) {
      b.setAttribute("aria-pressed", mine.has(b.dataset.tag) ? "true" : "false");
    }
    current.textContent = names.length ? "Now: " + names.join(", ") : "Not tagged yet";
  }

  // After a tag the toolbar closes; moving on (a key, a click, a new selection) opens it.
  function closeAfterTag() {
    state.closedAt = state.moves;
    if (!toolbar.closest(".reach")) toolbar.hidden = true;
  }

  function detailItem(a, isCurrent) {
    const li = document.createElement("li");
    li.dataset.annotationId = a.id;
    if (isCurrent) li.setAttribute("aria-current", "true");
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.dataset.label = a.label;
    badge.textContent = LABEL_NAMES[a.label];
    const quote = document.createElement("q");
    quote.textContent = app.quoteText(a);
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = `${a.mine ? "you" : a.editor} · ${a.when}`;
    const history = document.createElement("a");
    history.className = "history-link";
    history.href = `${app.data.historyUrl}?annotation=${a.id}`;
    history.textContent = "History";
    li.append(badge, " ", quote, " ", who, " ", history);
    if (a.note) {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = a.note;
      li.append(note);
    }
    if (a.mine || app.data.canEditAll) {
      const actions = document.createElement("span");
      actions.className = "actions";
      if (a.mine) actions.append(button("note", a.note ? "Edit note" : "Add note", "n"));
      actions.append(button("remove", "Remove", "x"));
      li.append(actions);
    }
    return li;
  }

  function button(action, text, key) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.action = action;
    const kbd = document.createElement("kbd");
    kbd.textContent = key;
    b.append(kbd, " " + text);
    return b;
  }

  function hideToolbar() {
    state.mode = null;
    toolbar.hidden = true;
    focusBox.hidden = true;
    closeNote();
    unmarkCurrent();
  }

  function openNote() {
    const sentence = app.focusedSentence();
    const a = sentence && app.currentAnnotation(sentence);
    if (!a || !a.mine) return app.say("Focus one of your tags first (j/k, then a).");
    state.noteFor = a;
    noteForm.hidden = false;
    noteInput.value = a.note;
    noteInput.focus();
  }

  function closeNote() {
    state.noteFor = null;
    noteForm.hidden = true;
  }

  Object.assign(app, {
    showSelectionTools,
    showSentenceTools,
    hideToolbar,
    closeAfterTag,
    openNote,
    closeNote,
  });
})();
