// Sentences, the annotations shown in them, and which one has the focus (j/k, a, a click).
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { textRoot, state } = app;
  const LABEL_NAMES = app.data.labelNames; // {"hype": "Hype", ...}

  function sentenceAt(index) {
    return document.getElementById("s-" + index);
  }

  function focusedSentence() {
    return state.focusIndex === null ? null : sentenceAt(state.focusIndex);
  }

  // The annotations shown in a sentence, outermost first, one record each.
  function annotationsIn(sentence) {
    const seen = new Map();
    for (const m of sentence.querySelectorAll("mark[data-annotation-id]")) {
      if (seen.has(m.dataset.annotationId)) continue;
      seen.set(m.dataset.annotationId, {
        id: m.dataset.annotationId,
        label: m.dataset.label,
        start: Number(m.dataset.annStart),
        end: Number(m.dataset.annEnd),
        editor: m.dataset.editor || "",
        when: m.dataset.when || "",
        note: m.dataset.note || "",
        version: m.dataset.version || "",
        mine: m.hasAttribute("data-mine"),
      });
    }
    return Array.from(seen.values()).sort((a, b) => a.start - b.start || b.end - a.end);
  }

  // The focused annotation: the one picked with `a` or a click, else the editor's own on
  // the whole sentence, else their innermost one in it.
  function currentAnnotation(sentence) {
    const all = annotationsIn(sentence);
    const picked = all.find((a) => a.id === state.currentId);
    if (picked) return picked;
    const mine = all.filter((a) => a.mine);
    const whole = mine.find(
      (a) => a.start === Number(sentence.dataset.start) && a.end === Number(sentence.dataset.end),
    );
    return whole || mine[mine.length - 1] || null;
  }

  function focusSentence(el, annotationId) {
    if (!el) return;
    const previous = focusedSentence();
    if (previous && previous !== el) {
      previous.setAttribute("tabindex", "-1");
      previous.removeAttribute("aria-describedby");
    }
    if (Number(el.dataset.index) !== state.focusIndex) state.currentId = null;
    if (annotationId !== undefined) state.currentId = annotationId;
    state.focusIndex = Number(el.dataset.index);
    el.setAttribute("tabindex", "0");
    el.setAttribute("aria-describedby", "details");
    if (document.activeElement !== el) el.focus({ preventScroll: false });
    app.showSentenceTools(el);
  }

  function moveFocus(step) {
    state.moves++;
    const current = focusedSentence();
    let next;
    if (current) next = sentenceAt(state.focusIndex + step) || current;
    else next = step > 0 ? textRoot.querySelector(".sentence") : lastSentence();
    focusSentence(next);
  }

  function lastSentence() {
    const all = textRoot.querySelectorAll(".sentence");
    return all[all.length - 1];
  }

  function cycleAnnotation() {
    const sentence = focusedSentence();
    if (!sentence) return app.say("Move to a sentence first (j/k).");
    const all = annotationsIn(sentence);
    if (!all.length) return app.say("No tags in this sentence.");
    const at = all.findIndex((a) => a.id === (currentAnnotation(sentence) || {}).id);
    const next = all[(at + 1) % all.length];
    state.currentId = next.id;
    app.showSentenceTools(sentence);
    app.say(describe(next));
  }

  function describe(a) {
    const who = a.mine ? "yours" : a.editor;
    const note = a.note ? ". Note: " + a.note : "";
    return `${LABEL_NAMES[a.label]} on “${quoteText(a)}”, ${who}, ${a.when}${note}`;
  }

  function quoteText(a) {
    const marks = textRoot.querySelectorAll(`mark[data-annotation-id="${a.id}"]`);
    let text = "";
    let lastPara = null;
    for (const m of marks) {
      const para = m.closest(".para");
      if (lastPara && para !== lastPara) text += " ";
      text += m.textContent;
      lastPara = para;
    }
    return text.length > 60 ? text.slice(0, 59) + "…" : text;
  }

  Object.assign(app, {
    focusedSentence,
    annotationsIn,
    currentAnnotation,
    focusSentence,
    moveFocus,
    cycleAnnotation,
    quoteText,
  });
})();
