/* boardpolicy: the manual's search box. Reads search-index.js (written by `boardpolicy build`)
   the first time a word is typed, from the site's own folder: no server, no network, and it
   works from file://. Results are built as elements with text, never as HTML. */
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form) { return; }
  var input = document.getElementById("search-words");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var index = null;
  var loading = false;
  var LIMIT = 50;

  function words(text) {
    var folded = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return folded.match(/[\p{L}\p{N}]+/gu) || [];
  }

  function load(then) {
    if (index) { then(); return; }
    if (loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = function () { index = window.boardpolicySearch; then(); };
    script.onerror = function () { status.textContent = "The search index could not be read."; };
    document.head.appendChild(script);
  }

  // Every page holding a word that starts with `part`, with its count.
  function matches(part) {
    var found = {};
    Object.keys(index.words).forEach(function (word) {
      if (word.lastIndexOf(part, 0) !== 0) { return; }
      var postings = index.words[word];
      for (var k = 0; k < postings.length; k += 2) {
        found[postings[k]] = (found[postings[k]] || 0) + postings[k + 1];
      }
    });
    return found;
  }

  function search(query) {
    var parts = words(query);
    if (!parts.length) { return null; }
    var scores = null;
    parts.forEach(function (part) {
      var found = matches(part);
      if (scores === null) { scores = found; return; }
      var both = {};
      Object.keys(scores).forEach(function (page) {
        if (page in found) { both[page] = scores[page] + found[page]; }
      });
      scores = both;
    });
    return Object.keys(scores).map(Number).sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
  }

  function show() {
    var query = input.value;
    var pages = search(query);
    list.textContent = "";
    if (pages === null) { status.textContent = ""; return; }
    pages.slice(0, LIMIT).forEach(function (page) {
      var entry = index.pages[page];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry[0];
      link.textContent = entry[1] + " " + entry[2];
      item.appendChild(link);
      list.appendChild(item);
    });
    var shown = pages.length > LIMIT ? " (the first " + LIMIT + " shown)" : "";
    status.textContent = pages.length === 0 ? "No policy has every word of \u201c" + query + "\u201d." :
      pages.length + (pages.length === 1 ? " policy" : " policies") + " found" + shown + ".";
  }

  input.addEventListener("input", function () { load(show); });
  form.addEventListener("submit", function (event) { event.preventDefault(); load(show); });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; load(show); }
}());
