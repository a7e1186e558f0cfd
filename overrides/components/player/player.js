// The follow-along player on routine, pocket-card and exercise pages, and the reader's
// own sessions. It starts from [data-module="la-player"], markup that is hidden until
// JavaScript runs (player.html beside this file). The steps come from the build
// (lazyathlete/data/routines.py), from the model that gives the page its minutes.
//
// Time is read from the clock, never counted in ticks: a step knows when it
// started, so the countdown is right after the phone slept or the tab was in the
// background, and steps that ended meanwhile are caught up in order.
// Nothing leaves the device: the session in progress and the history live in
// this browser's localStorage. A set of reps can be logged (reps done, how it felt) in
// the tap that finishes it; each saved session carries its log, and the page hears of it
// (la-player:saved on document), as issue 29's plan, charts and backup expect.
// Tests: tests/test_player.py, tests/test_player_sessions.py, tests/test_player_log.py
// (and tests/test_drawings_move.py).
(function () {
  "use strict";

  var SESSION_KEY = "la-player-session-v1";
  var HISTORY_KEY = "la-player-history-v1";
  var SETTINGS_KEY = "la-player-settings-v1";
  var WAIT_MS = 1000; // how often to look while a set of reps waits for "Done"
  var HISTORY_SHOWN = 5;

  // --- Storage: a private window, a full disk or data of the wrong shape must not break the player --
  //
  // Each key holds what the player wrote, or something else: left by an older or newer
  // version, edited by hand, damaged. What the player cannot read it never deletes: an
  // entry of the sessions list stays in the list as it was (new sessions are added after
  // it, its text untouched), and anything else is copied to a key of its own,
  // ASIDE + key + ":" + time, before the player writes over it. "Clear my sessions"
  // removes them, after asking.

  var ASIDE = "la-player-set-aside-v1:";

  function isCount(n, least) {
    return typeof n === "number" && Math.floor(n) === n && n >= least && n <= 1e9;
  }

  function isDate(text) {
    return typeof text === "string" && text.length < 40 && !isNaN(new Date(text).getTime());
  }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isList(value) {
    return Array.isArray(value);
  }

  function isSide(side) {
    return side === "" || side === "left" || side === "right";
  }

  var FEELS = ["easy", "right", "hard"];

  // One set in a log: [exercise, set (from 1), side, amount, "reps" | "s", feel or ""], where
  // the exercise is its slug in a saved session and its row's index in the session in progress.
  function isLogItem(item, isExercise) {
    return isList(item) && item.length === 6 && isExercise(item[0]) && isCount(item[1], 1) && isSide(item[2]) &&
      isCount(item[3], 0) && (item[4] === "reps" || item[4] === "s") && (item[5] === "" || FEELS.indexOf(item[5]) >= 0);
  }

  function isSlug(value) {
    return typeof value === "string" && value.length > 0 && value.length < 200;
  }

  function isRowIndex(value) {
    return isCount(value, 0);
  }

  // Which session of a plan this was (the plan's slug, its week and session, from 1).
  function isPlanSession(plan) {
    return isRecord(plan) && isSlug(plan.slug) && isCount(plan.week, 1) && isCount(plan.session, 1);
  }

  // A session as finish() writes it into the list. Older entries have no plan, log or end time.
  function isEntry(h) {
    return isRecord(h) && h.v === 1 && typeof h.routine === "string" && typeof h.title === "string" &&
      isDate(h.date) && typeof h.finished === "boolean" && isCount(h.parts, 0) && isCount(h.of, 0) &&
      isList(h.rows) && h.rows.every(function (r) {
        return isList(r) && r.length === 3 && typeof r[0] === "string" && isCount(r[1], 0) && isCount(r[2], 0);
      }) &&
      (h.plan === undefined || isPlanSession(h.plan)) &&
      (h.log === undefined || (isList(h.log) && h.log.every(function (item) { return isLogItem(item, isSlug); }))) &&
      (h.ended === undefined || isDate(h.ended));
  }

  // A session in progress as newSession() writes it, for any routine (one stored before sets
  // were logged has no log).
  function isSession(s) {
    return isRecord(s) && s.v === 1 && typeof s.routine === "string" && isDate(s.started) &&
      isCount(s.index, 0) && typeof s.stepStart === "number" && isFinite(s.stepStart) &&
      (s.pausedAt === null || (typeof s.pausedAt === "number" && isFinite(s.pausedAt))) &&
      isList(s.done) && s.done.every(function (d) {
        return isList(d) && d.length === 3 && isCount(d[0], 0) && isCount(d[1], 1) && isSide(d[2]);
      }) &&
      (s.log === undefined || (isList(s.log) && s.log.every(function (item) { return isLogItem(item, isRowIndex); })));
  }

  function isSettings(value) {
    return isRecord(value) && ["sound", "speech"].every(function (name) {
      return value[name] === undefined || typeof value[name] === "boolean";
    });
  }

  // What a key holds: nothing (text null), a value the player can use, or text it cannot read.
  function look(key, readable) {
    var text = null;
    try { text = window.localStorage.getItem(key); } catch (error) { text = null; }
    if (text === null) return { text: null, value: null, unread: false };
    var value;
    try { value = JSON.parse(text); } catch (error) { return { text: text, value: null, unread: true }; }
    return readable(value) ? { text: text, value: value, unread: false } : { text: text, value: null, unread: true };
  }

  // Writes `text` (null: removes the key), first setting aside what the key held if it
  // cannot be read. False when the browser refused, and then nothing was lost.
  function write(key, text, readable) {
    try {
      var now = look(key, readable);
      if (now.unread) {
        var name = ASIDE + key + ":" + new Date().toISOString();
        for (var n = 2; window.localStorage.getItem(name) !== null; n++) name = name.replace(/(#\d+)?$/, "#" + n);
        window.localStorage.setItem(name, now.text);
      }
      if (text === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, text);
      return true;
    } catch (error) {
      return false; // storage full or refused: the player still plays
    }
  }

  // The keys set aside, those of the sessions list and the session in progress first.
  function asideKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key !== null && key.indexOf(ASIDE) === 0) keys.push(key);
      }
    } catch (error) { /* no storage: nothing set aside */ }
    return keys;
  }

  function number(n) {
    return n.toLocaleString("en-GB");
  }

  // --- Words -------------------------------------------------------------------------

  function clock(seconds) {
    seconds = Math.max(0, Math.ceil(seconds));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function amount(row) {
    return row.reps !== null ? row.reps + " reps" : row.seconds + " s";
  }

  function sideText(side) {
    return side === "left" ? "Left side" : side === "right" ? "Right side" : "";
  }

  function day(iso) {
    return new Date(iso).toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
  }

  function csvCell(value) {
    var text = String(value);
    // A cell starting with = + - @ (or a tab or return) is a formula to a spreadsheet: make it text.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  // --- Counting sets as the card does ------------------------------------------------

  // The sides done of row r, as if it were row 0.
  function rowDone(done, r) {
    return done.filter(function (d) { return d[0] === r; }).map(function (d) { return [0, d[1], d[2]]; });
  }

  // Sets done in full: a one-sided move's set counts when both its sides are done.
  function setsDone(rows, done) {
    var count = 0;
    rows.forEach(function (row, r) {
      for (var n = 1; n <= row.sets; n++) {
        var sides = row.oneSided ? ["left", "right"] : [""];
        if (sides.every(function (side) {
          return done.some(function (d) { return d[0] === r && d[1] === n && d[2] === side; });
        })) count += 1;
      }
    });
    return count;
  }

  function setsPlanned(rows) {
    return rows.reduce(function (sum, row) { return sum + row.sets; }, 0);
  }

  function sets(n) {
    return n + (n === 1 ? " set" : " sets");
  }

  // --- Sounds: short beeps from Web Audio, a buzz where the phone has one -----------

  function Sounds() {
    this.context = null;
  }
  Sounds.prototype.unlock = function () {
    // Browsers let a page make sound only after a press: called from "Start".
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!this.context && Context) {
      try { this.context = new Context(); } catch (error) { this.context = null; }
    }
    if (this.context && this.context.state === "suspended") this.context.resume();
  };
  Sounds.prototype.beep = function (long) {
    if (this.context) {
      var now = this.context.currentTime;
      var tone = this.context.createOscillator();
      var volume = this.context.createGain();
      tone.frequency.value = long ? 660 : 880;
      volume.gain.setValueAtTime(0.0001, now);
      volume.gain.exponentialRampToValueAtTime(0.3, now + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, now + (long ? 0.6 : 0.15));
      tone.connect(volume).connect(this.context.destination);
      tone.start(now);
      tone.stop(now + (long ? 0.65 : 0.2));
    }
    if (navigator.vibrate) navigator.vibrate(long ? 400 : 80);
  };

  // --- The player ----------------------------------------------------------------------

  function Player(home) {
    this.home = home;
    this.data = JSON.parse(home.querySelector(".la-player__data").textContent);
    this.steps = this.data.steps;
    this.rows = this.data.rows;
    this.dialog = home.querySelector(".la-player");
    this.card = document.querySelector(".la-sheet");
    this.sounds = new Sounds();
    var settings = look(SETTINGS_KEY, isSettings).value || {};
    this.settings = { sound: settings.sound !== false, speech: settings.speech === true };
    this.unsaved = []; // sessions the browser would not keep: listed and in the download until the page closes
    this.session = null;
    this.timer = null;
    this.wakeLock = null;
    this.lastSecond = null;
    this.el = {};
    var self = this;
    ["phase", "figure", "name", "set", "cue", "move-on", "clock", "next", "progress", "wake", "live", "where", "tally", "ask", "keep", "log", "reps", "reps-unit"].forEach(function (name) {
      self.el[name] = home.querySelector("[data-la-" + name + "]");
    });
    this.el.done = home.querySelector('[data-la-action="done"]');
    this.el.pause = home.querySelector('[data-la-action="pause"]');
    this.listed = !!home.querySelector("[data-la-summary]"); // this page lists "Your sessions"
    this.asking = null; // while Stop asks: whether the clock was paused before
    this.reps = null; // the reps shown in the set's log, and the step they are for
    this.repsStep = null;
    this.bind();
    this.offerResume();
    this.showHistory();
  }

  // A routine made in the builder (components/builder/builder.js) arrives as an event.
  Player.prototype.load = function (data) {
    this.data = data;
    this.steps = data.steps;
    this.rows = data.rows;
    this.home.querySelector("[data-la-routine]").textContent = data.title;
    this.offerResume();
    this.showHistory();
  };

  Player.prototype.bind = function () {
    var self = this;
    this.home.addEventListener("la-player:data", function (event) { self.load(event.detail); });
    this.home.querySelector("[data-la-start]").addEventListener("click", function () { self.start(); });
    this.home.querySelector("[data-la-resume]").addEventListener("click", function () { self.resume(); });
    this.home.querySelector("[data-la-discard]").addEventListener("click", function () {
      write(SESSION_KEY, null, self.sessionRule());
      self.session = null;
      self.offerResume();
      self.showTicks([]);
      self.home.querySelector("[data-la-start]").focus();
    });
    this.home.querySelector("[data-la-close]").addEventListener("click", function () { self.close(); });
    this.dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape keeps the session, like the close button
      self.close();
    });
    Array.prototype.forEach.call(this.home.querySelectorAll("[data-la-action]"), function (button) {
      button.addEventListener("click", function () { self.act(button.getAttribute("data-la-action")); });
    });
    Array.prototype.forEach.call(this.home.querySelectorAll("[data-la-reps-by]"), function (button) {
      button.addEventListener("click", function () { self.changeReps(Number(button.getAttribute("data-la-reps-by"))); });
    });
    Array.prototype.forEach.call(this.home.querySelectorAll("[data-la-feel]"), function (button) {
      button.addEventListener("click", function () { self.act("done", button.getAttribute("data-la-feel")); });
    });
    Array.prototype.forEach.call(this.home.querySelectorAll("[data-la-option]"), function (box) {
      var name = box.getAttribute("data-la-option");
      box.checked = !!self.settings[name];
      box.addEventListener("change", function () {
        self.settings[name] = box.checked;
        write(SETTINGS_KEY, JSON.stringify(self.settings), isSettings);
        if (!box.checked && name !== "sound" && window.speechSynthesis) window.speechSynthesis.cancel();
      });
    });
    this.home.querySelector("[data-la-keep]").addEventListener("click", function () { self.endAsking(); });
    this.home.querySelector("[data-la-stop-yes]").addEventListener("click", function () {
      self.asking = null;
      self.finish(false);
    });
    this.mediaSession();
    this.bindHistory();
    this.bindPage();
  };

  Player.prototype.bindHistory = function () {
    var self = this;
    if (!this.listed) return;
    this.home.querySelector("[data-la-export]").addEventListener("click", function (event) { self.exportHistory(event); });
    var confirmBox = this.home.querySelector("[data-la-confirm]");
    var tools = this.home.querySelector("[data-la-tools]");
    this.home.querySelector("[data-la-clear]").addEventListener("click", function () {
      tools.hidden = true;
      confirmBox.hidden = false;
      confirmBox.querySelector("[data-la-clear-no]").focus();
    });
    this.home.querySelector("[data-la-clear-no]").addEventListener("click", function () {
      confirmBox.hidden = true;
      tools.hidden = false;
      self.home.querySelector("[data-la-clear]").focus();
    });
    this.home.querySelector("[data-la-clear-yes]").addEventListener("click", function () {
      self.clear();
      confirmBox.hidden = true;
      self.showHistory();
      self.home.querySelector("[data-la-summary]").focus();
    });
  };

  // Hidden for good and shown again: the clock runs on, and the wake lock comes back.
  Player.prototype.bindPage = function () {
    var self = this;
    // The clock runs on; a page hidden for good (closed, reloaded) stops it where it was.
    window.addEventListener("pagehide", function () {
      if (self.session && self.session.pausedAt === null) {
        self.session.pausedAt = Date.now();
        self.store();
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && self.playing()) {
        self.keepAwake();
        self.tick();
      }
    });
  };

  // --- A session: where we are, since when, and which sets are done -------------------

  Player.prototype.newSession = function () {
    return {
      v: 1, routine: this.data.routine, started: new Date().toISOString(),
      index: 0, stepStart: Date.now(), pausedAt: null, done: [], log: []
    };
  };

  Player.prototype.store = function () {
    write(SESSION_KEY, JSON.stringify(this.session), this.sessionRule());
  };

  // A stored session in progress this page can read: the player's shape, and if it is
  // this routine's, one that fits its steps and rows (the routine may have changed since).
  Player.prototype.sessionRule = function () {
    var routine = this.data.routine;
    var steps = this.steps;
    var rows = this.rows;
    return function (s) {
      var fits = function (d) { return d[0] < rows.length && d[1] <= rows[d[0]].sets; };
      return isSession(s) && (s.routine !== routine || (s.index < steps.length && s.done.every(fits) && (s.log || []).every(fits)));
    };
  };

  // This routine's session in progress, if storage holds one the player can carry on.
  Player.prototype.stored = function () {
    var s = look(SESSION_KEY, this.sessionRule()).value;
    return s && s.routine === this.data.routine ? s : null;
  };

  Player.prototype.playing = function () {
    return !!this.session && this.session.pausedAt === null && this.dialog.open;
  };

  Player.prototype.elapsed = function () {
    var s = this.session;
    return ((s.pausedAt !== null ? s.pausedAt : Date.now()) - s.stepStart) / 1000;
  };

  Player.prototype.step = function () {
    return this.steps[this.session.index];
  };

  Player.prototype.start = function () {
    if (!this.steps.length) return;
    this.session = this.newSession();
    this.store();
    this.open();
  };

  Player.prototype.resume = function () {
    var s = this.stored();
    if (!s) return this.offerResume();
    this.session = s;
    if (!s.log) s.log = []; // stored before sets were logged: its sets count as planned (finish)
    if (s.pausedAt !== null) { // carry on from where it stopped
      s.stepStart += Date.now() - s.pausedAt;
      s.pausedAt = null;
    }
    this.store();
    this.open();
  };

  Player.prototype.open = function () {
    this.sounds.unlock();
    this.home.querySelector(".la-player__resume").hidden = true;
    this.dialog.removeAttribute("data-ended");
    this.el.tally.hidden = true;
    this.el.done.textContent = "Done";
    this.repsStep = null;
    if (!this.dialog.open) this.dialog.showModal();
    this.keepAwake();
    this.run();
    this.lastSecond = null;
    this.render(true);
  };

  Player.prototype.close = function () {
    this.asking = null;
    this.el.ask.hidden = true;
    this.dialog.removeAttribute("data-asking");
    if (this.session && this.session.pausedAt === null) this.session.pausedAt = Date.now();
    if (this.session) this.store();
    this.halt();
    this.media(null);
    if (this.dialog.open) this.dialog.close();
    this.offerResume();
    this.home.querySelector(this.session ? "[data-la-resume]" : "[data-la-start]").focus();
  };

  // The next look is due when the countdown's second changes, a few milliseconds
  // late so the new second (or the next step) has begun.
  Player.prototype.run = function () {
    var self = this;
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = null;
    if (!this.playing()) return;
    var step = this.step();
    var wait = WAIT_MS;
    if (this.isTimed(step)) {
      var left = step.seconds * 1000 - this.elapsed() * 1000;
      wait = left % 1000 || 1000;
    }
    this.timer = window.setTimeout(function () { self.timer = null; self.tick(); }, Math.max(0, wait) + 5);
  };

  Player.prototype.halt = function () {
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = null;
    this.release();
  };

  // Steps that ended since the last look, in order: a timed step ends on its own,
  // a set of reps waits for "Done". Beeps only for an end seen as it happens.
  Player.prototype.tick = function () {
    if (!this.playing()) return;
    var changed = false;
    var step = this.step();
    while (step && this.isTimed(step) && this.elapsed() >= step.seconds) {
      var late = this.elapsed() - step.seconds;
      this.complete(step);
      this.session.stepStart += step.seconds * 1000;
      this.session.index += 1;
      changed = true;
      if (late < 1 && this.settings.sound) this.sounds.beep(true);
      step = this.step();
    }
    if (!step) return this.finish(true);
    if (changed) {
      this.store();
      this.lastSecond = null;
      this.render(true);
    } else {
      this.render(false);
    }
    this.run();
  };

  Player.prototype.isTimed = function (step) {
    return step.kind !== "work" || this.rows[step.row].reps === null;
  };

  // A set done goes in the log too: a timed set as planned, a set of reps with the reps
  // the log shows (the plan's unless changed) and how it felt ("" when Done was pressed).
  Player.prototype.complete = function (step, feel) {
    if (step.kind !== "work") return;
    var row = this.rows[step.row];
    var timed = row.reps === null;
    var reps = this.repsStep === this.session.index ? this.reps : row.reps;
    this.session.done.push([step.row, step.set, step.side]);
    this.session.log.push([step.row, step.set, step.side, timed ? row.seconds : reps, timed ? "s" : "reps", feel || ""]);
  };

  // − and + in the set's log: never below one rep.
  Player.prototype.changeReps = function (by) {
    if (!this.session || this.asking || this.repsStep !== this.session.index || this.reps === null) return;
    this.reps = Math.min(999, Math.max(1, this.reps + by));
    this.showReps();
    this.announce(this.reps + " " + this.el["reps-unit"].textContent);
  };

  Player.prototype.showReps = function () {
    this.el.reps.textContent = this.reps === null ? "" : String(this.reps);
    this.el["reps-unit"].textContent = this.reps === 1 ? "rep" : "reps";
  };

  // "done" from Done, or from a feel button with how the set felt.
  Player.prototype.act = function (action, feel) {
    var s = this.session;
    if (!s) return this.close(); // the end screen's button
    if (this.asking) {
      if (action === "stop") return this.el.keep.focus(); // a second tap on Stop still only asks
      this.endAsking();
    }
    if (action === "pause") {
      this.setPaused(s.pausedAt === null);
      this.announce(s.pausedAt === null ? "Going again." : "Paused.");
      return;
    }
    if (action === "stop") return this.ask();
    if (action === "done") this.complete(this.step(), feel);
    if (action === "back") {
      if (s.index === 0) return;
      s.index -= 1;
      var back = this.step();
      var other = function (d) { return !(d[0] === back.row && d[1] === back.set && d[2] === back.side); };
      s.done = s.done.filter(other);
      s.log = s.log.filter(other); // the set is to be done again: its log goes with its tick
    } else {
      s.index += 1;
    }
    if (s.index >= this.steps.length) return this.finish(true);
    s.stepStart = Date.now();
    if (s.pausedAt !== null) s.pausedAt = s.stepStart;
    this.store();
    this.lastSecond = null;
    this.render(true);
    this.run();
  };

  // Pauses or carries on; false when it already was as asked.
  Player.prototype.setPaused = function (paused) {
    var s = this.session;
    if (paused === (s.pausedAt !== null)) return false;
    if (paused) {
      s.pausedAt = Date.now();
      this.release();
    } else {
      s.stepStart += Date.now() - s.pausedAt;
      s.pausedAt = null;
      this.keepAwake();
    }
    this.store();
    this.render(true);
    this.run();
    return true;
  };

  // Stop asks first, so one tap cannot end a session: the clock holds while it asks, and
  // "Keep going" carries on as before. Stopping saves what was done.
  Player.prototype.ask = function () {
    this.asking = { paused: this.session.pausedAt !== null };
    this.dialog.setAttribute("data-asking", "");
    this.el.ask.hidden = false;
    if (!this.setPaused(true)) this.render(true);
    this.el.keep.focus();
    this.announce("Stop here? " + this.el.next.textContent);
  };

  Player.prototype.endAsking = function () {
    if (!this.asking) return;
    var paused = this.asking.paused;
    var focus = this.el.ask.contains(document.activeElement);
    this.asking = null;
    this.el.ask.hidden = true;
    this.dialog.removeAttribute("data-asking");
    if (!this.setPaused(paused)) this.render(true);
    if (focus) this.el.pause.focus(); // never leave a keyboard user on a hidden button
  };

  // The session goes into the history: finished, or stopped with what was done. Sets are
  // counted as the card counts them: a set of a one-sided move is both its sides. Then
  // the page hears of it (la-player:saved): a plan ticks its session, charts redraw.
  Player.prototype.finish = function (finished) {
    var s = this.session;
    var rows = this.rows;
    var done = setsDone(rows, s.done);
    var planned = setsPlanned(rows);
    var entry = {
      v: 1, routine: this.data.routine, title: this.data.title, date: s.started,
      finished: finished, parts: done, of: planned,
      rows: rows.map(function (row, r) { return [row.name, setsDone([row], rowDone(s.done, r)), row.sets]; })
    };
    var plan = this.data.plan;
    if (isPlanSession(plan)) entry.plan = { slug: plan.slug, week: plan.week, session: plan.session };
    entry.log = this.logOf(s);
    entry.ended = new Date().toISOString();
    var kept = this.keep(entry);
    if (!kept) this.unsaved.push(entry);
    write(SESSION_KEY, null, this.sessionRule());
    this.halt();
    this.showTicks(s.done);
    this.showEnd(finished, s.done, done, planned);
    this.session = null;
    this.showHistory();
    // A copy: what a listener does with it cannot change what was saved.
    var detail = JSON.parse(JSON.stringify(entry));
    if (!kept) detail.unsaved = true;
    document.dispatchEvent(new CustomEvent("la-player:saved", { detail: detail }));
  };

  // The sets done, in the order they were done, each as the reader logged it or, where the
  // session has no log of it (one stored before sets were logged), as planned.
  Player.prototype.logOf = function (s) {
    var rows = this.rows;
    var log = s.log || [];
    return s.done.map(function (d) {
      var row = rows[d[0]];
      var mine = log.filter(function (item) { return item[0] === d[0] && item[1] === d[1] && item[2] === d[2]; }).pop();
      var timed = row.reps === null;
      return mine
        ? [row.exercise, d[1], d[2], mine[3], mine[4], mine[5]]
        : [row.exercise, d[1], d[2], timed ? row.seconds : row.reps, timed ? "s" : "reps", ""];
    });
  };

  // --- What the reader sees and hears ------------------------------------------------

  var PHASE = { ready: "Get ready", work: "Go", "switch": "Switch sides", rest: "Rest", changeover: "Next block" };

  Player.prototype.render = function (changed) {
    var s = this.session;
    var step = this.step();
    var row = this.rows[step.row];
    var timed = this.isTimed(step);
    var left = step.seconds - this.elapsed();
    this.dialog.setAttribute("data-kind", step.kind);
    this.dialog.setAttribute("data-step", String(s.index));
    this.dialog.toggleAttribute("data-paused", s.pausedAt !== null);
    if (changed) {
      this.el.phase.textContent = this.asking ? "Stop here?" : s.pausedAt !== null ? "Paused" : PHASE[step.kind];
      this.el.name.textContent = (step.kind === "work" && row.label ? row.label + " · " : "") + row.name;
      this.el.set.textContent = this.setText(step, row);
      this.el.cue.textContent = step.kind === "rest" || step.kind === "changeover" ? "" : row.cue;
      // On a row's last set, when to move on: the moment a runner can judge it.
      this.el["move-on"].textContent = step.kind === "work" && step.set === row.sets && row.moveOn ? "Move on when: " + row.moveOn : "";
      this.el.next.textContent = this.asking ? this.askText() : this.nextText();
      var hadFocus = document.activeElement === this.el.done || this.el.log.contains(document.activeElement);
      this.el.done.hidden = timed || !!this.asking;
      this.dialog.toggleAttribute("data-logging", !this.el.done.hidden); // the set's log, beside Done
      if (hadFocus && this.el.done.hidden) this.el.pause.focus(); // never leave a keyboard user on a hidden button
      if (this.repsStep !== s.index) { // another step: a set of reps's log starts at the plan's reps
        this.repsStep = s.index;
        this.reps = row.reps;
      }
      this.showReps();
      // The button says what it does; the screen's word and colour say the state.
      this.el.pause.textContent = s.pausedAt !== null && !this.asking ? "Resume" : "Pause";
      this.el.pause.disabled = !!this.asking;
      this.showFigure(step.row);
      this.el.figure.classList.toggle("is-paused", s.pausedAt !== null); // the drawing stops with the clock
      this.showTicks();
      this.el.progress.value = s.index / this.steps.length;
      this.media(step, row);
      if (s.pausedAt === null) this.say(step, row);
    }
    this.el.clock.textContent = timed && !this.asking ? clock(left) : "";
    this.el.where.textContent = "Step " + (s.index + 1) + " of " + this.steps.length + " \u00b7 " + clock(this.timeLeft(left)) + " left";
    if (timed && s.pausedAt === null) this.countdownCues(step, left);
  };

  // The whole session's time still to go: what is left of this step (a set of reps as
  // its estimate, never below nothing) and every step after it.
  Player.prototype.timeLeft = function (left) {
    var later = this.steps.slice(this.session.index + 1).reduce(function (sum, step) { return sum + step.seconds; }, 0);
    return Math.max(0, left) + later;
  };

  Player.prototype.askText = function () {
    var done = setsDone(this.rows, this.session.done);
    return "You've done " + done + " of " + sets(setsPlanned(this.rows)) + ". Stopping saves " + (done === 1 ? "it" : "them") + " with your sessions.";
  };

  Player.prototype.setText = function (step, row) {
    if (step.kind === "work") {
      return "Set " + step.set + " of " + row.sets + (step.side ? " · " + sideText(step.side) : "") + " · " + amount(row);
    }
    if (step.kind === "switch") return "Set " + step.set + " of " + row.sets + " · now the right side · " + step.seconds + " s to change";
    if (step.kind === "rest") return "Rest " + step.seconds + " s";
    if (step.kind === "changeover") return "Up next · " + amount(row) + (row.oneSided ? " each side" : "");
    return "First up · " + amount(row) + (row.oneSided ? " each side" : "");
  };

  Player.prototype.describe = function (work) {
    var row = this.rows[work.row];
    return row.name + ", set " + work.set + " of " + row.sets + (work.side ? ", " + work.side + " side" : "");
  };

  // During a rest (and before the first set) the coming exercise; during a set, what follows it.
  Player.prototype.nextText = function () {
    var i = this.session.index;
    var step = this.steps[i];
    var next = this.steps[i + 1];
    if (step.kind !== "work") {
      var work = this.steps.slice(i).filter(function (s) { return s.kind === "work"; })[0];
      return work ? "Next: " + this.describe(work) : "";
    }
    if (!next) return "Last one!";
    if (next.kind === "rest") return "Then: rest " + next.seconds + " s";
    if (next.kind === "switch") return "Then: switch to the right side";
    if (next.kind === "changeover") return "Then: on to the next block";
    return "Next: " + this.describe(next);
  };

  Player.prototype.showFigure = function (r) {
    if (this.el.figure.getAttribute("data-row") === String(r)) return;
    this.el.figure.setAttribute("data-row", String(r));
    var source = this.cardRows()[r] || this.figureOf(this.rows[r].exercise) || this.drawings()[r];
    // The moving drawing and the still strip both: site.css shows the one that suits (reduced motion, print).
    var drawings = source ? Array.prototype.map.call(source.querySelectorAll(".la-fig"), function (svg) { return svg.cloneNode(true); }) : [];
    this.el.figure.replaceChildren.apply(this.el.figure, drawings);
  };

  // A page without a card (a plan's) keeps each exercise's drawings in a template of its own.
  Player.prototype.figureOf = function (slug) {
    var templates = document.querySelectorAll("template[data-la-figure-of]");
    for (var i = 0; i < templates.length; i++) {
      if (templates[i].getAttribute("data-la-figure-of") === slug) return templates[i].content;
    }
    return null;
  };

  Player.prototype.cardRows = function () {
    return this.card ? this.card.querySelectorAll(".la-sheet__row, .la-pocket__item") : [];
  };

  // Where the drawing of each row is: the card's rows, or an exercise page's own drawing.
  Player.prototype.drawings = function () {
    return this.card ? this.cardRows() : document.querySelectorAll('.la-figure[data-module="la-moving"]');
  };

  // The card's tick boxes show this session's sets, as a pen would.
  Player.prototype.showTicks = function (done) {
    if (!done) done = this.session ? this.session.done : [];
    var rows = this.cardRows();
    this.rows.forEach(function (row, r) {
      if (!rows[r]) return;
      var sides = rows[r].querySelectorAll(".la-sheet__tickrow");
      Array.prototype.forEach.call(sides, function (line, i) {
        var side = row.oneSided ? (i === 0 ? "left" : "right") : "";
        var ticked = 0;
        Array.prototype.forEach.call(line.querySelectorAll(".la-tick"), function (box, n) {
          var isDone = done.some(function (d) { return d[0] === r && d[1] === n + 1 && d[2] === side; });
          box.classList.toggle("la-tick--done", isDone);
          if (isDone) ticked += 1;
        });
        line.setAttribute("aria-label", row.sets + " tick boxes" + (side ? ", " + side + " side" : "") + (ticked ? ", " + ticked + " ticked" : ""));
      });
    });
  };

  Player.prototype.countdownCues = function (step, left) {
    var second = Math.ceil(left);
    if (second === this.lastSecond) return;
    this.lastSecond = second;
    if (second <= 3 && second >= 1 && this.settings.sound) this.sounds.beep(false);
    if (second === 10 && step.seconds >= 20) this.announce("10 seconds left.");
  };

  Player.prototype.say = function (step, row) {
    var words = this.el.phase.textContent + ". " + this.el.name.textContent.replace(" · ", ", ") + ". " + this.el.set.textContent.replace(/ · /g, ", ") + ".";
    this.announce(words);
    if (this.settings.sound && this.settings.speech && window.speechSynthesis && window.SpeechSynthesisUtterance) {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new window.SpeechSynthesisUtterance(words));
    }
  };

  Player.prototype.announce = function (text) {
    this.el.live.textContent = text;
  };

  // The end: what was done, row by row as the card's tick boxes show it.
  Player.prototype.showEnd = function (finished, doneSides, done, planned) {
    var tally = this.el.tally;
    this.asking = null;
    this.el.ask.hidden = true;
    this.dialog.removeAttribute("data-asking");
    this.dialog.setAttribute("data-kind", "end");
    this.dialog.setAttribute("data-ended", "");
    this.dialog.removeAttribute("data-logging");
    this.dialog.removeAttribute("data-paused");
    this.el.phase.textContent = finished ? "Finished" : "Stopped";
    this.el.name.textContent = finished ? "Well done!" : "Session saved";
    this.el.set.textContent = done + " of " + sets(planned) + " done";
    this.el.cue.textContent = "";
    this.el["move-on"].textContent = "";
    tally.replaceChildren();
    this.rows.forEach(function (row, r) {
      var mine = rowDone(doneSides, r);
      var count = function (side) { return mine.filter(function (d) { return d[2] === side; }).length; };
      var words = row.oneSided
        ? (count("left") === count("right") ? count("left") + " of " + sets(row.sets) + " each side" : "left " + count("left") + ", right " + count("right") + " of " + sets(row.sets))
        : count("") + " of " + sets(row.sets);
      var item = document.createElement("li");
      item.textContent = (row.label ? row.label + " \u00b7 " : "") + row.name + ": " + words;
      tally.appendChild(item);
    });
    tally.hidden = this.rows.length < 2 && !this.rows.some(function (row) { return row.oneSided; });
    this.el.next.textContent = this.listed ? "It's in Your sessions on this page, saved in this browser only." : "It's saved in this browser only, with your other sessions.";
    this.el.clock.textContent = "";
    this.el.where.textContent = "";
    this.el.done.textContent = this.data.back || "Back to the routine";
    this.el.done.hidden = false;
    this.el.progress.value = planned ? done / planned : 1;
    this.el.figure.replaceChildren();
    this.el.figure.removeAttribute("data-row");
    this.media(null);
    this.announce(this.el.name.textContent + " " + this.el.set.textContent + ".");
    this.el.done.focus();
    if (finished && this.settings.sound) this.sounds.beep(true);
  };

  // --- The lock screen: the routine and the move, with Pause and Next (Media Session) ---

  Player.prototype.mediaSession = function () {
    var self = this;
    var media = navigator.mediaSession;
    if (!media || !media.setActionHandler) return;
    var handlers = {
      play: function () { if (self.session && self.dialog.open) self.setPaused(false); },
      pause: function () { if (self.session && self.dialog.open) self.setPaused(true); },
      nexttrack: function () { if (self.session && self.dialog.open) self.act("skip"); },
      previoustrack: function () { if (self.session && self.dialog.open) self.act("back"); }
    };
    Object.keys(handlers).forEach(function (name) {
      try { media.setActionHandler(name, handlers[name]); } catch (error) { /* an action this browser lacks */ }
    });
  };

  // What the lock screen shows: the move and the routine, or nothing once the player closes.
  Player.prototype.media = function (step, row) {
    var media = navigator.mediaSession;
    if (!media) return;
    try {
      if (!step || !window.MediaMetadata) {
        media.metadata = null;
        media.playbackState = "none";
        return;
      }
      var title = this.el.phase.textContent + ": " + row.name;
      if (!media.metadata || media.metadata.title !== title) {
        media.metadata = new window.MediaMetadata({ title: title, artist: this.data.title, album: "The Lazy Athlete" });
      }
      media.playbackState = this.session.pausedAt !== null ? "paused" : "playing";
    } catch (error) { /* the lock screen is a nicety */ }
  };

  // --- Screen kept on while playing ---------------------------------------------------

  Player.prototype.keepAwake = function () {
    var self = this;
    if (!navigator.wakeLock || !navigator.wakeLock.request) {
      this.el.wake.hidden = false;
      return;
    }
    if (this.wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      if (!self.playing()) return lock.release();
      self.wakeLock = lock;
      lock.addEventListener("release", function () { if (self.wakeLock === lock) self.wakeLock = null; });
    }, function () {
      self.el.wake.hidden = false;
    });
  };

  Player.prototype.release = function () {
    if (this.wakeLock) this.wakeLock.release();
    this.wakeLock = null;
  };

  // --- Resume, history, export -------------------------------------------------------

  // A finished or stopped session added to the list. The list's text is extended, not
  // written anew, so every entry already there stays exactly as it was, read or not.
  Player.prototype.keep = function (entry) {
    var now = look(HISTORY_KEY, isList);
    var text = JSON.stringify(entry);
    if (now.value) {
      text = now.text.slice(0, now.text.lastIndexOf("]")) + (now.value.length ? "," : "") + text + "]";
    } else {
      text = "[" + text + "]";
    }
    return write(HISTORY_KEY, text, isList);
  };

  // The sessions this browser holds that the player can read (and those it would not keep),
  // and how many things saved for "Your sessions" it cannot read.
  Player.prototype.sessions = function () {
    var now = look(HISTORY_KEY, isList);
    var entries = [];
    var unread = now.unread ? 1 : 0;
    (now.value || []).forEach(function (h) {
      if (isEntry(h)) entries.push(h);
      else unread += 1;
    });
    var session = look(SESSION_KEY, this.sessionRule());
    unread += session.unread ? 1 : 0;
    unread += asideKeys().filter(function (key) { return key.indexOf(ASIDE + SETTINGS_KEY) !== 0; }).length;
    return { entries: entries.concat(this.unsaved), unread: unread };
  };

  // "Yes, clear them": every session, and everything set aside or unreadable, is removed.
  Player.prototype.clear = function () {
    var unreadSession = look(SESSION_KEY, this.sessionRule()).unread;
    try {
      window.localStorage.removeItem(HISTORY_KEY);
      if (unreadSession) window.localStorage.removeItem(SESSION_KEY);
      asideKeys().forEach(function (key) { window.localStorage.removeItem(key); });
    } catch (error) { /* no storage: nothing was kept */ }
    this.unsaved = [];
  };

  Player.prototype.offerResume = function () {
    var box = this.home.querySelector(".la-player__resume");
    var s = this.stored();
    var mine = !!s;
    box.hidden = !mine;
    this.home.querySelector(".la-player__start").hidden = !!mine; // "Start again" is in the offer
    if (!mine) return;
    var step = this.steps[s.index];
    var row = this.rows[step.row];
    this.home.querySelector("[data-la-resume-text]").textContent =
      "You stopped at " + row.name + (step.set ? ", set " + step.set + " of " + row.sets : "") + " (" + sets(setsDone(this.rows, s.done)) + " done).";
    if (!this.session) this.showTicks(s.done);
  };

  Player.prototype.showHistory = function () {
    if (!this.listed) return;
    var routine = this.data.routine;
    var found = this.sessions();
    var all = found.entries;
    var mine = all.filter(function (h) { return h.routine === routine; }).reverse();
    var list = this.home.querySelector("[data-la-list]");
    var summary = this.home.querySelector("[data-la-summary]");
    summary.setAttribute("tabindex", "-1"); // focus lands here after clearing
    this.home.querySelector("[data-la-tools]").hidden = all.length === 0 && found.unread === 0;
    this.showUnread(found.unread);
    list.hidden = mine.length === 0;
    list.replaceChildren();
    if (!mine.length) {
      summary.textContent = all.length
        ? "Not done on this device yet. Your other routines' sessions are in the download."
        : "Not done on this device yet. Finish a session with the player and it shows here.";
      return;
    }
    var weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
    var thisWeek = mine.filter(function (h) { return new Date(h.date).getTime() >= weekAgo; }).length;
    summary.textContent = "Last done " + day(mine[0].date) + ". In the last 7 days: " + thisWeek +
      (thisWeek === 1 ? " session" : " sessions") +
      (this.data.perWeekText ? ", against " + this.data.perWeekText.toLowerCase() : "") + ".";
    mine.slice(0, HISTORY_SHOWN).forEach(function (h) {
      var item = document.createElement("li");
      item.textContent = day(h.date) + ": " + (h.finished ? "finished, " : "stopped, ") + h.parts + " of " + h.of + " sets";
      list.appendChild(item);
    });
  };

  // Said once, under the summary: what could not be read, and a session the browser would not keep.
  Player.prototype.showUnread = function (unread) {
    var note = this.home.querySelector("[data-la-unread]");
    var words = [];
    if (unread) {
      words.push(unread === 1
        ? "1 saved session could not be read, so it is not listed or in the download. It is still kept in this browser; \u201cClear my sessions\u201d removes it."
        : number(unread) + " saved sessions could not be read, so they are not listed or in the download. They are still kept in this browser; \u201cClear my sessions\u201d removes them.");
    }
    if (this.unsaved.length) {
      words.push("This browser would not keep your latest session (its storage is full or turned off), so it could not be saved: it is in the download until you leave this page.");
    }
    note.textContent = words.join(" ");
    note.hidden = words.length === 0;
  };

  Player.prototype.exportHistory = function (event) {
    var link = event.currentTarget;
    var lines = [["date", "routine", "finished", "sets done", "sets planned", "exercises"]];
    this.sessions().entries.forEach(function (h) {
      lines.push([h.date, h.title, h.finished ? "yes" : "no", h.parts, h.of,
        h.rows.map(function (r) { return r[0] + " " + r[1] + "/" + r[2]; }).join("; ")]);
    });
    var text = lines.map(function (line) { return line.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    link.href = "data:text/csv;charset=utf-8," + encodeURIComponent(text);
  };

  window.LazyAthlete.register("la-player", Player);
})();
