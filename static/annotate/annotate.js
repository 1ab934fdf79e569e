// The annotate page: turn a selection or the focused sentence into a tag, by mouse or key.
// Offsets: the server counts Unicode code points, the DOM counts UTF-16 code units.
// offsetOf() converts at this one boundary; everything sent to the server is code points.
"use strict";

(function () {
  const textRoot = document.getElementById("article-text");
  const dataNode = document.getElementById("page-data");
  if (!textRoot || !dataNode) return;
  const page = JSON.parse(dataNode.textContent);
  const toolbar = document.getElementById("toolbar");
  const announce = document.getElementById("announce");
  const csrfInput = document.querySelector("#tag-form input[name=csrfmiddlewaretoken]");
  const KEYS = page.keys; // {"h": "hype", "1": "hype", ...}
  let focusIndex = null; // data-index of the focused sentence, kept across swaps
  let pendingSpan = null; // {start, end} of the selection the toolbar acts on

  // --- offsets -------------------------------------------------------------------------

  function codePointLength(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      // A high surrogate followed by a low one is one code point.
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    return n;
  }

  // The code point offset of a DOM point (node, offset) inside #article-text.
  function offsetOf(node, offset) {
    if (node === textRoot) {
      const paras = textRoot.children;
      if (offset >= paras.length) return Number(paras[paras.length - 1].dataset.end);
      return Number(paras[offset].dataset.start);
    }
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const para = el.closest(".para");
    const range = document.createRange();
    range.setStart(para, 0);
    range.setEnd(node, offset);
    return Number(para.dataset.start) + codePointLength(range.toString());
  }

  function selectionSpan() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    if (!textRoot.contains(range.startContainer) || !textRoot.contains(range.endContainer)) {
      return null;
    }
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    // Trim white space at the edges (the server trims too, and refuses an empty span).
    const text = range.toString();
    const lead = text.length - text.trimStart().length;
    const trail = text.length - text.trimEnd().length;
    if (lead === text.length) return null;
    start += codePointLength(text.slice(0, lead));
    end -= codePointLength(text.slice(text.length - trail));
    return start < end ? { start, end } : null;
  }

  // --- sentences and focus -------------------------------------------------------------

  function sentences() {
    return textRoot.querySelectorAll(".sentence");
  }

  function focusSentence(el) {
    if (!el) return;
    sentences().forEach((s) => s.setAttribute("tabindex", "-1"));
    el.setAttribute("tabindex", "0");
    el.focus({ preventScroll: false });
    focusIndex = Number(el.dataset.index);
    pendingSpan = null;
    showToolbar(el.getBoundingClientRect(), myMarkIn(el));
  }

  function focusedSentence() {
    return focusIndex === null ? null : document.getElementById("s-" + focusIndex);
  }

  function moveFocus(step) {
    const all = Array.from(sentences());
    if (!all.length) return;
    const current = focusedSentence();
    let i = current ? all.indexOf(current) + step : step > 0 ? 0 : all.length - 1;
    i = Math.max(0, Math.min(all.length - 1, i));
    focusSentence(all[i]);
  }

  // The editor's own annotation in a sentence: the one on the whole sentence if any,
  // else the innermost of theirs.
  function myMarkIn(sentence) {
    const mine = Array.from(sentence.querySelectorAll("mark[data-mine]"));
    const whole = mine.find(
      (m) => m.dataset.annStart === sentence.dataset.start && m.dataset.annEnd === sentence.dataset.end,
    );
    return whole || mine[mine.length - 1] || null;
  }

  // --- toolbar -------------------------------------------------------------------------

  function showToolbar(rect, removable) {
    toolbar.hidden = false;
    toolbar.querySelector("[data-remove]").hidden = !removable;
    const top = window.scrollY + rect.bottom + 6;
    const left = Math.max(8, window.scrollX + rect.left);
    toolbar.style.top = top + "px";
    toolbar.style.left = left + "px";
  }

  function hideToolbar() {
    toolbar.hidden = true;
    pendingSpan = null;
  }

  // --- talking to the server -----------------------------------------------------------

  function say(message, isError) {
    announce.textContent = message;
    announce.classList.toggle("error", Boolean(isError));
  }

  function post(url, values) {
    return htmx.ajax("POST", url, {
      values: values,
      swap: "none",
      headers: { "X-CSRFToken": csrfInput.value, "X-Article-Sha": textRoot.dataset.sha },
    });
  }

  function tag(label) {
    const span = pendingSpan || selectionSpan() || sentenceSpan(focusedSentence());
    if (!span) {
      say("Select some text or move to a sentence first (j/k).");
      return;
    }
    const values = { start: span.start, end: span.end, label: label };
    // Re-tagging my own span: say which version I saw, so a lead's change since is not
    // overwritten unseen (the server answers 409 and says so).
    const mine = textRoot.querySelector(
      `mark[data-mine][data-ann-start="${span.start}"][data-ann-end="${span.end}"]`,
    );
    if (mine && mine.dataset.version) values.version = mine.dataset.version;
    post(page.tagUrl, values);
    window.getSelection().removeAllRanges();
    hideToolbar();
  }

  function removeFocused() {
    const sentence = focusedSentence();
    const mark = sentence && myMarkIn(sentence);
    if (!mark) {
      say("No tag of yours on this sentence to remove.");
      return;
    }
    post(page.deleteUrl.replace("/0/delete/", "/" + mark.dataset.annotationId + "/delete/"), {
      version: mark.dataset.version,
    });
    hideToolbar();
  }

  function sentenceSpan(el) {
    return el ? { start: Number(el.dataset.start), end: Number(el.dataset.end) } : null;
  }

  document.body.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    let message = xhr.responseText || "The server refused the change.";
    if (xhr.status === 403) {
      message = "Your session changed (logged out, or in another tab). Reload the page to go on.";
    } else if (xhr.status === 404) {
      message = "That tag is gone or is not yours to change.";
    } else if (xhr.status >= 500) {
      message = "The server failed to save the change. Nothing was changed; try again.";
    }
    say(message.slice(0, 300), true);
  });
  document.body.addEventListener("htmx:sendError", () => {
    say("The network failed: the change was not saved. Check the connection and try again.", true);
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    // The paragraph holding the focused sentence may have been replaced: restore focus.
    const el = focusedSentence();
    if (el && document.activeElement === document.body) {
      el.setAttribute("tabindex", "0");
      el.focus({ preventScroll: true });
    }
  });

  // --- mouse and keys ------------------------------------------------------------------

  textRoot.addEventListener("mouseup", () => {
    const span = selectionSpan();
    if (span) {
      pendingSpan = span;
      const rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
      showToolbar(rect, false);
      return;
    }
    const sentence = window.getSelection().anchorNode?.parentElement?.closest(".sentence");
    if (sentence) focusSentence(sentence);
  });

  toolbar.addEventListener("mousedown", (event) => event.preventDefault()); // keep selection
  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.tag) tag(button.dataset.tag);
    else if (button.hasAttribute("data-remove")) removeFocused();
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    const key = event.key;
    const inText = textRoot.contains(document.activeElement);
    if (KEYS[key.toLowerCase()]) {
      tag(KEYS[key.toLowerCase()]);
    } else if (key === "j" || (inText && (key === "ArrowDown" || key === "ArrowRight"))) {
      moveFocus(1);
    } else if (key === "k" || (inText && (key === "ArrowUp" || key === "ArrowLeft"))) {
      moveFocus(-1);
    } else if (key === "x" || key === "Delete") {
      removeFocused();
    } else if (key === "Escape") {
      window.getSelection().removeAllRanges();
      hideToolbar();
    } else if (key === "?") {
      const help = document.getElementById("keys-help");
      help.classList.toggle("open");
      help.scrollIntoView({ block: "nearest" });
    } else {
      return;
    }
    event.preventDefault();
  });
})();
