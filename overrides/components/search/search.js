// The site's search box: a dialog with a combobox over the index the build writes
// (search.json, lazyathlete/site/search.py), matched by MiniSearch (vendored, MIT).
// A result shows only words its page shows: its title, a sentence of its text, and the
// other names or problems the page lists that matched. Words the index holds only to be
// found by (names run together, linked muscles, print words) are never shown.
// Slips are matched here, not stored: a letter wrong, missing or doubled (edit distance,
// MiniSearch's fuzzy), two letters swapped (tried against the index's own words), words
// typed together or apart (the typed words are also tried joined into one).
// Keys as in the theme: "/" or "s" opens it, arrows move through the results, Enter opens
// one, Esc closes. The engine and index load the first time it opens.
// Started from data-module="la-search" (search.html beside this file); the engine is vendor/.
// Tests: tests/test_search.py; speed: tests/tools/search_bench.py.
(function (root) {
  "use strict";

  var STOP = { a: 1, an: 1, and: 1, the: 1, of: 1, to: 1, for: 1, "in": 1, on: 1, with: 1, at: 1, or: 1, my: 1, your: 1, is: 1, "do": 1, how: 1 };
  var SHOWN = 8; // results listed
  var CHIPS = 3; // matched names or problems shown on one result

  // Words as search sees them: lower case, no accents, letters and digits only.
  function words(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^a-z0-9]+/);
  }

  // One form for singular and plural: "clamshells", "lunges", "crunches", "bodies".
  function stem(word) {
    if (word.length > 4 && /ies$/.test(word)) return word.slice(0, -3) + "y";
    if (word.length > 4 && /(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
    if (word.length > 3 && /[^s]s$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function terms(text) {
    var out = [];
    words(text).forEach(function (word) {
      if (word.length > 1 && !STOP[word]) out.push(stem(word));
    });
    return out;
  }

  var FIELDS = ["t", "a", "p", "w", "s", "x"];
  var BOOST = { t: 5, a: 4, p: 2, w: 1.5, s: 1, x: 0.4 };

  // The matcher, without the page: docs are the index's entries; returns a function from
  // what was typed to the results in order, each { doc, chips }.
  function matcher(MiniSearch, docs) {
    var known = Object.create(null); // every word of the index
    var sorted = []; // the same, in order, to tell a word typed so far ("brid") from a slip
    function startsAWord(term) {
      var low = 0, high = sorted.length;
      while (low < high) {
        var mid = (low + high) >> 1;
        if (sorted[mid] < term) low = mid + 1; else high = mid;
      }
      return low < sorted.length && sorted[low].lastIndexOf(term, 0) === 0;
    }
    // How many letters may be wrong, missing or extra in a typed word: none in a word of the
    // index or the start of one (it is found as it is, and "hip" is not "hop"); else one in
    // a short word, two from six letters.
    function slips(term) {
      if (term.length <= 2 || known[term] || startsAWord(term)) return false;
      return term.length <= 5 ? 1 : 2;
    }
    var engine = new MiniSearch({
      idField: "i",
      fields: FIELDS,
      extractField: function (doc, field) {
        if (field === "i") return doc.i;
        var value = doc[field];
        return Array.isArray(value) ? value.join(" ; ") : value || "";
      },
      tokenize: function (text) { return words(text); },
      processTerm: function (word) { return word.length > 1 && !STOP[word] ? stem(word) : null; },
      searchOptions: { boost: BOOST, prefix: true, fuzzy: slips, combineWith: "OR", bm25: { k: 1.2, b: 0, d: 0.5 } }
    });
    docs.forEach(function (doc, i) {
      doc.i = i;
      FIELDS.forEach(function (field) {
        var value = doc[field];
        terms(Array.isArray(value) ? value.join(" ") : value || "").forEach(function (term) { known[term] = true; });
      });
      // Typed whole, these put the page first: its title and other names; then the problems it lists.
      doc.names = [doc.t].concat(doc.a || []).map(function (name) { return terms(name).join(" "); });
      doc.problems = (doc.p || []).map(function (problem) { return terms(problem).join(" "); });
    });
    sorted = Object.keys(known).sort();
    engine.addAll(docs);

    // Two neighbouring letters swapped ("clmashell"), turned back where that gives a word of the index.
    function unswapped(term) {
      var found = [];
      if (known[term] || term.length < 3) return found;
      for (var i = 0; i + 1 < term.length; i++) {
        var fixed = term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2);
        if (known[fixed]) found.push(fixed);
      }
      return found;
    }

    return function (typed) {
      var typedTerms = terms(typed);
      if (!typedTerms.length) return [];
      var queries = [typedTerms.join(" ")];
      // Typed apart, found together ("clam shell"): the words run together, as typed.
      if (typedTerms.length > 1) queries.push({ queries: [typedTerms.join("")], fuzzy: false });
      var whole = typedTerms.join(" ");
      var wholes = [whole]; // what was typed, and with a swap turned back: a name typed whole ranks first
      typedTerms.forEach(function (term, at) {
        unswapped(term).forEach(function (fixed) {
          queries.push({ queries: [fixed], prefix: false, fuzzy: false });
          wholes.push(typedTerms.slice(0, at).concat([fixed], typedTerms.slice(at + 1)).join(" "));
        });
      });
      function among(phrases) {
        return wholes.some(function (phrase) { return phrases.indexOf(phrase) !== -1; });
      }
      var results = engine.search({ combineWith: "OR", queries: queries });
      results.forEach(function (result, order) {
        var doc = docs[result.id];
        result.tier = among(doc.names) ? 2 : among(doc.problems) ? 1 : 0;
        result.order = order;
      });
      results.sort(function (x, y) { return (y.tier - x.tier) || (x.order - y.order); });
      return results.slice(0, SHOWN).map(function (result) {
        var doc = docs[result.id];
        var hit = {};
        result.terms.forEach(function (term) { hit[term] = true; });
        var title = doc.t.toLowerCase();
        var chips = [].concat(doc.a || [], doc.p || []).filter(function (phrase) {
          return phrase.toLowerCase() !== title && terms(phrase).some(function (term) { return hit[term]; });
        }).slice(0, CHIPS);
        return { doc: doc, chips: chips };
      });
    };
  }

  // --- The box on the page ------------------------------------------------------------

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function Search(home) {
    this.home = home;
    this.dialog = home.querySelector(".la-search__dialog");
    this.input = home.querySelector(".la-search__input");
    this.list = home.querySelector(".la-search__results");
    this.status = home.querySelector(".la-search__status");
    this.root = new URL(home.getAttribute("data-la-root"), window.location.href);
    this.find = null;
    this.loading = null;
    this.active = -1;
    var self = this;
    document.querySelectorAll("[data-la-search-open]").forEach(function (button) {
      button.addEventListener("click", function () { self.open(); });
    });
    home.querySelector(".la-search__close").addEventListener("click", function () { self.close(); });
    this.input.addEventListener("input", function () { self.update(); });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    // A tap on the dimmed page around the box closes it.
    this.dialog.addEventListener("click", function (event) { if (event.target === self.dialog) self.close(); });
    // However it closed (Esc on the close button, the browser's own back gesture), the page
    // gets the keyboard back.
    this.dialog.addEventListener("close", function () { self.giveBack(); });
    document.addEventListener("keydown", function (event) {
      if (self.dialog.open || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (document.querySelector("dialog[open]")) return; // the player is playing
      if (event.key === "/" || event.key === "s" || event.key === "S") {
        event.preventDefault();
        self.open();
      }
    });
  }

  Search.prototype.open = function () {
    if (!this.dialog.open) {
      var before = document.activeElement;
      this.opener = before && before !== document.body && !this.dialog.contains(before) ? before : null;
      this.dialog.showModal();
    }
    this.input.focus();
    this.input.select();
    this.ready();
  };

  Search.prototype.close = function () {
    if (this.dialog.open) this.dialog.close();
    this.giveBack();
  };

  // Focus goes back where it was before the box opened (the magnifier, when it was tapped),
  // or to the page itself, at once: the browser would otherwise leave it in the closed box
  // until it next draws the page, and a key pressed in between would go nowhere.
  Search.prototype.giveBack = function () {
    var back = this.opener;
    this.opener = null;
    if (back && document.contains(back)) back.focus();
    else if (this.dialog.contains(document.activeElement)) document.activeElement.blur();
  };

  // Loads the engine and the index once; until then the status says so.
  Search.prototype.ready = function () {
    var self = this;
    if (this.loading) return this.loading;
    this.status.textContent = this.input.value ? "Getting search ready…" : "";
    this.loading = Promise.all([
      root.MiniSearch ? Promise.resolve() : load(this.home.getAttribute("data-la-engine")),
      fetch(this.home.getAttribute("data-la-index")).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
    ]).then(function (loaded) {
      self.find = matcher(root.MiniSearch, loaded[1].docs);
      self.update();
    }, function () {
      self.loading = null;
      self.status.textContent = "Search could not load. Check your connection and try again.";
    });
    return this.loading;
  };

  Search.prototype.update = function () {
    var typed = this.input.value.trim();
    if (!this.find) {
      if (typed) this.status.textContent = "Getting search ready…";
      return;
    }
    var results = typed ? this.find(typed) : [];
    this.show(results, typed);
  };

  // The results as links, built from text only: nothing from the index is read as HTML.
  Search.prototype.show = function (results, typed) {
    var self = this;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    var rows = results.map(function (result, n) {
      var doc = result.doc;
      var link = document.createElement("a");
      link.className = "la-search__result";
      link.id = "la-search-result-" + n;
      link.href = new URL(doc.u, self.root).href;
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      link.tabIndex = -1;
      link.appendChild(part("span", "la-search__title", doc.t));
      link.appendChild(part("span", "la-search__kind", doc.k));
      if (doc.s) link.appendChild(part("span", "la-search__text", doc.s));
      if (result.chips.length) {
        var chips = part("span", "la-search__chips", "");
        result.chips.forEach(function (chip) { chips.appendChild(part("span", "la-search__chip", chip)); });
        link.appendChild(chips);
      }
      return link;
    });
    this.list.replaceChildren.apply(this.list, rows);
    this.input.setAttribute("aria-expanded", String(rows.length > 0));
    if (!typed) this.status.textContent = "";
    else if (!rows.length) this.status.textContent = "Nothing found for “" + typed + "”. Try fewer letters, or another word for it.";
    else this.status.textContent = rows.length === 1 ? "1 result" : rows.length + " results";
  };

  function part(tag, className, text) {
    var element = document.createElement(tag);
    element.className = className;
    element.textContent = text;
    return element;
  }

  Search.prototype.key = function (event) {
    var options = this.list.querySelectorAll("[role=option]");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!options.length) return;
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = this.active + step;
      if (next >= options.length) next = 0;
      if (next < 0) next = options.length - 1;
      this.select(options, next);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    } else if (event.key === "Enter") {
      var chosen = options[this.active >= 0 ? this.active : 0];
      event.preventDefault();
      if (chosen) window.location.href = chosen.href;
    }
  };

  Search.prototype.select = function (options, index) {
    if (this.active >= 0 && options[this.active]) options[this.active].setAttribute("aria-selected", "false");
    this.active = index;
    var option = options[index];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  root.LaSearch = { matcher: matcher, terms: terms };
  if (typeof document !== "undefined") {
    root.LazyAthlete.register("la-search", Search);
  }
})(this);
