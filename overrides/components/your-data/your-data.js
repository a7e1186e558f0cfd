// "Your data" (your-data.html beside this file, on plan pages): everything the site keeps in
// this browser, every localStorage key starting "la-", as one backup file; the same file
// loaded back here or on another phone or browser; everything cleared after asking.
// Loading merges and never loses what is here: the sessions become those of both sides, each
// once; any other key the file holds is written where this browser has none, and one that
// differs only after the reader says so, by name. Nothing is sent anywhere.
// After a load or a clear it fires la-data:changed, so the page's other views redraw.
// Tests: tests/test_your_data.py.
(function () {
  "use strict";

  var PREFIX = "la-";
  var HISTORY_KEY = "la-player-history-v1";
  var ASIDE = "la-player-set-aside-v1:"; // the player's: what it could not read, kept under a key of its own
  var APP = "The Lazy Athlete";
  var LARGEST = 20 * 1024 * 1024; // far more than a browser keeps for a site: a bigger file is not ours
  var NOT_A_BACKUP = "That file isn't a Lazy Athlete backup. Choose the file the Download button saved.";

  // What a key holds, in the reader's words: [what it is, its owner's words].
  var KEY_WORDS = {
    "la-plan-v1": ["the plan progress", "your plan progress"],
    "la-player-session-v1": ["the session in progress", "your session in progress"],
    "la-player-settings-v1": ["the player's settings", "your player settings"]
  };

  function keyWords(key) {
    if (KEY_WORDS[key]) return KEY_WORDS[key];
    if (key.indexOf(ASIDE) === 0) return ["a saved session the player could not read", "a saved session the player could not read"];
    return ["what the site saved as \u201c" + key + "\u201d", "what the site saved as \u201c" + key + "\u201d"];
  }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function ownKeys() {
    var keys = [];
    for (var i = 0; i < window.localStorage.length; i++) {
      var key = window.localStorage.key(i);
      if (key !== null && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys.sort();
  }

  function localDate(date) {
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function parseList(text) {
    try {
      var value = JSON.parse(text);
      return Array.isArray(value) ? value : null;
    } catch (error) {
      return null;
    }
  }

  function timeOf(entry) {
    var time = isRecord(entry) && typeof entry.date === "string" ? new Date(entry.date).getTime() : NaN;
    return isNaN(time) ? -Infinity : time; // one the player could not date stays first, in its order
  }

  // The sessions of both lists, an entry in both (the same JSON text) once, by date; and how
  // many came from the file alone.
  function mergeSessions(here, there) {
    var seen = {};
    var merged = here.slice();
    here.forEach(function (entry) { seen[JSON.stringify(entry)] = true; });
    var added = 0;
    there.forEach(function (entry) {
      var text = JSON.stringify(entry);
      if (seen[text]) return;
      seen[text] = true;
      merged.push(entry);
      added += 1;
    });
    var ordered = merged.map(function (entry, i) { return { entry: entry, i: i, time: timeOf(entry) }; });
    ordered.sort(function (a, b) { return a.time - b.time || a.i - b.i; });
    return { list: ordered.map(function (o) { return o.entry; }), added: added };
  }

  // The backup's keys worth loading, or a reason in plain words why the file is not one.
  function readBackup(text) {
    var backup;
    try { backup = JSON.parse(text); } catch (error) { return { problem: NOT_A_BACKUP }; }
    if (!isRecord(backup) || backup.app !== APP || backup.kind !== "backup" || !isRecord(backup.keys)) {
      return { problem: NOT_A_BACKUP };
    }
    if (backup.v !== 1) {
      return { problem: "That backup comes from a newer version of The Lazy Athlete than this page. Reload the page and try again." };
    }
    var keys = {};
    Object.keys(backup.keys).sort().forEach(function (key) {
      if (key.indexOf(PREFIX) === 0 && typeof backup.keys[key] === "string") keys[key] = backup.keys[key];
    });
    if (!Object.keys(keys).length) return { problem: "That backup is empty: there is nothing in it to load." };
    return { keys: keys };
  }

  function listWords(parts) {
    if (parts.length < 2) return parts.join("");
    return parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
  }

  function YourData(element) {
    this.element = element;
    this.download = element.querySelector("[data-la-data-download]");
    this.clearButton = element.querySelector("[data-la-data-clear]");
    this.file = element.querySelector("[data-la-data-file]");
    this.ask = element.querySelector("[data-la-data-ask]");
    this.question = element.querySelector("[data-la-data-question]");
    this.yes = element.querySelector("[data-la-data-yes]");
    this.no = element.querySelector("[data-la-data-no]");
    this.status = element.querySelector("[data-la-data-status]");
    this.answer = null; // what the open question does with the reader's answer
    this.url = null;
    var self = this;
    this.download.addEventListener("click", function () { self.prepareDownload(); });
    this.clearButton.addEventListener("click", function () { self.askToClear(); });
    this.file.addEventListener("change", function () { self.load(); });
    this.yes.addEventListener("click", function () { self.answered(true); });
    this.no.addEventListener("click", function () { self.answered(false); });
  }

  YourData.prototype.say = function (words) {
    this.status.textContent = words;
  };

  // --- Download -----------------------------------------------------------------------------

  // The link's file is made when it is pressed (its default action follows this handler), so
  // it holds what this browser has at that moment.
  YourData.prototype.prepareDownload = function () {
    var now = new Date();
    var keys = {};
    try {
      ownKeys().forEach(function (key) { keys[key] = window.localStorage.getItem(key); });
    } catch (error) { /* no storage: an empty backup */ }
    var backup = { app: APP, kind: "backup", v: 1, saved: now.toISOString(), keys: keys };
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = URL.createObjectURL(new Blob([JSON.stringify(backup, null, 1) + "\n"], { type: "application/json" }));
    this.download.href = this.url;
    this.download.setAttribute("download", "lazy-athlete-backup-" + localDate(now) + ".json");
    var count = Object.keys(keys).length;
    this.say(count ? "Your backup is downloading: keep the file, and load it here or on another phone or browser."
      : "There's nothing saved in this browser yet, so the backup is empty.");
  };

  // --- Questions ----------------------------------------------------------------------------

  YourData.prototype.askWith = function (question, yes, no, answer) {
    if (this.answer) this.answered(false); // a question left open is answered "keep"
    this.question.textContent = question;
    this.yes.textContent = yes;
    this.no.textContent = no;
    this.answer = answer;
    this.ask.hidden = false;
    this.question.focus();
  };

  YourData.prototype.answered = function (yes) {
    var answer = this.answer;
    this.answer = null;
    this.ask.hidden = true;
    if (answer) answer(yes);
  };

  // --- Clear --------------------------------------------------------------------------------

  YourData.prototype.askToClear = function () {
    var self = this;
    this.askWith("Clear everything this site saved in this browser: your sessions, your plan progress and the player's settings? " +
      "It can't be undone, so download a backup first if you may want it.", "Yes, clear it all", "Keep it", function (yes) {
      if (yes) self.clear();
      else self.say("Nothing was cleared.");
      self.clearButton.focus();
    });
  };

  YourData.prototype.clear = function () {
    try {
      ownKeys().forEach(function (key) { window.localStorage.removeItem(key); });
      this.say("Cleared: nothing The Lazy Athlete saved is left in this browser.");
    } catch (error) {
      this.say("This browser would not let the site clear its storage.");
    }
    document.dispatchEvent(new CustomEvent("la-data:changed"));
  };

  // --- Load ---------------------------------------------------------------------------------

  YourData.prototype.load = function () {
    var self = this;
    var file = this.file.files && this.file.files[0];
    if (!file) return;
    if (this.answer) this.answered(false); // a question left open (clear?) is answered "keep"
    if (file.size > LARGEST) {
      this.say(NOT_A_BACKUP);
      this.file.value = "";
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      self.file.value = ""; // the same file may be chosen again
      var found = readBackup(String(reader.result));
      if (found.problem) {
        self.say(found.problem);
        self.file.focus();
      } else {
        self.merge(found.keys);
      }
    };
    reader.onerror = function () {
      self.file.value = "";
      self.say("That file could not be read. Choose the file the Download button saved.");
    };
    reader.readAsText(file);
  };

  // Everything the file holds that this browser lacks is written; what differs is asked
  // about, one key at a time, then the reader is told what happened.
  YourData.prototype.merge = function (keys) {
    var self = this;
    var done = { sessions: 0, loaded: [], kept: [], failed: false };
    var questions = [];
    try {
      Object.keys(keys).forEach(function (key) {
        var mine = window.localStorage.getItem(key);
        if (mine === keys[key]) return;
        if (key === HISTORY_KEY && self.mergeHistory(mine, keys[key], done)) return;
        if (mine === null) {
          window.localStorage.setItem(key, keys[key]);
          done.loaded.push(key);
        } else {
          questions.push(key);
        }
      });
    } catch (error) {
      done.failed = true;
    }
    function next() {
      if (done.failed || !questions.length) return self.finish(done);
      var key = questions.shift();
      self.askWith("Replace " + keyWords(key)[0] + " on this browser with the one in the file?", "Replace it", "Keep this browser's", function (yes) {
        try {
          if (yes) {
            window.localStorage.setItem(key, keys[key]);
            done.loaded.push(key);
          } else {
            done.kept.push(key);
          }
        } catch (error) {
          done.failed = true;
        }
        next();
      });
    }
    next();
  };

  // The sessions: both lists as one. False when either side is not a list (asked about as any key).
  YourData.prototype.mergeHistory = function (mine, theirs, done) {
    var there = parseList(theirs);
    if (there === null) return false;
    if (mine === null) {
      window.localStorage.setItem(HISTORY_KEY, theirs);
      done.sessions = there.length;
      return true;
    }
    var here = parseList(mine);
    if (here === null) {
      // What the player could not read is set aside as it would set it aside, not lost.
      window.localStorage.setItem(ASIDE + HISTORY_KEY + ":" + new Date().toISOString(), mine);
      here = [];
    }
    var merged = mergeSessions(here, there);
    window.localStorage.setItem(HISTORY_KEY, JSON.stringify(merged.list));
    done.sessions = merged.added;
    return true;
  };

  YourData.prototype.finish = function (done) {
    var parts = [];
    if (done.sessions) parts.push(done.sessions + (done.sessions === 1 ? " session" : " sessions"));
    var aside = done.loaded.filter(function (key) { return key.indexOf(ASIDE) === 0; }).length;
    done.loaded.forEach(function (key) { if (key.indexOf(ASIDE) !== 0) parts.push(keyWords(key)[1]); });
    if (aside) parts.push(aside === 1 ? "a saved session the player could not read" : aside + " saved sessions the player could not read");
    var words = parts.length ? "Loaded " + listWords(parts) + "." : "Nothing new to load: this browser already has everything in that file.";
    if (done.kept.length) {
      words += " Kept " + listWords(done.kept.map(function (key) { return keyWords(key)[0]; })) + " already on this browser.";
    }
    if (done.failed) words += " This browser would not keep the rest (its storage is full or turned off).";
    this.say(words);
    if (parts.length) document.dispatchEvent(new CustomEvent("la-data:changed"));
    this.file.focus();
  };

  window.LazyAthlete.register("la-your-data", YourData);
})();
