/*
 * Search on intent. Material's search downloads the whole index (search/search_index.json) and
 * starts its search worker as soon as any page loads, so every first visit pays for an index that
 * grows with the handbook, whether or not the reader searches. This script runs before Material's
 * bundle and holds both back until the reader shows an intent to search: focusing or tapping the
 * search box, hovering it with a mouse, or pressing one of Material's search keys (/, s, f). The
 * index and the worker then load while the reader types.
 *
 * It relies on two details of Material 9: the index is fetched with XMLHttpRequest and the engine
 * runs in a Worker whose script lives under assets/javascripts/workers/. If a later release changes
 * either, nothing breaks: search simply loads eagerly again, and the browser tests that assert no
 * index on load will say so.
 *
 * It also sharpens queries. A query of several words is first sent with every word required
 * ("canary release" as "+canary +release", then "+canary +release*" in case the last word is still
 * being typed), because lunr otherwise ranks pages that match any one word, and a page full of
 * "release" buries the page about canary releases. If that finds nothing, the reader's own query
 * follows, and if that finds nothing too, a one-letter typo allowance
 * (lunr's term~1), so a misspelt word such as "calibraton" still finds "calibration".
 *
 * The offline edition (file://) is left alone: Material loads its index there only when search
 * opens, through a script rather than a request.
 */
(() => {
  "use strict";
  if (location.protocol === "file:" || window.__searchOnIntent) return;

  const INDEX = /\/search\/search_index\.json(\?|$)/;
  const WORKER = /\/workers\/search\.[^/]*\.js(\?|$)/;
  const KEYS = new Set(["/", "s", "S", "f", "F"]);
  const QUERY = 2;
  const RESULT = 3;

  let released = false;
  const waiting = [];
  const whenReleased = (fn) => (released ? fn() : waiting.push(fn));
  const state = (window.__searchOnIntent = { released: false, releasedBy: "" });

  function release(reason) {
    if (released) return;
    released = true;
    state.released = true;
    state.releasedBy = reason;
    for (const type of ["focusin", "pointerdown", "pointerover", "keydown"]) {
      document.removeEventListener(type, onIntent, true);
    }
    waiting.splice(0).forEach((fn) => fn());
  }

  function isTyping(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function onIntent(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (event.type === "keydown") {
      if (KEYS.has(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(target)) {
        release("key");
      }
      return;
    }
    if (target && target.closest(".md-search, label[for='__search']")) release(event.type);
  }

  for (const type of ["focusin", "pointerdown", "pointerover", "keydown"]) {
    document.addEventListener(type, onIntent, { capture: true, passive: true });
  }
  // A shared search link (?q=...) opens search on arrival: that is intent already.
  if (new URLSearchParams(location.search).has("q")) release("shared link");

  // Hold the index request until intent.
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.__searchIndex = INDEX.test(String(url));
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (this.__searchIndex && !released) {
      whenReleased(() => send.call(this, body));
      return undefined;
    }
    return send.call(this, body);
  };

  // Hold the search worker until intent, and give empty results a second chance with term~1.
  const RealWorker = window.Worker;
  if (typeof RealWorker !== "function") return;

  // Words too common to require: lunr's stop-word filter drops them, so a required one matches nothing.
  const STOP = new Set(["a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "the", "to", "vs", "with"]);

  // Every word required, as typed; with `prefix`, the last word may still be half typed.
  function strict(query, prefix) {
    if (/[~^*+:"]/.test(query) || /(^|\s)-/.test(query)) return null; // the reader wrote lunr syntax
    const words = query.trim().split(/[\s\-]+/).filter((word) => word && !STOP.has(word.toLowerCase()));
    if (words.length < 2) return null;
    return words.map((word, i) => `+${word}${prefix && i === words.length - 1 ? "*" : ""}`).join(" ");
  }

  function fuzzy(query) {
    const terms = query.trim().split(/\s+/);
    if (!query.trim() || /[~^*+\-:"]/.test(query)) return null;
    const loose = terms.map((term) => (term.length >= 4 ? `${term}~1` : term));
    return loose.join(" ") === terms.join(" ") ? null : loose.join(" ");
  }

  // The queries to try for what the reader typed, strictest first; the first with results is shown.
  function attempts(query) {
    return [...new Set([strict(query, false), strict(query, true), query, fuzzy(query)].filter((q) => q !== null))];
  }

  class SearchWorker extends EventTarget {
    constructor(url, options) {
      if (!WORKER.test(String(url))) return new RealWorker(url, options);
      super();
      this.queue = [];
      this.worker = null;
      this.pending = []; // one entry per query sent, in order: the worker answers in order
      this.current = "";
      whenReleased(() => {
        const worker = new RealWorker(url, options);
        worker.addEventListener("message", (event) => this.receive(event.data));
        worker.addEventListener("error", (event) => this.dispatchEvent(new ErrorEvent("error", event)));
        this.worker = worker;
        this.queue.splice(0).forEach((message) => worker.postMessage(message));
      });
    }

    postMessage(message) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        this.current = message.data;
        const tries = attempts(message.data);
        this.pending.push({ query: message.data, tries, next: 1 });
        message = { ...message, data: tries[0] };
      }
      if (this.worker) this.worker.postMessage(message);
      else this.queue.push(message);
    }

    receive(data) {
      if (data && data.type === RESULT) {
        const sent = this.pending.shift();
        const empty = data.data && Array.isArray(data.data.items) && data.data.items.length === 0;
        if (sent && sent.next > 1 && sent.query !== this.current) return; // a retry the reader typed past
        if (sent && empty && sent.query === this.current && sent.next < sent.tries.length) {
          this.pending.push({ ...sent, next: sent.next + 1 });
          this.worker.postMessage({ type: QUERY, data: sent.tries[sent.next] });
          return;
        }
      }
      this.dispatchEvent(new MessageEvent("message", { data }));
    }

    terminate() {
      whenReleased(() => this.worker && this.worker.terminate());
    }
  }
  window.Worker = SearchWorker;
})();
