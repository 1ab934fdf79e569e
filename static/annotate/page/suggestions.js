// Suggestions (issue 14): g shows or hides them, y accepts the focused sentence's (it becomes
// the editor's own tag, through the same POST as h/f/s), Shift+Y hides it for this editor
// (and shows it again). Loaded after requests.js and before keys.js. The suggestions are
// fetched only once shown, so the page's load never waits for them; the page draws no tag
// from them: only an outline and a ghost badge (CSS) on the sentence, attributes only.
"use strict";

(function () {
  const app = window.annotatePage;
  const box = document.getElementById("suggestions");
  if (!app || !box) return;
  const { textRoot, state, say } = app;
  const toggle = document.getElementById("suggestions-toggle");
  const status = document.getElementById("suggestions-status");
  const detail = document.getElementById("suggestion-detail");
  const tip = document.getElementById("suggestion-tip");
  const storeKey = "annotate:suggestions:" + box.dataset.user;
  const LABEL_NAMES = app.data.labelNames;
  app.focusBox.append(detail); // the focused sentence's box shows its suggestion too
  document.body.append(tip); // positioned on the page, not inside the sticky side column

  const sugg = { shown: false, body: null, bySpan: new Map(), loading: null, marked: false };
  const key = (start, end) => start + ":" + end;

  function load() {
    if (sugg.loading) return sugg.loading;
    sugg.loading = fetch(box.dataset.url, { headers: { Accept: "application/json" } })
      .then((response) => {
        if (response.redirected) throw new Error("You are logged out: log in again, then reload.");
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        return response.json();
      })
      .then((body) => {
        sugg.body = body;
        sugg.bySpan = new Map(body.suggestions.map((s) => [key(s.start, s.end), s]));
        if (body.message) say(body.message, true);
        return body;
      })
      .catch((error) => {
        sugg.loading = null;
        throw error;
      });
    return sugg.loading;
  }

  // The suggestion the page shows on a sentence: at or above the threshold, not hidden by
  // this editor, and not where the editor has tagged the whole sentence already.
  function suggestionOf(sentence, mine, withDismissed) {
    if (!sugg.shown || !sugg.body || !sentence) return null;
    const s = sugg.bySpan.get(key(sentence.dataset.start, sentence.dataset.end));
    if (!s || s.score < sugg.body.threshold) return null;
    if (s.dismissed && !withDismissed) return null;
    if (mine.has(key(s.start, s.end))) return null;
    return s;
  }

  function ownSpans() {
    const mine = new Set();
    for (const m of textRoot.querySelectorAll("mark[data-mine]")) {
      mine.add(key(m.dataset.annStart, m.dataset.annEnd));
    }
    return mine;
  }

  function draw() {
    const mine = ownSpans();
    let count = 0;
    for (const el of textRoot.querySelectorAll(".sentence")) {
      const s = suggestionOf(el, mine, false);
      if (s) {
        count++;
        if (el.dataset.suggested !== s.label) el.dataset.suggested = s.label;
      } else if (el.dataset.suggested) {
        delete el.dataset.suggested;
      }
    }
    textRoot.classList.toggle("suggestions-on", sugg.shown);
    toggle.setAttribute("aria-pressed", String(sugg.shown));
    toggle.querySelector("span").textContent = sugg.shown ? "Hide suggestions" : "Show suggestions";
    if (sugg.shown && sugg.body) {
      const b = sugg.body;
      const words = count === 1 ? "1 sentence" : `${count} sentences`;
      status.textContent =
        (b.message ? b.message + " " : "") +
        `${words} suggested by ${b.suggester} (score ${b.threshold} or more). ` +
        "Move to one (j/k): y accepts it, Shift+Y hides it.";
      status.classList.toggle("error", Boolean(b.message));
      if (!sugg.marked) {
        sugg.marked = true;
        performance.mark("annotate:suggestions-shown");
        document.documentElement.dataset.suggestions = "shown";
      }
    } else if (!sugg.shown) {
      status.textContent = "Off: g shows them.";
      status.classList.remove("error");
    }
    showDetail(app.focusedSentence());
  }

  function setShown(shown) {
    sugg.shown = shown;
    try {
      localStorage.setItem(storeKey, shown ? "1" : "0");
    } catch (error) {
      // private windows may refuse storage: the choice then lasts as long as the page
    }
    if (!shown || sugg.body) return draw();
    status.textContent = "Loading suggestions…";
    status.classList.remove("error");
    load().then(draw, (error) => {
      sugg.shown = false;
      draw();
      status.textContent = `The suggestions could not be loaded (${error.message}). The page works without them; press g to try again.`;
      status.classList.add("error");
    });
  }

  // Reasons as list items: each cue's words underlined, then what the rule says of them.
  function reasonItems(s) {
    return s.reasons.map((r) => {
      const li = document.createElement("li");
      const words = document.createElement("u");
      words.textContent = r.text;
      const prefix = `'${r.text}': `;
      const rule = r.rule.startsWith(prefix) ? r.rule.slice(prefix.length) : r.rule;
      li.append(words, ": " + rule);
      return li;
    });
  }

  function ghostBadge(s) {
    const badge = document.createElement("span");
    badge.className = "ghost-badge";
    badge.textContent = "suggested " + s.label;
    return badge;
  }

  function summary(s) {
    const p = document.createElement("p");
    const percent = Math.round(s.score * 100);
    p.append(ghostBadge(s), ` ${LABEL_NAMES[s.label]}, ${percent}% · ${sugg.body.suggester}`);
    return p;
  }

  function showDetail(sentence) {
    highlightCues(null);
    const s = suggestionOf(sentence, ownSpans(), true);
    if (!s || !sentence) {
      detail.hidden = true;
      return;
    }
    if (s.dismissed) {
      const p = document.createElement("p");
      p.className = "help";
      p.textContent = `You hid the suggestion (${s.label}) on this sentence: Shift+Y shows it again.`;
      detail.replaceChildren(p);
    } else {
      const list = document.createElement("ul");
      list.className = "suggestion-reasons";
      list.append(...reasonItems(s));
      const actions = document.createElement("p");
      actions.className = "actions";
      actions.append(button("accept", "y", "Accept"), button("dismiss", "Shift+Y", "Hide"));
      detail.replaceChildren(summary(s), list, actions);
      highlightCues(s, sentence);
    }
    detail.hidden = false;
  }

  function button(action, keys, text) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.suggestionAction = action;
    const kbd = document.createElement("kbd");
    kbd.textContent = keys;
    b.append(kbd, " " + text);
    return b;
  }

  // The cue words underlined in the text itself, with the CSS Custom Highlight API: no
  // element is added, so the text, its offsets and the selection stay as they are.
  function highlightCues(s, sentence) {
    if (!window.CSS || !CSS.highlights) return;
    if (!s) return CSS.highlights.delete("suggestion-cue");
    const ranges = s.reasons.map((r) => rangeOf(sentence, r.start, r.end)).filter(Boolean);
    CSS.highlights.set("suggestion-cue", new Highlight(...ranges));
  }

  function rangeOf(sentence, start, end) {
    const a = pointAt(sentence, start);
    const b = pointAt(sentence, end);
    if (!a || !b) return null;
    const range = document.createRange();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    return range;
  }

  // The DOM point at a code point offset inside a sentence (the inverse of offsetOf).
  function pointAt(sentence, offset) {
    let left = offset - Number(sentence.dataset.start);
    const walker = document.createTreeWalker(sentence, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const data = walker.currentNode.data;
      let i = 0;
      while (left > 0 && i < data.length) {
        const c = data.charCodeAt(i);
        i += c >= 0xd800 && c <= 0xdbff && i + 1 < data.length ? 2 : 1;
        left--;
      }
      if (left === 0) return [walker.currentNode, i];
    }
    return null;
  }

  function focusedSuggestion(withDismissed) {
    if (!sugg.shown) {
      say("Suggestions are off: press g to show them first.");
      return null;
    }
    const sentence = app.focusedSentence();
    if (!sentence) {
      say("Move to a sentence first (j/k).");
      return null;
    }
    const s = suggestionOf(sentence, ownSpans(), withDismissed);
    if (!s) say("No suggestion on this sentence.");
    return s && { s, sentence };
  }

  function accept() {
    const found = focusedSuggestion(false);
    if (!found) return;
    const { s, sentence } = found;
    state.wanted = { start: s.start, end: s.end, moves: state.moves };
    app.post(app.data.tagUrl, {
      start: s.start,
      end: s.end,
      quote: sentence.textContent,
      label: s.label,
      suggested_by: sugg.body.suggester,
    });
  }

  function dismiss() {
    const found = focusedSuggestion(true);
    if (!found) return;
    const { s } = found;
    const body = new URLSearchParams({
      start: s.start,
      end: s.end,
      label: s.label,
      suggester: sugg.body.suggester,
      dismissed: s.dismissed ? "" : "1",
    });
    fetch(box.dataset.dismissUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": app.csrfInput.value },
    })
      .then((response) => {
        if (response.redirected) throw new Error("you are logged out");
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        return response.json();
      })
      .then((answer) => {
        s.dismissed = answer.dismissed;
        draw();
        say(
          answer.dismissed
            ? "Hid the suggestion on this sentence, for you only. Shift+Y shows it again."
            : "The suggestion on this sentence is shown again.",
        );
      })
      .catch((error) => say(`The suggestion was not hidden: ${error.message}. Try again.`, true));
  }

  // The tooltip: the reasons of the sentence under the mouse, cue words underlined.
  textRoot.addEventListener("mouseover", (event) => {
    const sentence = event.target.closest(".sentence[data-suggested]");
    const s = sentence && suggestionOf(sentence, ownSpans(), false);
    if (!s) {
      tip.hidden = true;
      return;
    }
    const list = document.createElement("ul");
    list.append(...reasonItems(s));
    tip.replaceChildren(summary(s), list);
    tip.hidden = false;
    const rect = (sentence.getClientRects()[0] || sentence.getBoundingClientRect());
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - tip.offsetWidth - 8));
    tip.style.left = window.scrollX + left + "px";
    tip.style.top = window.scrollY + rect.bottom + 6 + "px";
  });
  textRoot.addEventListener("mouseleave", () => {
    tip.hidden = true;
  });

  toggle.addEventListener("click", () => setShown(!sugg.shown));
  detail.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-suggestion-action]");
    if (b && b.dataset.suggestionAction === "accept") accept();
    else if (b) dismiss();
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "g") setShown(!sugg.shown);
    else if (event.key === "y") accept();
    else if (event.key === "Y") dismiss();
    else return;
    event.preventDefault();
  });

  // The focused sentence's box, and the outlines after the server's fragments swap in.
  const showSentenceTools = app.showSentenceTools;
  app.showSentenceTools = function (sentence) {
    showSentenceTools(sentence);
    showDetail(sentence);
  };
  document.body.addEventListener("htmx:afterSettle", () => {
    if (sugg.shown) draw();
  });

  let remembered = null;
  try {
    remembered = localStorage.getItem(storeKey);
  } catch (error) {
    remembered = null;
  }
  if (remembered === "1") setShown(true);
  else draw();
})();
