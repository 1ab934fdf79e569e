// Undo: the Undo button in the message, `u` and Ctrl+Z (Cmd+Z) take back the editor's last
// change on this article, again and again back through their own history. The server does
// it (POST undoUrl) and answers like any change: the fragments it touched and a message, or
// a refusal (409) saying why, e.g. a lead changed the tag since.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { announce, state } = app;

  function undo() {
    state.wanted = null;
    app.post(app.data.undoUrl, {});
  }

  announce.addEventListener("click", (event) => {
    if (event.target.closest("button[data-undo]")) undo();
  });
  document.addEventListener("keydown", (event) => {
    // In a field, Ctrl+Z undoes typing, as everywhere; with the key list open, nothing.
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (app.help && app.help.open) return;
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    const ctrlZ =
      (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key === "z";
    if (!ctrlZ && !(plain && event.key === "u")) return;
    event.preventDefault();
    undo();
  });

  Object.assign(app, { undo });
})();
