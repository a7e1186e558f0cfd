// A reminder without an account: the reader's strength days as a calendar file (RFC 5545),
// made in the browser from the plan progress (key la-plan-v1) and the plan page's data.
// One weekly event per chosen weekday for the weeks of the plan still to do, at the
// reader's time of day in their own time zone (floating time: 07:00 stays 07:00 wherever
// the phone is), half an hour long, with a reminder 15 minutes before.
// window.LazyAthleteCalendar.ics is pure but for the site's address (the caller passes "now"); .link
// fills a download link, for the plan component's "Add the days to my calendar".
// Tests: tests/test_calendar.py (the text read by Python's icalendar, as a calendar app reads it).
(function (root) {
  "use strict";

  var BYDAY = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]; // by Date.getDay()
  var DAY_MS = 24 * 3600 * 1000;
  var DEFAULT_TIME = "07:00";
  var MINUTES = 30;
  var FILE_NAME = "lazy-athlete-plan.ics";
  var SUMMARY = "Glute session (The Lazy Athlete)";

  function pad(n, width) {
    var text = String(n);
    while (text.length < (width || 2)) text = "0" + text;
    return text;
  }

  // Calendar dates are counted as UTC midnights: no daylight-saving hour can move a day.
  function dayOf(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof text === "string" ? text : "");
    if (!match) return null;
    var day = Date.UTC(+match[1], +match[2] - 1, +match[3]);
    return isNaN(day) ? null : day;
  }

  function localDay(date) {
    return Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  }

  function dateText(day) {
    var d = new Date(day);
    return pad(d.getUTCFullYear(), 4) + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate());
  }

  // A floating local date-time (no Z, no zone): the reader's own clock.
  function floating(day, minutes) {
    var d = new Date(day + minutes * 60000);
    return dateText(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) + "T" +
      pad(d.getUTCHours()) + pad(d.getUTCMinutes()) + "00";
  }

  function utcStamp(date) {
    return pad(date.getUTCFullYear(), 4) + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) + "T" +
      pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds()) + "Z";
  }

  function minutesOf(time) {
    var match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(typeof time === "string" ? time : "");
    if (!match) match = /^(\d\d):(\d\d)$/.exec(DEFAULT_TIME);
    return +match[1] * 60 + +match[2];
  }

  // TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped;
  // other control characters, which no calendar shows, left out.
  function escapeText(value) {
    return String(value)
      .replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n")
      .replace(/[\u0000-\u001f\u007f]/g, "");
  }

  function utf8Length(codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }

  // Lines of at most 75 octets (RFC 5545 3.1), continued on lines that start with a space,
  // never splitting a character's UTF-8 bytes (nor a surrogate pair).
  function fold(line) {
    var out = [];
    var current = "";
    var octets = 0;
    var limit = 75;
    for (var i = 0; i < line.length; i++) {
      var code = line.charCodeAt(i);
      var unit = line.charAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
        unit += line.charAt(i + 1);
        code = 0x10000;
        i += 1;
      }
      var size = utf8Length(code);
      if (octets + size > limit) {
        out.push(current);
        current = " ";
        octets = 1;
      }
      current += unit;
      octets += size;
    }
    out.push(current);
    return out.join("\r\n");
  }

  function isProgress(progress) {
    return progress !== null && typeof progress === "object" && Array.isArray(progress.days);
  }

  // The first day of the plan's current week: its weekFrom while that week is still running
  // (or yet to come), otherwise today: a missed week is done again from now.
  function weekStart(progress, today) {
    var from = dayOf(progress.weekFrom);
    if (from === null || from + 7 * DAY_MS <= today) return today;
    return from;
  }

  // The text of the calendar file, or null when there is nothing to remind of (no plan data,
  // no days chosen, the plan finished): a calendar needs at least one event.
  function ics(progress, planData, now) {
    if (!isProgress(progress) || !planData || !Array.isArray(planData.weeks)) return null;
    if (progress.finished) return null;
    now = now instanceof Date ? now : new Date(now === undefined ? Date.now() : now);
    var today = localDay(now);
    var week = typeof progress.week === "number" && progress.week >= 1 ? Math.floor(progress.week) : 1;
    var weeksLeft = planData.weeks.length - week + 1;
    if (weeksLeft < 1) return null;
    var start = weekStart(progress, today);
    var end = start + weeksLeft * 7 * DAY_MS;
    var from = Math.max(start, today);
    var minutes = minutesOf(progress.time);
    var slug = String(planData.plan || progress.plan || "plan");
    var title = String(planData.title || "Your plan");
    // The page's public address (the plan data's `address`), else its path on this host (`url`).
    var url = String(planData.address || planData.url || "");
    var address = url.charAt(0) === "/" && root.location ? root.location.origin + url : url;
    if (!/^https?:\/\/[^\s]+$/.test(address)) address = ""; // not an address a calendar can open
    var description = title + "\nThis week's session is on the plan's page" + (address ? ": " + address : ".");
    var started = dateText(dayOf(progress.started) === null ? start : dayOf(progress.started));

    var days = [];
    progress.days.forEach(function (day) {
      if (typeof day === "number" && day >= 0 && day <= 6 && Math.floor(day) === day && days.indexOf(day) < 0) days.push(day);
    });
    days.sort();

    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//The Lazy Athlete//Plan reminder//EN",
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH"
    ];
    var events = 0;
    days.forEach(function (day) {
      var first = from + ((day - new Date(from).getUTCDay() + 7) % 7) * DAY_MS;
      var count = Math.ceil((end - first) / (7 * DAY_MS));
      if (count < 1) return;
      events += 1;
      lines.push(
        "BEGIN:VEVENT",
        "UID:" + slug + "-" + BYDAY[day] + "-" + started + "@lazyathlete",
        "DTSTAMP:" + utcStamp(now),
        "DTSTART:" + floating(first, minutes),
        "DTEND:" + floating(first, minutes + MINUTES),
        "RRULE:FREQ=WEEKLY;BYDAY=" + BYDAY[day] + ";COUNT=" + count,
        "SUMMARY:" + escapeText(SUMMARY),
        "DESCRIPTION:" + escapeText(description),
        address ? "URL:" + address : null,
        "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT15M",
        "DESCRIPTION:" + escapeText("Strength session in 15 minutes: " + title),
        "END:VALARM",
        "END:VEVENT"
      );
    });
    if (!events) return null;
    lines.push("END:VCALENDAR");
    return lines.filter(function (line) { return line !== null; }).map(fold).join("\r\n") + "\r\n";
  }

  // Points a download link at the calendar file (a Blob: nothing leaves the browser). Calling
  // it again (the days changed) lets the old file go. False, and the link hidden, when there
  // is nothing to put in a calendar.
  function link(anchor, progress, planData) {
    var text = ics(progress, planData, new Date());
    if (anchor.href && anchor.href.indexOf("blob:") === 0) URL.revokeObjectURL(anchor.href);
    anchor.hidden = text === null;
    if (text === null) {
      anchor.removeAttribute("href");
      return false;
    }
    anchor.href = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    anchor.setAttribute("download", FILE_NAME);
    return true;
  }

  root.LazyAthleteCalendar = { ics: ics, link: link, fold: fold, escapeText: escapeText };
})(window);
