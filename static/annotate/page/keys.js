// Mouse and keys: a selection or a click shows the tools; h/f/s (1/2/3) tag, j/k move,
// a cycles tags, n notes, x removes, Shift+Right/Left select word by word. Loaded last:
// it marks the page ready once every script has run.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { textRoot, toolbar, details, noteForm, noteInput, help, state, say } = app;
  const KEYS = app.data.keys; // {"h": "hype", "1": "hype", ...}

  function showSelectionToolsFor(sel) {
    const range = sel.getRangeAt(0);
    app.showSelectionTools(range.getClientRects()[0] || range.getBoundingClientRect());
  }

  textRoot.addEventListener("mouseup", (event) => {
    state.moves++;
    const span = app.selectionSpan();
    if (span === app.BLANK) return;
    if (span) {
      showSelectionToolsFor(window.getSelection());
      return;
    }
    const sentence = event.target.closest(".sentence");
    const mark = event.target.closest("mark[data-annotation-id]");
    if (sentence) app.focusSentence(sentence, mark ? mark.dataset.annotationId : undefined);
  });

  toolbar.addEventListener("mousedown", (event) => event.preventDefault()); // keep selection
  toolbar.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-tag]");
    if (b) app.tag(b.dataset.tag);
  });
  details.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-action]");
    if (!b) return;
    state.currentId = b.closest("li[data-annotation-id]").dataset.annotationId;
    if (b.dataset.action === "remove") app.removeCurrent();
    else app.openNote();
  });

  function closeNoteAndRefocus() {
    app.closeNote();
    const el = app.focusedSentence();
    if (el) el.focus({ preventScroll: true });
  }

  noteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!state.noteFor) return;
    const a = state.noteFor;
    state.wanted = { start: a.start, end: a.end, moves: state.moves };
    app.post(app.data.tagUrl, {
      start: a.start,
      end: a.end,
      label: a.label,
      note: noteInput.value,
      version: a.version,
    });
    closeNoteAndRefocus();
  });
  noteForm.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    closeNoteAndRefocus();
  });
  noteForm.querySelector("[data-cancel]").addEventListener("click", closeNoteAndRefocus);

  // Keyboard selection: Shift+Right/Left select word by word from the focused sentence's
  // start (and across sentences), so a phrase can be tagged without a mouse.
  function extendSelection(forward) {
    const sel = window.getSelection();
    const inside = sel.rangeCount > 0 && textRoot.contains(sel.anchorNode);
    if (!inside || sel.isCollapsed) {
      const sentence = app.focusedSentence();
      const walker = sentence && document.createTreeWalker(sentence, NodeFilter.SHOW_TEXT);
      const first = walker && walker.nextNode();
      if (!first) {
        say("Move to a sentence first (j/k), then Shift+Right selects word by word.");
        return;
      }
      sel.collapse(first, 0);
    }
    sel.modify("extend", forward ? "forward" : "backward", "word");
    state.moves++;
    if (app.selectionSpan()) showSelectionToolsFor(sel);
  }

  // The key list is a modal <dialog>: Esc (the browser's) or its Close button closes it.
  function toggleHelp(open) {
    if (help.open || open === false) help.close();
    else help.showModal();
  }
  document.getElementById("keys-open").addEventListener("click", () => toggleHelp(true));

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const key = event.key;
    if (help.open && key !== "?") return;
    const inText = textRoot.contains(document.activeElement);
    const lower = key.length === 1 ? key.toLowerCase() : key;
    if (KEYS[lower]) {
      app.tag(KEYS[lower]);
    } else if (event.shiftKey && (key === "ArrowRight" || key === "ArrowLeft")) {
      extendSelection(key === "ArrowRight");
    } else if (key === "j" || (inText && (key === "ArrowDown" || key === "ArrowRight"))) {
      app.moveFocus(1);
    } else if (key === "k" || (inText && (key === "ArrowUp" || key === "ArrowLeft"))) {
      app.moveFocus(-1);
    } else if (key === "a") {
      app.cycleAnnotation();
    } else if (key === "n") {
      app.openNote();
    } else if (key === "x" || key === "Delete") {
      app.removeCurrent();
    } else if (key === "Escape") {
      state.moves++;
      window.getSelection().removeAllRanges();
      app.hideToolbar();
      toggleHelp(false);
    } else if (key === "?") {
      toggleHelp();
    } else {
      return;
    }
    event.preventDefault();
  });

  performance.mark("annotate:ready");
  document.documentElement.dataset.ready = "1";
})();
