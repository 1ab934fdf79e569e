// Narrow screens and touch: the label buttons join the bottom bar (#reach), the page keeps
// room for the bar, and a phrase selected by touch (the selection handles) can be tagged.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { textRoot, toolbar, state } = app;
  const reach = document.getElementById("reach");
  const narrow = window.matchMedia("(max-width: 60rem)");
  const home = { parent: toolbar.parentNode, next: toolbar.nextSibling };

  function layout() {
    if (narrow.matches && toolbar.parentNode !== reach) {
      reach.prepend(toolbar);
    } else if (!narrow.matches && toolbar.parentNode === reach) {
      home.parent.insertBefore(toolbar, home.next);
    }
    room();
  }

  // The bar is fixed at the bottom: the page scrolls far enough that it hides nothing,
  // and focus moves (j/k) keep the sentence above it.
  function room() {
    const height = narrow.matches ? reach.offsetHeight : 0;
    document.body.style.paddingBottom = height ? height + 16 + "px" : "";
    document.documentElement.style.scrollPaddingBottom = height ? height + 8 + "px" : "";
    const el = height && app.focusedSentence();
    if (!el) return;
    // The bar grew over the focused sentence: scroll it back above the bar.
    const rect = el.getBoundingClientRect();
    const over = rect.bottom - (window.innerHeight - height - 8);
    if (over > 0) window.scrollBy(0, Math.min(over, Math.max(rect.top - 8, 0)));
  }

  narrow.addEventListener("change", layout);
  new ResizeObserver(room).observe(reach);
  layout();

  // Touch selection: no mouseup follows the handles, so watch the selection itself; and a
  // tap on a label button may collapse it first, so the last one made by touch is kept
  // while the toolbar shows it.
  let pointer = "mouse";
  let held = null;
  let timer = null;
  document.addEventListener("pointerdown", (event) => {
    pointer = event.pointerType;
    if (textRoot.contains(event.target)) held = null;
  });
  document.addEventListener("selectionchange", () => {
    if (pointer !== "touch") return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const span = liveSpan();
      if (!span || span === app.BLANK) return;
      held = span;
      state.moves++;
      const range = window.getSelection().getRangeAt(0);
      app.showSelectionTools(range.getClientRects()[0] || range.getBoundingClientRect());
    }, 200);
  });

  const liveSpan = app.selectionSpan;
  app.selectionSpan = function selectionSpan() {
    const span = liveSpan();
    if (span) return span;
    return state.mode === "selection" ? held : null;
  };
})();
