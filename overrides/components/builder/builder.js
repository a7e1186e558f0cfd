// The routine builder (/routines/build/): pick moves, order and pair them, set their
// doses and rests; the routine lives in the address after "#", in the format that
// lazyathlete/site/builder.py writes for the ready-made routines:
//
//   #v1&t=Home%20glutes&b=glute-bridge.3x12,r45&b=clamshell.2x15,fire-hydrant.2x12,r60
//
// Its steps and time come from the same model as a data routine's (the numbers are
// handed over by the build), its cards are cloned from templates the build drew with
// the card's own macros, and it plays in the follow-along player (player.js).
// Nothing is sent anywhere: the fragment of an address never reaches a server.
// Started from data-module="la-builder" (builder.html beside this file).
// Tests: tests/test_builder.py.
(function () {
  "use strict";

  var VERSION = "v1";
  // A routine's link has a version, a title and at most a card's rows of blocks: far more
  // parts, or pieces in a block, are no routine. They are counted, not read, so a huge
  // link costs no more than a short one.
  var PARTS_READ = 64;
  var PIECES_READ = 16;
  var NOTES_SHOWN = 5;

  // Look-ups by a name from the link must never reach what every object inherits
  // ("constructor", "__proto__", "toString"...): the build's tables become Maps.
  function table(object) {
    var map = new Map();
    Object.keys(object).forEach(function (key) { map.set(key, object[key]); });
    return map;
  }

  function number(n) {
    return n.toLocaleString("en-GB");
  }

  // What the link could not give, counted; only the first few are kept to be shown.
  function Notes() {
    this.shown = [];
    this.notes = 0;
    this.count = 0; // parts of the link: one note may stand for many
  }
  Notes.prototype.add = function (text, parts) {
    this.notes += 1;
    this.count += parts === undefined ? 1 : parts;
    if (this.shown.length < NOTES_SHOWN && this.shown.indexOf(text) === -1) this.shown.push(text);
  };
  Notes.prototype.text = function () {
    if (!this.count) return "";
    if (this.count <= NOTES_SHOWN) return "Some of this link could not be read. " + this.shown.join(" ");
    return number(this.count) + " parts of this link could not be read or were changed. " +
      (this.notes > this.shown.length ? "Among them: " : "") + this.shown.join(" ");
  };

  function Builder(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".la-builder__data").textContent);
    this.model = this.data.model;
    this.limits = this.data.limits;
    this.exercises = table(this.data.exercises);
    this.formerSlugs = table(this.data.formerSlugs);
    // The data's rules for a routine's title (lazyathlete/site/builder.py): these characters
    // are left out, and it is cut at the data's longest title.
    this.refused = new RegExp("[" + this.data.title.refused + "]", "g");
    this.titleMax = this.data.title.max;
    this.blocks = []; // [{items: [{slug, sets, reps, seconds}], rest}]
    this.title = "";
    this.el = {};
    var self = this;
    ["read", "title", "empty", "rows", "total", "kit", "problems", "link", "copy", "copied", "said", "full", "heading", "bar", "bar-text"].forEach(function (name) {
      var key = name.replace(/-([a-z])/g, function (dash, letter) { return letter.toUpperCase(); }); // bar-text: el.barText
      self.el[key] = root.querySelector("[data-la-" + name + "]");
    });
    this.playerHome = document.querySelector('[data-module="la-player"]');
    this.bind();
    this.open(window.location.hash);
    // Shown once drawn: nothing moves under the reader's eyes as the routine appears.
    root.classList.add("la-builder--ready");
  }

  // --- The link ------------------------------------------------------------------------

  Builder.prototype.encode = function () {
    var parts = [VERSION];
    if (this.title) parts.push("t=" + encodeURIComponent(this.title));
    this.blocks.forEach(function (block) {
      var items = block.items.map(function (item) {
        return item.slug + "." + item.sets + "x" + (item.reps !== null ? item.reps : item.seconds + "s");
      });
      parts.push("b=" + items.concat("r" + block.rest).join(","));
    });
    return parts.join("&");
  };

  // Reads what it can and says what it could not: never a blank page.
  Builder.prototype.decode = function (hash) {
    var self = this;
    var notes = new Notes();
    var blocks = [];
    var title = "";
    var text = hash.replace(/^#/, "");
    if (!text) return { blocks: blocks, title: title, notes: notes };
    var parts = text.split("&");
    if (parts[0] !== VERSION) {
      var version = /^v\d+$/.test(parts[0]);
      notes.add(version
        ? "This link was made by a newer version of the builder (" + parts[0] + "); this page reads " + VERSION + ". What it could read is below."
        : "This link does not start the way a routine link does (" + VERSION + "); what could be read is below.");
      if (!version) parts.unshift(VERSION);
    }
    parts.slice(1, PARTS_READ + 1).forEach(function (part) {
      var at = part.indexOf("=");
      var key = at < 0 ? part : part.slice(0, at);
      var value = at < 0 ? "" : part.slice(at + 1);
      try { value = decodeURIComponent(value); } catch (error) { notes.add("A part of the link is damaged and was left out."); return; }
      if (key === "t") title = self.readTitle(value, notes);
      else if (key === "b") {
        var block = self.readBlock(value, notes);
        if (block) blocks.push(block);
      } else if (part) notes.add("Left out a part of the link that is not a title or a block: " + self.quote(part) + ".");
    });
    var unread = parts.length - 1 - PARTS_READ;
    if (unread > 0) notes.add("Left out " + number(unread) + " more parts: a routine has at most " + this.limits.rows + " exercises.", unread);
    var rows = 0;
    blocks = blocks.filter(function (block) {
      block.items = block.items.filter(function () { rows += 1; return rows <= self.limits.rows; });
      return block.items.length > 0;
    });
    if (rows > this.limits.rows) {
      notes.add("The link has " + number(rows) + " exercises; a card holds " + this.limits.rows + ", so the last " + number(rows - this.limits.rows) + " were left out.", rows - this.limits.rows);
    }
    return { blocks: blocks, title: title, notes: notes };
  };

  // A title as the data would take it: no characters it refuses, no longer than it allows.
  Builder.prototype.cleanTitle = function (text) {
    var kept = text.replace(this.refused, "").trim();
    // Cut by characters, not UTF-16 units, as the data counts: never half an emoji.
    return Array.from(kept.slice(0, 2 * this.titleMax)).slice(0, this.titleMax).join("").trim();
  };

  Builder.prototype.readTitle = function (value, notes) {
    var title = this.cleanTitle(value);
    var plain = value.replace(this.refused, "").trim();
    if (plain !== value.trim()) notes.add("The title had characters that cannot be seen, or that turn text around; they were left out.");
    if (title !== plain) notes.add("The title was longer than a card holds (" + this.titleMax + " characters); its end was left out.");
    return title;
  };

  // A piece of the link quoted in a note: short, and unable to turn the note's text around.
  Builder.prototype.quote = function (text) {
    var head = Array.from(text.slice(0, 80)).slice(0, 40).join("");
    return "\u201c" + head.replace(this.refused, "") + (head.length < text.length ? "\u2026" : "") + "\u201d";
  };

  Builder.prototype.readBlock = function (value, notes) {
    var self = this;
    var block = { items: [], rest: null };
    var pieces = value.split(",");
    if (pieces.length > PIECES_READ) {
      notes.add("Left out " + number(pieces.length - PIECES_READ) + " parts of a block: a block has at most " + this.limits.rows + " exercises.", pieces.length - PIECES_READ);
      pieces = pieces.slice(0, PIECES_READ);
    }
    pieces.forEach(function (piece) {
      var rest = /^r(\d+)$/.exec(piece);
      if (rest) { block.rest = self.clamp(Number(rest[1]), self.limits.rest, "the rest", notes); return; }
      var match = /^([a-z0-9-]+)(?:\.(\d+)x(\d+)(s?))?$/.exec(piece);
      var slug = match && (self.exercises.has(match[1]) ? match[1] : self.formerSlugs.get(match[1]));
      var ex = slug && self.exercises.get(slug);
      if (!ex) {
        notes.add("Left out " + self.quote(piece) + ": no exercise on the site goes by that name.");
        return;
      }
      var item = { slug: slug, sets: ex.sets, reps: ex.reps, seconds: ex.seconds };
      if (match[2]) {
        item.sets = self.clamp(Number(match[2]), self.limits.sets, ex.name + "'s sets", notes);
        if (match[4]) { item.seconds = self.clamp(Number(match[3]), self.limits.seconds, ex.name + "'s seconds", notes); item.reps = null; }
        else { item.reps = self.clamp(Number(match[3]), self.limits.reps, ex.name + "'s reps", notes); item.seconds = null; }
      } else {
        notes.add(ex.name + ": the link gave no dose, so it has its usual one.");
      }
      block.items.push(item);
    });
    if (!block.items.length) return null;
    if (block.rest === null) block.rest = this.exercises.get(block.items[0].slug).rest;
    return block;
  };

  Builder.prototype.clamp = function (n, range, what, notes) {
    if (n < range.min || n > range.max) {
      var kept = Math.min(range.max, Math.max(range.min, n));
      notes.add("The link had " + number(n) + " for " + what + "; it is " + kept + " here (" + range.min + " to " + range.max + ").");
      return kept;
    }
    return n;
  };

  // --- What the routine adds up to: the same model as lazyathlete/data/routines.py ------

  Builder.prototype.rows = function () {
    var self = this;
    var rows = [];
    this.blocks.forEach(function (block, b) {
      var letter = String.fromCharCode(65 + b);
      block.items.forEach(function (item, i) {
        var ex = self.exercises.get(item.slug);
        rows.push({
          label: block.items.length > 1 ? letter + (i + 1) : letter,
          exercise: item.slug, name: ex.name, cue: ex.cue, moveOn: ex.moveOn, url: ex.url,
          sets: item.sets, reps: item.reps, seconds: item.seconds, oneSided: ex.oneSided, switchSeconds: ex.switchSeconds,
          block: b, paired: block.items.length > 1, blockEnd: i === block.items.length - 1
        });
      });
    });
    return rows;
  };

  Builder.prototype.steps = function (rows) {
    var m = this.model;
    var steps = [{ kind: "ready", seconds: m.getReady, row: 0, set: 0, side: "" }];
    var first = 0;
    this.blocks.forEach(function (block, b) {
      var mine = block.items.map(function (item, i) { return first + i; });
      first += block.items.length;
      if (b) steps.push({ kind: "changeover", seconds: m.changeover, row: mine[0], set: 0, side: "" });
      var rounds = Math.max.apply(null, block.items.map(function (item) { return item.sets; }));
      for (var n = 1; n <= rounds; n++) {
        mine.forEach(function (r) {
          var row = rows[r];
          if (n > row.sets) return;
          var work = row.reps !== null ? row.reps * m.secondsPerRep : row.seconds;
          if (row.oneSided) {
            steps.push({ kind: "work", seconds: work, row: r, set: n, side: "left" });
            steps.push({ kind: "switch", seconds: row.switchSeconds, row: r, set: n, side: "right" });
            steps.push({ kind: "work", seconds: work, row: r, set: n, side: "right" });
          } else {
            steps.push({ kind: "work", seconds: work, row: r, set: n, side: "" });
          }
        });
        if (n < rounds && block.rest) {
          var coming = mine.filter(function (r) { return rows[r].sets > n; })[0];
          steps.push({ kind: "rest", seconds: block.rest, row: coming, set: 0, side: "" });
        }
      }
    });
    return steps;
  };

  function minutesText(seconds) {
    return "About " + Math.max(1, Math.ceil(seconds / 60)) + " min";
  }

  // The kit the rows need, as the routine page says it (render.kit_text; tests/test_builder.py holds both to it).
  Builder.prototype.kitText = function (rows) {
    var self = this;
    var names = [];
    rows.forEach(function (row) {
      self.exercises.get(row.exercise).kit.forEach(function (name) {
        if (names.indexOf(name) < 0) names.push(name);
      });
    });
    if (!names.length) return "No equipment";
    return names.map(function (name, i) { return i ? name.charAt(0).toLowerCase() + name.slice(1) : name; }).join(", ");
  };

  function doseText(row) {
    return row.sets + " \u00d7 " + (row.reps !== null ? row.reps : row.seconds + " s") + (row.oneSided ? " each side" : "");
  }

  // The card's words for a block's rest (render.rest_text).
  function restText(block) {
    var rounds = Math.max.apply(null, block.items.map(function (item) { return item.sets; }));
    if (rounds === 1 || block.rest === 0) return rounds === 1 ? "no rest, move on" : "no rest";
    return block.items.length > 1 ? "rest " + block.rest + " s after each round" : "rest " + block.rest + " s between sets";
  }

  // What a data routine may not be, said so the reader knows what to change.
  Builder.prototype.problems = function () {
    var self = this;
    var found = [];
    this.blocks.forEach(function (block, b) {
      var letter = String.fromCharCode(65 + b);
      var sets = block.items.map(function (item) { return item.sets; });
      if (block.items.length > 1 && sets.some(function (n) { return n !== sets[0]; })) {
        found.push(letter + "1 and " + letter + "2 are done back to back, so they need the same number of sets: " +
          block.items.map(function (item) { return self.exercises.get(item.slug).name + " has " + item.sets; }).join(", ") + ".");
      }
      block.items.forEach(function (item) {
        var name = self.exercises.get(item.slug).name;
        [["sets", "sets"], [item.reps !== null ? "reps" : "seconds", item.reps !== null ? "reps" : "seconds"]].forEach(function (pair) {
          var range = self.limits[pair[0]];
          var n = item[pair[0]];
          if (!(n >= range.min && n <= range.max)) found.push(name + ": " + pair[1] + " go from " + range.min + " to " + range.max + ".");
        });
      });
      if (!(block.rest >= self.limits.rest.min && block.rest <= self.limits.rest.max)) {
        found.push("Rest after " + letter + ": " + self.limits.rest.min + " to " + self.limits.rest.max + " seconds.");
      }
    });
    return found;
  };

  // --- Drawing the editor ----------------------------------------------------------------

  Builder.prototype.bind = function () {
    var self = this;
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !self.root.contains(button)) return;
      if (button.hasAttribute("data-la-add")) return self.add(button.getAttribute("data-la-add"));
      if (button.hasAttribute("data-la-do")) return self.edit(button.getAttribute("data-la-do"), Number(button.getAttribute("data-block")), Number(button.getAttribute("data-item")));
      if (button.hasAttribute("data-la-print-card")) return self.print(button.getAttribute("data-la-print-card"));
      if (button.hasAttribute("data-la-copy")) return self.copy();
      if (button.hasAttribute("data-la-view")) return self.view();
    });
    this.el.rows.addEventListener("input", function (event) {
      var input = event.target;
      var b = Number(input.getAttribute("data-block"));
      var field = input.getAttribute("data-field");
      var n = input.value === "" ? NaN : Number(input.value);
      if (field === "rest") self.blocks[b].rest = n;
      else self.blocks[b].items[Number(input.getAttribute("data-item"))][field] = n;
      self.changed(false);
    });
    this.el.title.addEventListener("input", function () {
      var typed = self.el.title.value;
      if (typed.search(self.refused) !== -1) self.el.title.value = typed.replace(self.refused, "");
      self.title = self.cleanTitle(typed);
      self.changed(false);
    });
    var form = this.root.querySelector("[data-la-filter-form]");
    form.addEventListener("input", function () { self.filter(form); });
    form.addEventListener("change", function () { self.filter(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("hashchange", function () {
      if (window.location.hash.slice(1) !== self.encode()) self.open(window.location.hash);
    });
    window.addEventListener("beforeprint", function () { self.drawCode(); });
    window.addEventListener("afterprint", function () {
      document.documentElement.classList.remove("la-print-pocket", "la-print-sheet");
    });
    this.filter(form);
  };

  Builder.prototype.open = function (hash) {
    var read = this.decode(hash);
    this.blocks = read.blocks;
    this.title = read.title;
    this.el.title.value = read.title;
    this.el.read.hidden = read.notes.count === 0;
    this.el.read.textContent = read.notes.text();
    this.changed(true);
  };

  Builder.prototype.count = function () {
    return this.blocks.reduce(function (n, block) { return n + block.items.length; }, 0);
  };

  Builder.prototype.add = function (slug) {
    if (this.count() >= this.limits.rows) return;
    var ex = this.exercises.get(slug);
    if (!ex) return;
    this.blocks.push({ items: [{ slug: slug, sets: ex.sets, reps: ex.reps, seconds: ex.seconds }], rest: ex.rest });
    this.changed(true);
    this.say(ex.name + " added as " + String.fromCharCode(64 + this.blocks.length) + ".");
  };

  // Move a block up or down, pair a block with the next one, split a pair, remove an item.
  Builder.prototype.edit = function (action, b, i) {
    var blocks = this.blocks;
    var name = this.exercises.get(blocks[b].items[i].slug).name;
    var focus = { action: action, block: b, item: i };
    if (action === "up" && b > 0) {
      blocks.splice(b - 1, 0, blocks.splice(b, 1)[0]);
      focus.block = b - 1;
    } else if (action === "down" && b < blocks.length - 1) {
      blocks.splice(b + 1, 0, blocks.splice(b, 1)[0]);
      focus.block = b + 1;
    } else if (action === "pair" && b < blocks.length - 1) {
      blocks[b].items = blocks[b].items.concat(blocks[b + 1].items);
      blocks.splice(b + 1, 1);
      focus = { action: "unpair", block: b, item: 0 };
    } else if (action === "unpair") {
      var items = blocks[b].items;
      var rest = blocks[b].rest;
      blocks.splice.apply(blocks, [b, 1].concat(items.map(function (item) { return { items: [item], rest: rest }; })));
      focus = { action: "pair", block: b, item: 0 };
    } else if (action === "remove") {
      blocks[b].items.splice(i, 1);
      if (!blocks[b].items.length) blocks.splice(b, 1);
      focus = null;
    } else {
      return;
    }
    this.changed(true, focus);
    var moved = { up: " moved up", down: " moved down", pair: " paired with the next exercise", unpair: " unpaired", remove: " removed" }[action];
    this.say(name + moved + ".");
  };

  Builder.prototype.say = function (text) {
    this.el.said.textContent = text;
  };

  Builder.prototype.changed = function (structure, focus) {
    var rows = this.rows();
    if (structure) this.drawRows(rows, focus);
    var steps = this.steps(rows);
    var problems = this.problems();
    var total = steps.reduce(function (sum, step) { return sum + step.seconds; }, 0);
    this.el.empty.hidden = rows.length > 0;
    this.drawBar(rows.length, minutesText(total));
    this.el.total.textContent = rows.length ? minutesText(total) + " \u00b7 " + rows.length + (rows.length === 1 ? " exercise" : " exercises") + " (a card holds " + this.limits.rows + ")" : "";
    var kit = this.kitText(rows);
    this.el.kit.textContent = rows.length ? "Kit: " + kit : "";
    this.el.problems.replaceChildren.apply(this.el.problems, problems.map(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    var ready = rows.length > 0 && problems.length === 0;
    var full = this.count() >= this.limits.rows;
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-la-add]"), function (button) {
      button.disabled = full;
    });
    this.el.full.hidden = !full;
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-la-print-card]"), function (button) { button.disabled = !ready; });
    var link = this.encode();
    var address = window.location.href.split("#")[0] + (rows.length || this.title ? "#" + link : "");
    if (window.location.href !== address) window.history.replaceState(null, "", address);
    this.el.link.value = address;
    this.el.copy.disabled = !rows.length;
    this.drawCards(rows, minutesText(total), address, kit);
    if (this.playerHome) {
      var start = this.playerHome.querySelector("[data-la-start]");
      start.disabled = !ready;
      this.playerHome.dispatchEvent(new CustomEvent("la-player:data", {
        detail: {
          v: 1, routine: "built:" + link.replace(/&?t=[^&]*/, ""), title: this.title || "My glute routine",
          perWeekText: "",
          rows: ready ? rows : [], steps: ready ? steps : []
        }
      }));
    }
  };

  // The bar at the bottom of the screen: what Add did, where the reader pressed it. Its
  // minutes are the total's, worked out once above. Shown or hidden, it keeps its place.
  Builder.prototype.drawBar = function (count, minutes) {
    var words = count ? [count + (count === 1 ? " move" : " moves"), minutes.toLowerCase()] : [];
    if (count >= this.limits.rows) words.push("card full");
    // "3 moves · about 14 min": on a narrow phone it breaks between the parts, not inside one.
    var parts = [];
    words.forEach(function (text, i) {
      if (i) parts.push(" ");
      parts.push(make("span", { "class": "la-nowrap" }, text + (i < words.length - 1 ? " \u00b7" : "")));
    });
    this.el.barText.replaceChildren.apply(this.el.barText, parts);
    this.el.bar.classList.toggle("la-builder__bar--on", count > 0);
  };

  // "View routine": up to the routine, and the keyboard with it (the reader asked to go there).
  Builder.prototype.view = function () {
    this.el.heading.scrollIntoView({ block: "start" });
    this.el.heading.focus({ preventScroll: true });
  };

  function make(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  Builder.prototype.drawRows = function (rows, focus) {
    var self = this;
    var list = this.el.rows;
    list.replaceChildren();
    rows.forEach(function (row, r) {
      var block = self.blocks[row.block];
      var i = block.items.length > 1 ? Number(row.label.slice(1)) - 1 : 0;
      var item = block.items[i];
      var li = make("li", { "class": "la-builder__row" + (row.paired ? " la-builder__row--paired" : "") });
      var head = make("p", { "class": "la-builder__name" });
      head.appendChild(make("span", { "class": "la-sheet__label" }, row.label));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(make("a", { href: row.url }, row.name));
      li.appendChild(head);
      var fields = make("p", { "class": "la-builder__dose" });
      var amount = item.reps !== null ? "reps" : "seconds";
      [["sets", "Sets", self.limits.sets], [amount, amount === "reps" ? "Reps" : "Seconds", self.limits[amount]]].forEach(function (f) {
        var id = "la-row-" + r + "-" + f[0];
        var label = make("label", { "for": id }, f[1]);
        var input = make("input", {
          id: id, type: "number", inputmode: "numeric", min: f[2].min, max: f[2].max, value: item[f[0]],
          "data-block": row.block, "data-item": i, "data-field": f[0]
        });
        label.appendChild(make("span", { "class": "la-visually-hidden" }, " for " + row.name));
        fields.appendChild(label);
        fields.appendChild(input);
      });
      if (row.oneSided) fields.appendChild(make("span", { "class": "la-builder__each" }, "each side"));
      if (row.blockEnd) {
        var restId = "la-row-" + r + "-rest";
        var restLabel = make("label", { "for": restId }, "Rest (s)");
        restLabel.appendChild(make("span", { "class": "la-visually-hidden" }, block.items.length > 1 ? " after each round of " + row.label.charAt(0) : " between sets of " + row.name));
        fields.appendChild(restLabel);
        fields.appendChild(make("input", {
          id: restId, type: "number", inputmode: "numeric", min: self.limits.rest.min, max: self.limits.rest.max, value: block.rest,
          "data-block": row.block, "data-field": "rest"
        }));
      }
      li.appendChild(fields);
      var tools = make("p", { "class": "la-builder__tools" });
      var actions = [["up", "Move up", row.block > 0 && i === 0], ["down", "Move down", row.block < self.blocks.length - 1 && i === 0]];
      if (block.items.length > 1) actions.push(["unpair", "Unpair", i === 0]);
      else actions.push(["pair", "Pair with next", row.block < self.blocks.length - 1 && self.blocks[row.block + 1].items.length === 1]);
      actions.push(["remove", "Remove", true]);
      actions.forEach(function (a) {
        if (!a[2]) return;
        var button = make("button", { type: "button", "class": "md-button", "data-la-do": a[0], "data-block": row.block, "data-item": i }, a[1]);
        button.appendChild(make("span", { "class": "la-visually-hidden" }, " " + (a[0] === "unpair" ? row.label.charAt(0) : row.name)));
        tools.appendChild(button);
      });
      li.appendChild(tools);
      list.appendChild(li);
    });
    // Keyboard users keep their place: focus the same control on the moved row, else its neighbour.
    if (focus) {
      var target = list.querySelector('[data-la-do="' + focus.action + '"][data-block="' + focus.block + '"][data-item="' + focus.item + '"]') ||
        list.querySelector('[data-block="' + focus.block + '"][data-la-do]');
      if (target) target.focus();
    } else if (focus === null) {
      (list.querySelector("[data-la-do]") || this.root.querySelector("[data-la-add]:not([disabled])") || this.el.title).focus();
    }
  };

  Builder.prototype.drawCards = function (rows, minutes, address, kit) {
    var self = this;
    var title = this.title || "My glute routine";
    this.codeFor = rows.length ? address : null;
    this.codeDrawn = null;
    this.watchCards();
    if (this.cardsInView) this.soon(function () { self.drawCode(); });
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-la-card]"), function (card) {
      var size = card.getAttribute("data-la-card");
      card.setAttribute("aria-label", (size === "pocket" ? "Pocket card: " : "Printable card: ") + title);
      card.querySelector(".la-sheet__title").textContent = title;
      card.querySelector(".la-sheet__meta").textContent = "Your own routine \u00b7 " + minutes;
      card.querySelector(".la-sheet__kit-list").textContent = kit;
      card.querySelector(".la-sheet__url").textContent = "Scan the code to open this routine in the builder";
      card.querySelector(".la-sheet__qr").replaceChildren(); // drawn by drawCode, when the browser is idle
      var movingOn = card.querySelector(".la-sheet__moving-list"); // the sheet's "Move on when", as card.html writes it
      if (movingOn) {
        movingOn.replaceChildren();
        rows.forEach(function (row, r) {
          if (r) movingOn.appendChild(document.createTextNode(" \u00b7 "));
          movingOn.appendChild(make("span", { "class": "la-nowrap" }, row.label + ":"));
          movingOn.appendChild(document.createTextNode(" " + row.moveOn));
        });
      }
      var body = card.querySelector("[data-la-card-rows]");
      body.replaceChildren();
      rows.forEach(function (row) {
        var block = self.blocks[row.block];
        var template = self.root.querySelector("[data-la-" + (size === "pocket" ? "pocket" : "sheet") + "-row=\"" + row.exercise + "\"]");
        var piece = template.content.firstElementChild.cloneNode(true);
        piece.querySelector(".la-sheet__label").textContent = row.label;
        var ticks = self.root.querySelector("[data-la-ticks=\"" + row.sets + (row.oneSided ? "-sided" : "") + "\"]");
        var tickset = ticks ? ticks.content.firstElementChild.cloneNode(true) : null;
        var rounds = Math.max.apply(null, block.items.map(function (item) { return item.sets; }));
        if (size === "pocket") {
          var dose = piece.querySelector(".la-pocket__dose");
          dose.textContent = doseText(row);
          if (row.blockEnd && block.rest && rounds > 1) {
            dose.appendChild(document.createTextNode(" "));
            dose.appendChild(make("span", { "class": "la-nowrap" }, "\u00b7 rest " + block.rest + " s"));
          }
          if (tickset) piece.appendChild(tickset);
        } else {
          if (row.paired) piece.classList.add("la-sheet__row--paired");
          if (row.blockEnd) piece.classList.add("la-sheet__row--block-end");
          piece.querySelector(".la-sheet__amount").textContent = doseText(row);
          var cell = piece.querySelector(".la-sheet__dose");
          if (row.blockEnd) cell.appendChild(make("span", { "class": "la-sheet__rest" }, restText(block)));
          if (tickset) cell.appendChild(tickset);
        }
        body.appendChild(piece);
      });
    });
  };

  // The QR code is the costliest part of a redraw (tens of milliseconds on a phone), and
  // the cards are below the fold: it waits for an idle moment, or for printing.
  Builder.prototype.soon = function (work) {
    if (window.requestIdleCallback) window.requestIdleCallback(work, { timeout: 1000 });
    else window.setTimeout(work, 200);
  };

  // Drawn when the cards come near the screen (or before printing), never while a page
  // that opens on the editor is still loading.
  Builder.prototype.watchCards = function () {
    var self = this;
    if (this.watching !== undefined) return;
    if (!window.IntersectionObserver) {
      this.watching = null;
      this.cardsInView = true;
      return;
    }
    this.cardsInView = false;
    this.watching = new window.IntersectionObserver(function (entries) {
      self.cardsInView = entries.some(function (entry) { return entry.isIntersecting; });
      if (self.cardsInView) self.soon(function () { self.drawCode(); });
    }, { rootMargin: "300px" });
    this.watching.observe(this.root.querySelector(".la-builder__cards"));
  };

  Builder.prototype.drawCode = function () {
    if (this.codeDrawn === this.codeFor) return;
    this.codeDrawn = this.codeFor;
    var code = this.codeFor ? qrSvg(this.codeFor) : null;
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-la-card] .la-sheet__qr"), function (slot) {
      slot.replaceChildren(code ? code.cloneNode(true) : "");
    });
  };

  // A QR code drawn with the vendored qrcode-generator (vendor/ beside this file): one path of
  // dark squares with a quiet zone, like the build's own codes.
  function qrSvg(text) {
    var code = window.qrcode(0, "M");
    code.addData(text);
    code.make();
    var n = code.getModuleCount();
    var border = 2;
    var path = "";
    for (var row = 0; row < n; row++) {
      for (var col = 0; col < n; col++) {
        if (code.isDark(row, col)) path += "M" + (col + border) + " " + (row + border) + "h1v1h-1z";
      }
    }
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "la-qr");
    svg.setAttribute("viewBox", "0 0 " + (n + 2 * border) + " " + (n + 2 * border));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "QR code: opens this routine in the builder");
    var back = document.createElementNS(ns, "rect");
    back.setAttribute("width", "100%");
    back.setAttribute("height", "100%");
    back.setAttribute("fill", "#fff");
    var dark = document.createElementNS(ns, "path");
    dark.setAttribute("d", path);
    dark.setAttribute("fill", "#000");
    svg.appendChild(back);
    svg.appendChild(dark);
    return svg;
  }

  Builder.prototype.print = function (size) {
    document.documentElement.classList.add(size === "pocket" ? "la-print-pocket" : "la-print-sheet");
    window.print();
  };

  Builder.prototype.copy = function () {
    var self = this;
    var done = function (text) { self.el.copied.textContent = text; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(this.el.link.value).then(function () { done("Copied."); }, function () {
        self.el.link.select();
        done("Select the link and copy it.");
      });
    } else {
      this.el.link.select();
      done("Select the link and copy it.");
    }
  };

  Builder.prototype.filter = function (form) {
    var q = form.elements.q.value.trim().toLowerCase();
    var choices = this.root.querySelectorAll(".la-builder__choice");
    var shown = 0;
    Array.prototype.forEach.call(choices, function (choice) {
      var match = (!q || choice.getAttribute("data-names").indexOf(q) !== -1) &&
        ["muscle", "equipment", "level"].every(function (kind) {
          var value = form.elements[kind].value;
          return !value || choice.getAttribute("data-" + kind).split(" ").indexOf(value) !== -1;
        });
      choice.hidden = !match;
      if (match) shown += 1;
    });
    form.querySelector("[data-la-status]").textContent = "Showing " + shown + " of " + choices.length + " exercises";
  };

  window.LazyAthlete.register("la-builder", Builder);
})();
