// The annotate page's scripts: setup.js (this file), offsets.js, focus.js, toolbar.js,
// requests.js and keys.js, loaded in that order with <script defer>. No build step: plain
// scripts sharing one object, window.annotatePage, made here only on the annotate page.
// The page never draws a mark itself: every highlight comes from the server's fragments,
// so what is shown is what is stored, even when a request fails.
"use strict";

(function () {
  const textRoot = document.getElementById("article-text");
  const dataNode = document.getElementById("page-data");
  if (!textRoot || !dataNode) return;
  const announce = document.getElementById("announce");

  function say(message, isError) {
    announce.textContent = message;
    announce.classList.toggle("error", Boolean(isError));
  }

  window.annotatePage = {
    data: JSON.parse(dataNode.textContent), // keys, labelNames, URLs, canEditAll
    textRoot,
    announce,
    toolbar: document.getElementById("toolbar"),
    focusBox: document.getElementById("focus-details"),
    details: document.getElementById("details"),
    noteForm: document.getElementById("note-form"),
    noteInput: document.getElementById("note-input"),
    help: document.getElementById("keys-help"),
    csrfInput: document.querySelector("#tag-form input[name=csrfmiddlewaretoken]"),
    state: {
      focusIndex: null, // data-index of the focused sentence, kept across swaps
      currentId: null, // data-annotation-id of the focused annotation in that sentence
      wanted: null, // {start, end, moves} of a tag just sent: focus it once it is shown,
      moves: 0, // unless the editor has moved on since (counted here)
      noteFor: null, // the annotation whose note the form edits
      mode: null, // what the toolbar shows: "selection", "sentence" or null (hidden)
      closedAt: null, // state.moves when a tag closed the toolbar (it stays closed till a move)
    },
    say,
  };

  // A mark's tooltip (label · editor · time · note), made when the pointer first reaches
  // it: the server sends those details once, as data attributes, not again as a title.
  const names = window.annotatePage.data.labelNames;
  textRoot.addEventListener("mouseover", (event) => {
    const mark = event.target.closest("mark[data-annotation-id]");
    if (!mark || mark.title) return;
    const { label, editor, when, note } = mark.dataset;
    mark.title = [names[label], editor, when, note].filter(Boolean).join(" · ");
  });
})();
