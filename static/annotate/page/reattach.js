// "Find again" beside an orphan in the panel: select the words the tag belongs on, then
// press the button (a click or Enter keeps the selection); the server checks the span as
// it checks a tag's and answers with the changed fragments.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;

  function button(event) {
    return event.target instanceof Element ? event.target.closest("button[data-reattach-url]") : null;
  }

  // The panel is swapped by htmx: listen on the document, and keep the selection a
  // mouse press would otherwise clear.
  document.addEventListener("mousedown", (event) => {
    if (button(event)) event.preventDefault();
  });
  document.addEventListener("click", (event) => {
    const el = button(event);
    if (!el) return;
    const span = app.selectionSpan();
    if (!span || span === app.BLANK) {
      app.say("Select the words this tag belongs on in the text, then press Find again.", true);
      return;
    }
    app.post(el.dataset.reattachUrl, { start: span.start, end: span.end, quote: span.quote });
    window.getSelection().removeAllRanges();
    app.hideToolbar();
  });
})();
