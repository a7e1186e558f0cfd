// Where a reader is in a plan, worked out from what this browser keeps: pure functions, no page.
// The plan page (plan.js beside this file) and the home page's "today" (components/today/)
// both read it. A reader's progress is one record under PROGRESS_KEY (its fields are below, in
// `begin`); a plan advances by sessions done, never by the calendar alone, so a missed week
// repeats rather than skips ahead.
// Tests: tests/test_plan_follow.py.
(function (root) {
  "use strict";

  var PROGRESS_KEY = "la-plan-v1";
  var DAY_MS = 86400000;
  var DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var WEEK_DAYS = 7;

  // --- Days: a reader's day is the phone's local date, written "YYYY-MM-DD" ----------------

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function dayOf(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function dateOf(day) {
    var parts = day.split("-");
    return new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]), 12); // noon: no daylight-saving edge
  }

  function addDays(day, n) {
    var date = dateOf(day);
    date.setDate(date.getDate() + n);
    return dayOf(date);
  }

  function daysBetween(from, to) {
    return Math.round((dateOf(to).getTime() - dateOf(from).getTime()) / DAY_MS);
  }

  function weekday(day) { return dateOf(day).getDay(); }

  function isDay(text) {
    return typeof text === "string" && /^\d{4}-\d\d-\d\d$/.test(text) && !isNaN(dateOf(text).getTime());
  }

  // "Monday and Thursday", in the week's order from Monday.
  function dayList(days) {
    var names = days.slice().sort(function (a, b) { return (a + 6) % 7 - (b + 6) % 7; }).map(function (d) { return DAY_NAMES[d]; });
    return names.length > 1 ? names.slice(0, -1).join(", ") + " and " + names[names.length - 1] : names.join("");
  }

  // --- Strength days ----------------------------------------------------------------------

  // Days apart going forward round the week (Friday to Monday is 3).
  function gap(a, b) { return ((b - a) % WEEK_DAYS + WEEK_DAYS) % WEEK_DAYS; }

  function combinations(list, count) {
    if (count === 0) return [[]];
    var out = [];
    list.forEach(function (first, i) {
      combinations(list.slice(i + 1), count - 1).forEach(function (rest) { out.push([first].concat(rest)); });
    });
    return out;
  }

  // The smallest gap between strength days round the week (7 for a single day).
  function spread(days) {
    if (days.length < 2) return WEEK_DAYS;
    var sorted = days.slice().sort();
    return Math.min.apply(null, sorted.map(function (d, i) { return gap(d, sorted[(i + 1) % sorted.length]); }));
  }

  // Strength days for `count` sessions a week: never the day before the long run or the hard
  // session (the site's advice: legs fresh for those), easy days before the run days themselves,
  // and as far apart as the week allows (at least a day between them where it can). Null for a
  // run day the reader hasn't got.
  function proposeDays(longRun, hard, count) {
    var runs = [longRun, hard].filter(function (d) { return d !== null; });
    var dayBefore = runs.map(function (d) { return (d + 6) % 7; });
    var week = [1, 2, 3, 4, 5, 6, 0];
    var tiers = [
      week.filter(function (d) { return dayBefore.indexOf(d) < 0 && runs.indexOf(d) < 0; }),
      week.filter(function (d) { return dayBefore.indexOf(d) < 0; }), // strength on a run day, after it
      week
    ];
    for (var t = 0; t < tiers.length; t++) {
      var best = null;
      combinations(tiers[t], count).forEach(function (days) {
        if (best === null || spread(days) > spread(best)) best = days; // the first of the widest, from Monday
      });
      if (best !== null && (spread(best) >= 2 || t === tiers.length - 1)) return best;
    }
    return week.slice(0, count);
  }

  // What to say about the reader's own choice of days: each day's problem, in plain words.
  function daysAdvice(days, longRun, hard, count) {
    var words = [];
    if (days.length !== count) {
      words.push("Pick " + count + " day" + (count > 1 ? "s" : "") + ": the plan has " + count + " session" + (count > 1 ? "s" : "") + " a week.");
    }
    days.forEach(function (d) {
      if (longRun !== null && d === (longRun + 6) % 7) words.push(DAY_NAMES[d] + " is the day before your long run: I'd keep it clear.");
      else if (hard !== null && d === (hard + 6) % 7) words.push(DAY_NAMES[d] + " is the day before your hard session: I'd keep it clear.");
    });
    if (days.length > 1 && days.length <= count && spread(days) < 2) words.push("Two of your days are back to back: leave a day between strength days if you can.");
    return words;
  }

  // --- Progress ------------------------------------------------------------------------------

  function isWeekday(d) { return typeof d === "number" && Math.floor(d) === d && d >= 0 && d <= 6; }

  function isRecord(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  function isChange(c) {
    return isRecord(c) && (c.to === null || typeof c.to === "string") && typeof c.reps === "number" &&
      (c.answer === "yes" || c.answer === "no") && typeof c.on === "string" && !isNaN(new Date(c.on).getTime());
  }

  // A progress record as `begin` writes it (anything else is not used, and kept aside by plan.js).
  function isProgress(p) {
    return isRecord(p) && p.v === 1 && typeof p.plan === "string" && isDay(p.started) &&
      Array.isArray(p.days) && p.days.length > 0 && p.days.every(isWeekday) &&
      (p.long === null || isWeekday(p.long)) && (p.hard === null || isWeekday(p.hard)) &&
      typeof p.time === "string" && /^\d\d:\d\d$/.test(p.time) &&
      typeof p.week === "number" && p.week >= 1 && isDay(p.weekFrom) &&
      isRecord(p.ticks) && Object.keys(p.ticks).every(function (k) { return /^\d+-\d+$/.test(k) && isDay(p.ticks[k]); }) &&
      isRecord(p.changes) && Object.keys(p.changes).every(function (k) { return isChange(p.changes[k]); }) &&
      (p.repeated === null || typeof p.repeated === "number") && (p.finished === null || isDay(p.finished));
  }

  function begin(plan, days, longRun, hard, today) {
    return {
      v: 1, plan: plan.plan, started: today, days: days.slice().sort(), long: longRun, hard: hard,
      time: "07:00", // the calendar reminder's time
      week: 1, weekFrom: today, // the week the reader is on, and the day it became theirs
      ticks: {}, // "week-session": the day it was done, for the weeks done and the one under way
      changes: {}, // exercise slug: {to: the harder version taken, reps: reps added a set, answer, on: when last answered}
      repeated: null, // the week that started again, until the reader does a session of it
      finished: null
    };
  }

  function sessionsIn(plan, week) {
    return plan.weeks[week - 1] ? plan.weeks[week - 1].sessions.length : 0;
  }

  function isTicked(progress, week, session) {
    return Object.prototype.hasOwnProperty.call(progress.ticks, week + "-" + session);
  }

  function untickWeek(progress, week) {
    Object.keys(progress.ticks).forEach(function (key) {
      if (key.split("-")[0] === String(week)) delete progress.ticks[key];
    });
  }

  // A week has seven days from the day it became the reader's. When they pass with the week's
  // sessions not all done, the week starts again: sessions done in it are done again, and
  // nothing is skipped. Returns the progress brought up to `today` (a copy).
  function catchUp(progress, plan, today) {
    var p = JSON.parse(JSON.stringify(progress));
    if (p.finished) return p;
    var passed = daysBetween(p.weekFrom, today);
    if (passed >= WEEK_DAYS) {
      untickWeek(p, p.week);
      p.weekFrom = addDays(p.weekFrom, Math.floor(passed / WEEK_DAYS) * WEEK_DAYS);
      p.repeated = p.week;
    }
    return p;
  }

  // The next session to do in the current week (from 1), or null when the plan is finished.
  function nextSession(progress, plan) {
    if (progress.finished || progress.week > plan.weeks.length) return null;
    for (var s = 1; s <= sessionsIn(plan, progress.week); s++) {
      if (!isTicked(progress, progress.week, s)) return { week: progress.week, session: s };
    }
    return null;
  }

  // The first of the reader's strength days on or after `from`.
  function nextStrengthDay(progress, from) {
    for (var n = 0; n < WEEK_DAYS; n++) {
      var day = addDays(from, n);
      if (progress.days.indexOf(weekday(day)) >= 0) return day;
    }
    return from;
  }

  // What today holds: {kind: "session" | "rest" | "done-today" | "finished", next, day}.
  function today(progress, plan, day) {
    var next = nextSession(progress, plan);
    if (next === null) return { kind: "finished", next: null, day: null };
    var doneToday = Object.keys(progress.ticks).some(function (key) { return progress.ticks[key] === day; });
    if (doneToday) return { kind: "done-today", next: next, day: nextStrengthDay(progress, addDays(day, 1)) };
    if (progress.days.indexOf(weekday(day)) >= 0) return { kind: "session", next: next, day: day };
    var yesterday = addDays(day, -1);
    var trained = Object.keys(progress.ticks).some(function (key) { return progress.ticks[key] === yesterday; });
    return { kind: "rest", next: next, day: nextStrengthDay(progress, day), trainedYesterday: trained };
  }

  // "today", "tomorrow", "on Thursday" (within the week ahead).
  function when(day, from) {
    var n = daysBetween(from, day);
    if (n === 0) return "today";
    if (n === 1) return "tomorrow";
    return "on " + DAY_NAMES[weekday(day)];
  }

  // What today holds, in words both the plan page and the home page show: {status, what,
  // start: the Start button's words, or null when there is nothing to start today}.
  function words(now, plan, day) {
    if (now.kind === "finished") {
      return {
        status: "You've finished the plan. Well done!",
        what: "Keep going with week " + plan.weeks.length + "'s sessions, and make one move at a time harder once it meets its \u201cMove on when\u201d.",
        start: null
      };
    }
    var session = plan.weeks[now.next.week - 1].sessions[now.next.session - 1];
    var what = "Week " + now.next.week + ", session " + now.next.session + ": " + session.title + ", " + session.minutes.toLowerCase() + ".";
    if (now.kind === "session") return { status: "Today's session", what: what, start: "Start today's session" };
    var next = "Next session " + when(now.day, day);
    if (now.kind === "rest") {
      return { status: "Rest day. " + next, what: what + (now.trainedYesterday ? " You trained yesterday: leave a day between sessions if you can." : ""), start: "Do it today instead" };
    }
    return { status: "Done for today. " + next, what: what, start: null };
  }

  // A finished session of the plan ticks its box; the last of a week moves the reader on, to a
  // week that starts the next day. A session of another week (an old one resumed) ticks nothing.
  function tick(progress, plan, week, session, day) {
    var p = JSON.parse(JSON.stringify(progress));
    if (p.finished || week !== p.week || session < 1 || session > sessionsIn(plan, week)) return p;
    p.ticks[week + "-" + session] = day;
    p.repeated = null;
    if (nextSession(p, plan) === null) moveOn(p, plan, addDays(day, 1));
    return p;
  }

  // On to the next week (the last week done: the plan is finished).
  function moveOn(p, plan, from) {
    if (p.week >= plan.weeks.length) {
      p.finished = addDays(from, -1);
      return p;
    }
    p.week += 1;
    p.weekFrom = from;
    p.repeated = null;
    untickWeek(p, p.week);
    return p;
  }

  function moveOnByHand(progress, plan, day) {
    return moveOn(JSON.parse(JSON.stringify(progress)), plan, day);
  }

  // --- Moving on: offers from what was logged ---------------------------------------------------

  // The plan's sessions in the history, oldest first, each with what it planned for each move.
  function planSessions(entries, plan) {
    return entries.filter(function (h) {
      return isRecord(h) && isRecord(h.plan) && h.plan.slug === plan.plan && Array.isArray(h.log) && h.finished === true;
    }).sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
  }

  // The sets a session planned for an exercise, from the page's data (sides counted apart).
  function plannedSets(plan, week, session, slug) {
    var w = plan.weeks[week - 1];
    var s = w && w.sessions[session - 1];
    if (!s) return null;
    var found = null;
    s.player.rows.forEach(function (row) {
      if (row.exercise === slug) found = { sets: row.sets * (row.oneSided ? 2 : 1), reps: row.reps };
    });
    return found;
  }

  // Whether a logged session met an exercise's mark for moving on: every set it planned done,
  // and every one felt easy. Null when that session did not do the exercise.
  function feltEasy(entry, plan, slug, played) {
    var planned = plannedSets(plan, entry.plan.week, entry.plan.session, slug);
    if (planned === null) return null;
    var sets = entry.log.filter(function (item) { return Array.isArray(item) && item[0] === played; });
    return sets.length >= planned.sets && sets.every(function (item) { return item[5] === "easy"; });
  }

  // Exercises whose last two sessions since the reader last answered about them were all easy:
  // the next session offers the harder version (once) or more reps. Each {slug, name,
  // progressWhen, harder: {to, name | how} | null, more: whether reps can go up}.
  function offers(progress, plan, entries) {
    var sessions = planSessions(entries, plan);
    var out = [];
    Object.keys(plan.exercises).forEach(function (slug) {
      var info = plan.exercises[slug];
      var change = progress.changes[slug];
      var played = change && change.to && change.to !== "how" ? change.to : slug;
      var judged = sessions.filter(function (h) { return !change || h.date > change.on; })
        .map(function (h) { return feltEasy(h, plan, slug, played); })
        .filter(function (easy) { return easy !== null; });
      var lastTwo = judged.slice(-2);
      if (lastTwo.length < 2 || !lastTwo[0] || !lastTwo[1]) return;
      var harder = null;
      if (!(change && change.to) && info.harder) {
        if (info.harder.row) harder = { to: info.harder.row.exercise, name: info.harder.row.name };
        else if (info.harder.how && !info.harder.name) harder = { to: "how", how: info.harder.how }; // a tweak of the same move
      }
      if (harder || info.reps) out.push({ slug: slug, name: info.name, progressWhen: info.progressWhen, harder: harder, more: info.reps });
    });
    return out;
  }

  // The reader's answer to an offer: "more" (2 more reps a set), "no" (not yet: asked again
  // after two more easy sessions), or the harder version's `to`. `now` is an ISO time.
  function answer(progress, slug, choice, now) {
    var p = JSON.parse(JSON.stringify(progress));
    var change = p.changes[slug] || { to: null, reps: 0, answer: "no", on: now };
    change.on = now;
    change.answer = choice === "no" ? "no" : "yes";
    if (choice === "more") change.reps += 2;
    else if (choice !== "no") change.to = choice;
    p.changes[slug] = change;
    return p;
  }

  // The player's data for a session, with the reader's accepted changes in place.
  function sessionData(progress, plan, week, session) {
    var data = JSON.parse(JSON.stringify(plan.weeks[week - 1].sessions[session - 1].player));
    data.rows.forEach(function (row) {
      var change = progress.changes[row.exercise];
      if (!change) return;
      var info = plan.exercises[row.exercise];
      if (change.to === "how" && info.harder && info.harder.how) {
        row.cue = "Harder version: " + info.harder.how;
      } else if (change.to && info.harder && info.harder.row && info.harder.row.exercise === change.to) {
        var swap = info.harder.row;
        row.exercise = swap.exercise; row.name = swap.name; row.cue = swap.cue; row.moveOn = swap.moveOn; row.url = swap.url;
        if (swap.reps !== null && row.reps !== null) row.reps = Math.min(row.reps, swap.reps);
      }
      if (row.reps !== null && change.reps) row.reps += change.reps;
    });
    return data;
  }

  root.LazyAthleteSchedule = {
    PROGRESS_KEY: PROGRESS_KEY, DAY_NAMES: DAY_NAMES,
    dayOf: dayOf, addDays: addDays, daysBetween: daysBetween, weekday: weekday, dayList: dayList, when: when,
    proposeDays: proposeDays, daysAdvice: daysAdvice, isProgress: isProgress, begin: begin,
    catchUp: catchUp, today: today, words: words, nextSession: nextSession, tick: tick, moveOnByHand: moveOnByHand,
    offers: offers, answer: answer, sessionData: sessionData, sessionsIn: sessionsIn, isTicked: isTicked
  };
})(window);
