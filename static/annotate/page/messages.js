// Messages in reach and out of the way: a success fades after a few seconds, an error
// stays until dismissed (Esc or ×). Both are said in #announce, the polite live region,
// which sits in its own slot (beside the text, or in the bottom bar): it covers nothing.
// Loaded right after setup.js, so that the other scripts take this say().
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { announce } = app;
  const dismiss = document.getElementById("announce-dismiss");
  const SUCCESS_MS = 4000;
  let timer = null;

  function clear() {
    clearTimeout(timer);
    announce.textContent = "";
    announce.classList.remove("error", "fading");
    dismiss.hidden = true;
  }

  // Every message comes through here: app.say's and the server's (swapped into #announce).
  function shown() {
    clearTimeout(timer);
    announce.classList.remove("fading");
    const isError = announce.classList.contains("error");
    dismiss.hidden = !isError || !announce.textContent;
    if (isError || !announce.textContent) return;
    timer = setTimeout(() => {
      announce.classList.add("fading");
      timer = setTimeout(clear, 600);
    }, SUCCESS_MS);
  }

  app.say = function say(message, isError) {
    announce.textContent = message;
    announce.classList.toggle("error", Boolean(isError));
    shown();
  };

  // The server's messages (swapped into #announce) are successes: requests.js clears the
  // error class on a successful answer, in the same task as the swap.
  new MutationObserver(shown).observe(announce, { childList: true, characterData: true, subtree: true });

  dismiss.addEventListener("click", () => {
    clear();
    const el = app.focusedSentence();
    if (el) el.focus({ preventScroll: true });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && announce.classList.contains("error")) clear();
  });

  Object.assign(app, { clearMessage: clear });
})();
