// Talking to the server: tag and remove requests through htmx, and what its answers mean
// for the page (refusals said aloud, focus put back once its fragments are swapped in).
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { textRoot, announce, csrfInput, state, say } = app;

  function post(url, values) {
    return htmx.ajax("POST", url, {
      values: values,
      swap: "none",
      headers: { "X-CSRFToken": csrfInput.value, "X-Article-Sha": textRoot.dataset.sha },
    });
  }

  function tag(label) {
    const selected = app.selectionSpan();
    if (selected === app.BLANK) {
      say("Only white space is selected: nothing to tag.");
      return;
    }
    const sentence = app.focusedSentence();
    const span = selected || (sentence && sentenceSpan(sentence));
    if (!span) {
      say("Select some text or move to a sentence first (j/k).");
      return;
    }
    state.wanted = { start: span.start, end: span.end, moves: state.moves };
    const values = { start: span.start, end: span.end, quote: span.quote, label: label };
    // Re-tagging my own span: say which version I saw, so a lead's change since is not
    // overwritten unseen (the server answers 409 and says so).
    const mine = textRoot.querySelector(
      `mark[data-mine][data-ann-start="${span.start}"][data-ann-end="${span.end}"]`,
    );
    if (mine && mine.dataset.version) values.version = mine.dataset.version;
    post(app.data.tagUrl, values);
    if (selected) {
      window.getSelection().removeAllRanges();
      app.hideToolbar();
    } else {
      app.closeAfterTag();
    }
  }

  function removeCurrent() {
    const sentence = app.focusedSentence();
    const a = sentence && app.currentAnnotation(sentence);
    if (!a) {
      say("No tag of yours on this sentence to remove.");
      return;
    }
    if (!a.mine && !app.data.canEditAll) {
      say(`That tag is ${a.editor}'s: you can only remove your own.`, true);
      return;
    }
    state.currentId = null;
    post(app.data.deleteUrl.replace("/0/delete/", "/" + a.id + "/delete/"), { version: a.version });
  }

  function sentenceSpan(el) {
    return { start: Number(el.dataset.start), end: Number(el.dataset.end), quote: el.textContent };
  }

  function redirectedToLogin(xhr) {
    return Boolean(xhr.responseURL) && new URL(xhr.responseURL).pathname === app.data.loginUrl;
  }

  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (redirectedToLogin(event.detail.xhr)) {
      event.detail.shouldSwap = false;
      event.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail.xhr;
    if (redirectedToLogin(xhr)) {
      state.wanted = null;
      say("You are logged out: nothing was saved. Log in again, then reload this page.", true);
    } else if (event.detail.successful) {
      announce.classList.remove("error");
    }
  });
  document.body.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    state.wanted = null;
    let message = xhr.responseText || "The server refused the change.";
    if (xhr.status === 403) {
      message =
        "Your session changed (logged out, or logged in again in another tab): nothing was " +
        "saved. Reload the page to go on.";
    } else if (xhr.status === 404) {
      message = "That tag is gone or is not yours to change.";
    } else if (xhr.status >= 500) {
      message = "The server failed to save the change. Nothing was changed; try again.";
    }
    say(message.slice(0, 300), true);
  });
  document.body.addEventListener("htmx:sendError", () => {
    state.wanted = null;
    say("The network failed: the change was not saved. Check the connection and try again.", true);
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    // The server's fragments replaced paragraphs: put focus and the details back.
    const wanted = state.wanted;
    if (wanted) {
      const sel = `mark[data-mine][data-ann-start="${wanted.start}"][data-ann-end="${wanted.end}"]`;
      const mark = textRoot.querySelector(sel);
      const stayed = wanted.moves === state.moves;
      state.wanted = null;
      if (mark && stayed) {
        app.focusSentence(mark.closest(".sentence"), mark.dataset.annotationId);
        return;
      }
    }
    const el = app.focusedSentence();
    if (!el) return;
    if (state.mode === "sentence") app.showSentenceTools(el);
    if (document.activeElement === document.body || !document.activeElement) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("aria-describedby", "details");
      el.focus({ preventScroll: true });
    }
  });

  Object.assign(app, { post, tag, removeCurrent });
})();
