// The review page: j/k move between sentences, h/f/s decide a label, 0 decides none, Enter
// takes the majority, x removes the verdict, n jumps to the next open dispute. A decision is
// an htmx POST; the server answers with the rows it changed, swapped in place.
"use strict";

(function () {
  const list = document.getElementById("review-rows");
  const dataNode = document.getElementById("review-data");
  if (!list || !dataNode) return;
  const data = JSON.parse(dataNode.textContent); // decideUrl, deleteUrl, labelNames, sha
  const bar = document.getElementById("review-bar");
  const where = document.getElementById("review-bar-where");
  const announce = document.getElementById("announce");
  const csrf = document.querySelector("#review-form input[name=csrfmiddlewaretoken]").value;
  const KEYS = { h: "hype", f: "fact", s: "speculation", 0: "none" };
  let focusIndex = null;

  function say(message, isError) {
    announce.textContent = message;
    announce.classList.toggle("error", Boolean(isError));
  }

  function rowAt(index) {
    return document.getElementById("r-" + index);
  }

  function current() {
    return focusIndex === null ? null : rowAt(focusIndex);
  }

  function focusRow(row) {
    if (!row) return;
    const previous = current();
    if (previous && previous !== row) previous.setAttribute("tabindex", "-1");
    focusIndex = Number(row.dataset.index);
    row.setAttribute("tabindex", "0");
    if (document.activeElement !== row) row.focus();
    describe(row);
  }

  function describe(row) {
    const verdict = row.dataset.verdict;
    const majority = row.dataset.majority;
    let text = `Sentence ${focusIndex + 1}`;
    if (row.classList.contains("disputed")) text += ", disputed";
    else if (row.classList.contains("agreed")) text += ", agreed";
    if (majority) text += `; majority ${data.labelNames[majority].toLowerCase()}`;
    text += verdict ? `; verdict ${data.labelNames[verdict].toLowerCase()}.` : "; no verdict.";
    where.textContent = text;
  }

  function move(step) {
    const row = current();
    const rows = list.children;
    if (!rows.length) return;
    if (!row) focusRow(step > 0 ? rows[0] : rows[rows.length - 1]);
    else focusRow(rowAt(focusIndex + step) || row);
  }

  function nextOpen() {
    const rows = Array.from(list.querySelectorAll(".review-row.disputed:not(.decided)"));
    const next = rows.find((r) => Number(r.dataset.index) > (focusIndex ?? -1)) || rows[0];
    if (next) focusRow(next);
    else say("No disputed sentence is waiting for a verdict.");
  }

  function post(url, values) {
    const headers = { "X-CSRFToken": csrf, "X-Article-Sha": data.sha };
    htmx.ajax("POST", url, { values: values, swap: "none", headers: headers });
  }

  function decide(label) {
    const row = current();
    if (!row) return say("Move to a sentence first (j/k).");
    if (label === "majority") {
      label = row.dataset.majority;
      if (!label) {
        return say("No majority here: the finished editors are split evenly. Press h, f, s or 0.");
      }
    }
    post(data.decideUrl, { start: row.dataset.start, end: row.dataset.end, label: label });
  }

  function removeVerdict() {
    const row = current();
    if (!row) return say("Move to a sentence first (j/k).");
    const id = row.dataset.verdictId;
    if (!id) return say("This sentence has no verdict to remove.");
    post(data.deleteUrl.replace("/0/delete/", "/" + id + "/delete/"), {});
  }

  list.addEventListener("click", (event) => {
    const row = event.target.closest(".review-row");
    if (row) focusRow(row);
  });
  bar.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
  bar.addEventListener("click", (event) => {
    const b = event.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-remove")) removeVerdict();
    else decide(b.dataset.decide);
  });

  document.body.addEventListener("htmx:afterSettle", () => {
    // The server's rows replaced the old ones: put the focus back on the same sentence.
    const row = current();
    if (row) focusRow(row);
  });
  document.body.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    let message = xhr.responseText || "The server refused the decision.";
    if (xhr.status >= 500) message = "The server failed to save the verdict; try again.";
    say(message.slice(0, 300), true);
  });
  document.body.addEventListener("htmx:sendError", () => {
    say("The network failed: the verdict was not saved. Try again.", true);
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, button, a, [contenteditable]")) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (KEYS[key]) decide(KEYS[key]);
    else if (key === "Enter") decide("majority");
    else if (key === "j" || key === "ArrowDown") move(1);
    else if (key === "k" || key === "ArrowUp") move(-1);
    else if (key === "n") nextOpen();
    else if (key === "x" || key === "Delete") removeVerdict();
    else return;
    event.preventDefault();
  });

  document.documentElement.dataset.ready = "1";
})();
