// The annotate page: turn a selection or the focused sentence into a tag, by mouse or key.
// Offsets: the server counts Unicode code points, the DOM counts UTF-16 code units.
// offsetOf() converts at this one boundary; everything sent to the server is code points,
// with the quote the browser saw, which the server checks against its own text.
// The page never draws a mark itself: every highlight comes from the server's fragments,
// so what is shown is what is stored, even when a request fails.
"use strict";

(function () {
  const textRoot = document.getElementById("article-text");
  const dataNode = document.getElementById("page-data");
  if (!textRoot || !dataNode) return;
  const page = JSON.parse(dataNode.textContent);
  const toolbar = document.getElementById("toolbar");
  const focusBox = document.getElementById("focus-details");
  const details = document.getElementById("details");
  const noteForm = document.getElementById("note-form");
  const noteInput = document.getElementById("note-input");
  const help = document.getElementById("keys-help");
  const announce = document.getElementById("announce");
  const csrfInput = document.querySelector("#tag-form input[name=csrfmiddlewaretoken]");
  const KEYS = page.keys; // {"h": "hype", "1": "hype", ...}
  const LABEL_NAMES = page.labelNames; // {"hype": "Hype", ...}
  let focusIndex = null; // data-index of the focused sentence, kept across swaps
  let currentId = null; // data-annotation-id of the focused annotation in that sentence
  let wanted = null; // {start, end, moves} of a tag just sent: focus it once it is shown,
  let moves = 0; // unless the editor has moved on since (counted here)
  let noteFor = null; // the annotation whose note the form edits
  let mode = null; // what the toolbar shows: "selection", "sentence" or null (hidden)

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

  // The selected text as the editor sees it: one line per paragraph (a DOM range does not
  // hold the blank lines between paragraphs; the server compares with white space folded).
  function quoteOf(range) {
    const pieces = [];
    for (const para of textRoot.children) {
      if (!range.intersectsNode(para)) continue;
      const piece = document.createRange();
      piece.selectNodeContents(para);
      if (para.contains(range.startContainer)) piece.setStart(range.startContainer, range.startOffset);
      if (para.contains(range.endContainer)) piece.setEnd(range.endContainer, range.endOffset);
      pieces.push(piece.toString());
    }
    return pieces.join("\n").trim();
  }

  // The selection as {start, end, quote}, BLANK when only white space is selected, or null.
  const BLANK = {};
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
    if (lead === text.length) return BLANK;
    start += codePointLength(text.slice(0, lead));
    end -= codePointLength(text.slice(text.length - trail));
    return start < end ? { start, end, quote: quoteOf(range) } : BLANK;
  }

  // --- sentences, annotations and focus ------------------------------------------------

  function sentenceAt(index) {
    return document.getElementById("s-" + index);
  }

  function focusedSentence() {
    return focusIndex === null ? null : sentenceAt(focusIndex);
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
    const picked = all.find((a) => a.id === currentId);
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
    if (Number(el.dataset.index) !== focusIndex) currentId = null;
    if (annotationId !== undefined) currentId = annotationId;
    focusIndex = Number(el.dataset.index);
    el.setAttribute("tabindex", "0");
    el.setAttribute("aria-describedby", "details");
    if (document.activeElement !== el) el.focus({ preventScroll: false });
    showSentenceTools(el);
  }

  function moveFocus(step) {
    moves++;
    const current = focusedSentence();
    let next;
    if (current) next = sentenceAt(focusIndex + step) || current;
    else next = step > 0 ? textRoot.querySelector(".sentence") : lastSentence();
    focusSentence(next);
  }

  function lastSentence() {
    const all = textRoot.querySelectorAll(".sentence");
    return all[all.length - 1];
  }

  function cycleAnnotation() {
    const sentence = focusedSentence();
    if (!sentence) return say("Move to a sentence first (j/k).");
    const all = annotationsIn(sentence);
    if (!all.length) return say("No tags in this sentence.");
    const at = all.findIndex((a) => a.id === (currentAnnotation(sentence) || {}).id);
    const next = all[(at + 1) % all.length];
    currentId = next.id;
    showSentenceTools(sentence);
    say(describe(next));
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

  // --- toolbar and details -------------------------------------------------------------

  // The toolbar floats just above the first line of what it acts on, so that it hides
  // no more than the line above; below it when there is no room above.
  function place(rect) {
    toolbar.hidden = false;
    const height = toolbar.offsetHeight;
    const above = rect.top - height - 6;
    const top = above >= 0 ? above : rect.bottom + 6;
    toolbar.style.top = window.scrollY + top + "px";
    // Inside the article's column: the side panel stays readable.
    const right = textRoot.getBoundingClientRect().right - toolbar.offsetWidth;
    toolbar.style.left = window.scrollX + Math.max(8, Math.min(rect.left, right)) + "px";
  }

  function showSelectionTools(rect) {
    mode = "selection";
    details.replaceChildren();
    focusBox.hidden = true;
    closeNote();
    textRoot.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
    place(rect);
  }

  function showSentenceTools(sentence) {
    mode = "sentence";
    const all = annotationsIn(sentence);
    const current = currentAnnotation(sentence);
    textRoot.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
    if (current) {
      textRoot
        .querySelectorAll(`mark[data-annotation-id="${current.id}"]`)
        .forEach((m) => m.classList.add("current"));
    }
    details.replaceChildren(...all.map((a) => detailItem(a, current && a.id === current.id)));
    details.hidden = all.length === 0;
    focusBox.querySelector(".empty").hidden = all.length > 0;
    focusBox.hidden = false;
    if (noteFor && !all.some((a) => a.id === noteFor.id)) closeNote();
    place(sentence.getClientRects()[0] || sentence.getBoundingClientRect());
  }

  function detailItem(a, isCurrent) {
    const li = document.createElement("li");
    li.dataset.annotationId = a.id;
    if (isCurrent) li.setAttribute("aria-current", "true");
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.dataset.label = a.label;
    badge.textContent = LABEL_NAMES[a.label];
    const quote = document.createElement("q");
    quote.textContent = quoteText(a);
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = `${a.mine ? "you" : a.editor} · ${a.when}`;
    li.append(badge, " ", quote, " ", who);
    if (a.note) {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = a.note;
      li.append(note);
    }
    if (a.mine || page.canEditAll) {
      const actions = document.createElement("span");
      actions.className = "actions";
      if (a.mine) actions.append(button("note", a.note ? "Edit note" : "Add note", "n"));
      actions.append(button("remove", "Remove", "x"));
      li.append(actions);
    }
    return li;
  }

  function button(action, text, key) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.action = action;
    const kbd = document.createElement("kbd");
    kbd.textContent = key;
    b.append(kbd, " " + text);
    return b;
  }

  function hideToolbar() {
    mode = null;
    toolbar.hidden = true;
    focusBox.hidden = true;
    closeNote();
    textRoot.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
  }

  function openNote() {
    const sentence = focusedSentence();
    const a = sentence && currentAnnotation(sentence);
    if (!a || !a.mine) return say("Focus one of your tags first (j/k, then a).");
    noteFor = a;
    noteForm.hidden = false;
    noteInput.value = a.note;
    noteInput.focus();
  }

  function closeNote() {
    noteFor = null;
    noteForm.hidden = true;
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
    const selected = selectionSpan();
    if (selected === BLANK) {
      say("Only white space is selected: nothing to tag.");
      return;
    }
    const sentence = focusedSentence();
    const span = selected || (sentence && sentenceSpan(sentence));
    if (!span) {
      say("Select some text or move to a sentence first (j/k).");
      return;
    }
    wanted = { start: span.start, end: span.end, moves };
    const values = { start: span.start, end: span.end, quote: span.quote, label: label };
    // Re-tagging my own span: say which version I saw, so a lead's change since is not
    // overwritten unseen (the server answers 409 and says so).
    const mine = textRoot.querySelector(
      `mark[data-mine][data-ann-start="${span.start}"][data-ann-end="${span.end}"]`,
    );
    if (mine && mine.dataset.version) values.version = mine.dataset.version;
    post(page.tagUrl, values);
    if (selected) {
      window.getSelection().removeAllRanges();
      hideToolbar();
    }
  }

  function removeCurrent() {
    const sentence = focusedSentence();
    const a = sentence && currentAnnotation(sentence);
    if (!a) {
      say("No tag of yours on this sentence to remove.");
      return;
    }
    if (!a.mine && !page.canEditAll) {
      say(`That tag is ${a.editor}'s: you can only remove your own.`, true);
      return;
    }
    currentId = null;
    post(page.deleteUrl.replace("/0/delete/", "/" + a.id + "/delete/"), { version: a.version });
  }

  function sentenceSpan(el) {
    return { start: Number(el.dataset.start), end: Number(el.dataset.end), quote: el.textContent };
  }

  function redirectedToLogin(xhr) {
    return Boolean(xhr.responseURL) && new URL(xhr.responseURL).pathname === page.loginUrl;
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
      wanted = null;
      say("You are logged out: nothing was saved. Log in again, then reload this page.", true);
    } else if (event.detail.successful) {
      announce.classList.remove("error");
    }
  });
  document.body.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    wanted = null;
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
    wanted = null;
    say("The network failed: the change was not saved. Check the connection and try again.", true);
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    // The server's fragments replaced paragraphs: put focus and the details back.
    if (wanted) {
      const sel = `mark[data-mine][data-ann-start="${wanted.start}"][data-ann-end="${wanted.end}"]`;
      const mark = textRoot.querySelector(sel);
      const stayed = wanted.moves === moves;
      wanted = null;
      if (mark && stayed) {
        focusSentence(mark.closest(".sentence"), mark.dataset.annotationId);
        return;
      }
    }
    const el = focusedSentence();
    if (!el) return;
    if (mode === "sentence") showSentenceTools(el);
    if (document.activeElement === document.body || !document.activeElement) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("aria-describedby", "details");
      el.focus({ preventScroll: true });
    }
  });

  // --- mouse and keys ------------------------------------------------------------------

  textRoot.addEventListener("mouseup", (event) => {
    moves++;
    const span = selectionSpan();
    if (span === BLANK) return;
    if (span) {
      const range = window.getSelection().getRangeAt(0);
      showSelectionTools(range.getClientRects()[0] || range.getBoundingClientRect());
      return;
    }
    const sentence = event.target.closest(".sentence");
    const mark = event.target.closest("mark[data-annotation-id]");
    if (sentence) focusSentence(sentence, mark ? mark.dataset.annotationId : undefined);
  });

  toolbar.addEventListener("mousedown", (event) => event.preventDefault()); // keep selection
  toolbar.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-tag]");
    if (b) tag(b.dataset.tag);
  });
  details.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-action]");
    if (!b) return;
    currentId = b.closest("li[data-annotation-id]").dataset.annotationId;
    if (b.dataset.action === "remove") removeCurrent();
    else openNote();
  });

  noteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!noteFor) return;
    const a = noteFor;
    wanted = { start: a.start, end: a.end, moves };
    post(page.tagUrl, {
      start: a.start,
      end: a.end,
      label: a.label,
      note: noteInput.value,
      version: a.version,
    });
    closeNote();
    const el = focusedSentence();
    if (el) el.focus({ preventScroll: true });
  });
  noteForm.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    closeNote();
    const el = focusedSentence();
    if (el) el.focus({ preventScroll: true });
  });
  noteForm.querySelector("[data-cancel]").addEventListener("click", () => {
    closeNote();
    const el = focusedSentence();
    if (el) el.focus({ preventScroll: true });
  });

  // Keyboard selection: Shift+Right/Left select word by word from the focused sentence's
  // start (and across sentences), so a phrase can be tagged without a mouse.
  function extendSelection(forward) {
    const sel = window.getSelection();
    const inside = sel.rangeCount > 0 && textRoot.contains(sel.anchorNode);
    if (!inside || sel.isCollapsed) {
      const sentence = focusedSentence();
      const walker = sentence && document.createTreeWalker(sentence, NodeFilter.SHOW_TEXT);
      const first = walker && walker.nextNode();
      if (!first) {
        say("Move to a sentence first (j/k), then Shift+Right selects word by word.");
        return;
      }
      sel.collapse(first, 0);
    }
    sel.modify("extend", forward ? "forward" : "backward", "word");
    moves++;
    if (selectionSpan()) {
      const range = sel.getRangeAt(0);
      showSelectionTools(range.getClientRects()[0] || range.getBoundingClientRect());
    }
  }

  function toggleHelp(open) {
    help.classList.toggle("open", open);
    if (help.classList.contains("open")) help.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const key = event.key;
    const inText = textRoot.contains(document.activeElement);
    const lower = key.length === 1 ? key.toLowerCase() : key;
    if (KEYS[lower]) {
      tag(KEYS[lower]);
    } else if (event.shiftKey && (key === "ArrowRight" || key === "ArrowLeft")) {
      extendSelection(key === "ArrowRight");
    } else if (key === "j" || (inText && (key === "ArrowDown" || key === "ArrowRight"))) {
      moveFocus(1);
    } else if (key === "k" || (inText && (key === "ArrowUp" || key === "ArrowLeft"))) {
      moveFocus(-1);
    } else if (key === "a") {
      cycleAnnotation();
    } else if (key === "n") {
      openNote();
    } else if (key === "x" || key === "Delete") {
      removeCurrent();
    } else if (key === "Escape") {
      moves++;
      window.getSelection().removeAllRanges();
      hideToolbar();
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
