// Offsets: the server counts Unicode code points, the DOM counts UTF-16 code units.
// offsetOf() converts at this one boundary; everything sent to the server is code points,
// with the quote the browser saw, which the server checks against its own text.
"use strict";

(function () {
  const app = window.annotatePage;
  if (!app) return;
  const { textRoot } = app;

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

  Object.assign(app, { BLANK, selectionSpan });
})();
