// Finishing: Shift+F marks the editor's layer finished, or reopens it, through the
// panel's own button (an htmx form), so the key and the click are one path. Listens in the
// capture phase: keys.js would otherwise read "F" as f, and tag the sentence as fact.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "F" || !event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      if (event.target.closest("input, textarea, select, [contenteditable]")) return;
      const button = document.querySelector("[data-finish-toggle]");
      if (!button) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      button.form.requestSubmit(button);
    },
    true,
  );
})();
