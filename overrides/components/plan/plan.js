// Following a plan on the phone (the "Follow it on this phone" part of a plan page,
// overrides/content/plan.html): start it and choose strength days, see today's session, play it
// in the follow-along player at that week's doses, and tick it when it's finished. The rules of
// where a reader is live in schedule.js beside this file; this file reads and writes what the
// browser keeps and shows it. Nothing leaves the device.
// Tests: tests/test_plan_follow.py.
(function () {
  "use strict";

  var S = window.LazyAthleteSchedule;
  var HISTORY_KEY = "la-player-history-v1"; // the player's sessions (components/player/player.js)
  var ASIDE = "la-plan-set-aside-v1:"; // progress this version cannot read is kept, not lost

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  // The reader's progress: {value} when readable, {unread: text} when something else is there.
  function readProgress() {
    var text = stored(S.PROGRESS_KEY);
    if (text === null) return { value: null, unread: null };
    try {
      var value = JSON.parse(text);
      if (S.isProgress(value)) return { value: value, unread: null };
    } catch (error) { /* not JSON: kept aside below */ }
    return { value: null, unread: text };
  }

  // Writes the progress (null: forgets it); what could not be read is first copied aside.
  function writeProgress(progress) {
    try {
      var now = readProgress();
      if (now.unread !== null) window.localStorage.setItem(ASIDE + new Date().toISOString(), now.unread);
      if (progress === null) window.localStorage.removeItem(S.PROGRESS_KEY);
      else window.localStorage.setItem(S.PROGRESS_KEY, JSON.stringify(progress));
      return true;
    } catch (error) {
      return false;
    }
  }

  function history() {
    try {
      var list = JSON.parse(stored(HISTORY_KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (error) {
      return [];
    }
  }

  function PlanFollow(root) {
    this.root = root;
    this.plan = JSON.parse(root.querySelector(".la-plan__data").textContent);
    this.setup = root.querySelector("[data-la-plan-setup]");
    this.now = root.querySelector("[data-la-plan-now]");
    this.playerHome = root.querySelector('[data-module="la-player"]');
    this.start = this.playerHome.querySelector("[data-la-start]");
    this.el = {};
    var self = this;
    ["long", "hard", "advice", "begin", "cancel", "where", "message", "status", "what", "offers", "next-week",
      "change", "calendar", "stop", "stop-ask", "stop-yes", "stop-no"].forEach(function (name) {
      self.el[name] = root.querySelector("[data-la-plan-" + name + "]");
    });
    this.dayBoxes = Array.prototype.slice.call(root.querySelectorAll("[data-la-plan-day]"));
    this.changing = false; // the form is open to change the days of a plan under way
    this.shownFor = null; // the session the player was last given
    this.bind();
    this.show();
    if (window.location.hash === "#start") {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      if (this.progress && !this.start.hidden) this.start.click();
    }
  }

  PlanFollow.prototype.day = function () { return S.dayOf(new Date()); };

  PlanFollow.prototype.bind = function () {
    var self = this;
    function runDay(select) { return select.value === "" ? null : Number(select.value); }
    function propose() {
      var days = S.proposeDays(runDay(self.el.long), runDay(self.el.hard), self.plan.perWeek);
      self.dayBoxes.forEach(function (box) { box.checked = days.indexOf(Number(box.value)) >= 0; });
      self.advise();
    }
    this.el.long.addEventListener("change", propose);
    this.el.hard.addEventListener("change", propose);
    this.dayBoxes.forEach(function (box) { box.addEventListener("change", function () { self.advise(); }); });
    this.propose = propose;
    this.setup.addEventListener("submit", function (event) {
      event.preventDefault();
      self.begin(runDay(self.el.long), runDay(self.el.hard));
    });
    this.el.cancel.addEventListener("click", function () {
      self.changing = false;
      self.show();
      self.el.change.focus();
    });
    this.el["next-week"].addEventListener("click", function () {
      var week = self.progress.week;
      self.save(S.moveOnByHand(self.progress, self.plan, self.day()));
      self.say(self.progress.finished ? "That was the last week: the plan is done." : "On to week " + self.progress.week + ". Week " + week + "'s boxes stay as you left them.");
    });
    this.el.change.addEventListener("click", function () {
      self.changing = true;
      self.show();
      self.el.long.focus();
    });
    this.el.stop.addEventListener("click", function () {
      self.el["stop-ask"].hidden = false;
      self.el["stop-no"].focus();
    });
    this.el["stop-no"].addEventListener("click", function () {
      self.el["stop-ask"].hidden = true;
      self.el.stop.focus();
    });
    this.el["stop-yes"].addEventListener("click", function () {
      self.el["stop-ask"].hidden = true;
      writeProgress(null);
      self.show();
      self.el.long.focus();
    });
    this.el.offers.addEventListener("click", function (event) {
      var button = event.target.closest("[data-la-plan-answer]");
      if (!button) return;
      var slug = button.getAttribute("data-la-plan-exercise");
      var choice = button.getAttribute("data-la-plan-answer");
      var offer = (self.offerList || []).filter(function (o) { return o.slug === slug; })[0];
      self.save(S.answer(self.progress, slug, choice, new Date().toISOString()));
      if (offer) self.say(choice === "no" ? "Fine: " + offer.name + " stays as it is. I'll ask again after two more easy sessions."
        : choice === "more" ? "Done: " + offer.name + " gets 2 more reps a set from your next session."
        : "Done: your next session has the harder version of " + offer.name + ".");
      self.start.focus();
    });
    document.addEventListener("la-player:saved", function (event) { self.saved(event.detail); });
    document.addEventListener("la-data:changed", function () { self.show(); });
    window.addEventListener("storage", function () { self.show(); });
  };

  // The days chosen in the form, and what to say about them.
  PlanFollow.prototype.chosenDays = function () {
    return this.dayBoxes.filter(function (box) { return box.checked; }).map(function (box) { return Number(box.value); });
  };

  PlanFollow.prototype.advise = function () {
    function runDay(select) { return select.value === "" ? null : Number(select.value); }
    var days = this.chosenDays();
    var words = S.daysAdvice(days, runDay(this.el.long), runDay(this.el.hard), this.plan.perWeek);
    if (!words.length && days.length) words = ["Your strength days: " + S.dayList(days) + "."];
    this.el.advice.textContent = words.join(" ");
    this.el.begin.disabled = days.length !== this.plan.perWeek;
  };

  PlanFollow.prototype.begin = function (longRun, hard) {
    var days = this.chosenDays();
    if (days.length !== this.plan.perWeek) return;
    var fresh = !this.changing || !this.progress;
    var progress = fresh ? S.begin(this.plan, days, longRun, hard, this.day()) : JSON.parse(JSON.stringify(this.progress));
    if (!fresh) { progress.days = days.sort(); progress.long = longRun; progress.hard = hard; }
    this.changing = false;
    this.save(progress);
    this.say(fresh ? "Plan started. Your strength days are " + S.dayList(days) + "." : "Saved: your strength days are now " + S.dayList(days) + ".");
    this.start.focus();
  };

  PlanFollow.prototype.save = function (progress) {
    if (!writeProgress(progress)) this.say("This browser won't keep your place in the plan (its storage is full or turned off). The page still works, but it will forget.");
    this.progress = progress;
    this.show(true);
  };

  PlanFollow.prototype.say = function (words) {
    this.el.message.textContent = words;
    this.el.message.hidden = !words;
  };

  // A session the player saved: a finished session of this plan ticks its box.
  PlanFollow.prototype.saved = function (entry) {
    if (!entry || !entry.plan || entry.plan.slug !== this.plan.plan || !this.progress) return;
    if (!entry.finished) return; // stopped part-way: the box waits for a whole session
    var before = this.progress.week;
    var after = S.tick(this.progress, this.plan, entry.plan.week, entry.plan.session, this.day());
    this.save(after);
    if (after.finished) this.say("That's the whole plan done.");
    else if (after.week !== before) this.say("Week " + before + " done. Week " + after.week + " starts tomorrow.");
    else this.say("Ticked: week " + entry.plan.week + ", session " + entry.plan.session + ".");
  };

  // Everything shown, from what the browser keeps. `kept`: leave the message as it is.
  PlanFollow.prototype.show = function (kept) {
    var read = readProgress().value;
    var mine = read && read.plan === this.plan.plan ? read : null;
    var today = this.day();
    if (mine) {
      var caught = S.catchUp(mine, this.plan, today);
      if (JSON.stringify(caught) !== JSON.stringify(mine)) writeProgress(caught);
      mine = caught;
    }
    this.progress = mine;
    if (!kept) this.say("");
    this.showTicks();
    var setupShown = !mine || this.changing;
    this.setup.hidden = !setupShown;
    this.now.hidden = !mine || this.changing;
    this.el.begin.textContent = mine ? "Save my days" : "Start the plan";
    this.el.cancel.hidden = !mine;
    if (setupShown) {
      this.fillForm(mine || (read && read.plan !== this.plan.plan ? null : null));
      if (read && !mine) this.el.advice.textContent = "Starting this plan stops following the other one; your sessions stay saved.";
      return;
    }
    this.showToday(today);
  };

  PlanFollow.prototype.fillForm = function (progress) {
    if (progress) {
      this.el.long.value = progress.long === null ? "" : String(progress.long);
      this.el.hard.value = progress.hard === null ? "" : String(progress.hard);
      this.dayBoxes.forEach(function (box) { box.checked = progress.days.indexOf(Number(box.value)) >= 0; });
      this.advise();
    } else {
      this.propose();
    }
  };

  PlanFollow.prototype.showTicks = function () {
    var ticks = this.progress ? this.progress.ticks : {};
    Array.prototype.forEach.call(this.root.ownerDocument.querySelectorAll("[data-la-plan-tick]"), function (box) {
      var key = box.getAttribute("data-la-plan-tick");
      var done = Object.prototype.hasOwnProperty.call(ticks, key);
      var parts = key.split("-");
      box.classList.toggle("la-tick--done", done);
      box.setAttribute("aria-label", "Tick box for week " + parts[0] + ", session " + parts[1] + (done ? ": done" : ""));
    });
  };

  PlanFollow.prototype.showToday = function (today) {
    var p = this.progress;
    var weeks = this.plan.weeks.length;
    var now = S.today(p, this.plan, today);
    var week = this.plan.weeks[Math.min(p.week, weeks) - 1];
    this.el.where.textContent = p.finished ? "Plan finished · your days: " + S.dayList(p.days)
      : "Week " + p.week + " of " + weeks + (week.lighter ? " (lighter week)" : "") + " · your days: " + S.dayList(p.days);
    if (p.repeated === p.week && !this.el.message.textContent) {
      this.say("Week " + p.week + " starts again: last week's sessions weren't all done. No rush; doing a week twice is how the plan stays gentle.");
    }
    var player = this.playerHome;
    this.el["next-week"].hidden = !!p.finished;
    this.el.change.hidden = !!p.finished; // no days left to change
    this.el["next-week"].textContent = p.week >= weeks ? "Mark the plan finished" : "Move on to week " + (p.week + 1);
    var said = S.words(now, this.plan, today);
    this.el.status.textContent = said.status;
    this.el.what.textContent = said.what;
    // Only the button: an open player (its dialog is inside) stays open when a finished session ticks.
    this.start.hidden = said.start === null;
    if (said.start) this.start.textContent = said.start;
    var calendar = window.LazyAthleteCalendar; // calendar.js, when the page has it
    this.el.calendar.hidden = !calendar || now.kind === "finished";
    if (now.kind === "finished") {
      this.el.offers.replaceChildren();
      return;
    }
    if (calendar) calendar.link(this.el.calendar, p, this.plan);
    var next = now.next;
    this.showOffers();
    var key = next.week + "-" + next.session + ":" + JSON.stringify(p.changes);
    if (this.shownFor !== key) {
      this.shownFor = key;
      player.dispatchEvent(new CustomEvent("la-player:data", { detail: S.sessionData(p, this.plan, next.week, next.session) }));
    }
  };

  // Moves that felt easy twice running: the harder version or more reps, or not yet.
  PlanFollow.prototype.showOffers = function () {
    var list = S.offers(this.progress, this.plan, history());
    this.offerList = list;
    var boxes = list.map(function (offer) {
      var box = document.createElement("div");
      box.className = "la-follow__offer";
      var head = document.createElement("p");
      head.className = "la-follow__offer-title";
      head.textContent = offer.name + " felt easy twice running. Ready for more?";
      var why = document.createElement("p");
      why.textContent = "Move on when: " + offer.progressWhen;
      box.append(head, why);
      if (offer.harder && offer.harder.how) {
        var how = document.createElement("p");
        how.textContent = "The harder version: " + offer.harder.how;
        box.append(how);
      }
      var buttons = document.createElement("p");
      buttons.className = "la-follow__offer-buttons";
      function button(words, choice, primary) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "md-button" + (primary ? " md-button--primary" : "");
        b.textContent = words;
        b.setAttribute("data-la-plan-answer", choice);
        b.setAttribute("data-la-plan-exercise", offer.slug);
        buttons.append(b);
      }
      if (offer.harder) button(offer.harder.name ? "Switch to " + offer.harder.name : "Try the harder version", offer.harder.to, true);
      if (offer.more) button("2 more reps a set", "more", !offer.harder);
      button("Not yet", "no", false);
      box.append(buttons);
      return box;
    });
    this.el.offers.replaceChildren.apply(this.el.offers, boxes);
  };

  window.LazyAthlete.register("la-plan", PlanFollow);
})();
