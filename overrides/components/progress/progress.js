// Your progress (progress.html beside this file, on plan pages): sessions per week for the
// last 8 weeks and, for each exercise the player logged, its reps or seconds in each
// session, drawn as small SVG charts, with the same figures in words and as a table.
// It reads the sessions the player saved in this browser (la-player-history-v1) and
// skips whatever is not a session of the right shape: damaged or foreign data never
// stops the page. It redraws when a session is saved, when stored data changes
// (a backup loaded, everything cleared) and when another tab changes it.
// Tests: tests/test_progress.py.
(function () {
  "use strict";

  var HISTORY_KEY = "la-player-history-v1";
  var WEEKS = 8;
  var POINTS = 12; // sessions drawn per exercise: the table has them all
  var DAY_MS = 24 * 3600 * 1000;
  var SVG = "http://www.w3.org/2000/svg";
  var FEELS = { easy: "easy", right: "just right", hard: "hard" };

  // --- Reading what the player saved, defensively --------------------------------------------

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isTime(text) {
    return typeof text === "string" && text.length < 40 && !isNaN(new Date(text).getTime());
  }

  function isAmount(n) {
    return typeof n === "number" && isFinite(n) && n >= 0 && n <= 1e6;
  }

  // One log item: [exercise slug, set, side, amount, unit, feel] (the player's, contract §1).
  function isLogItem(item) {
    return Array.isArray(item) && item.length >= 5 && typeof item[0] === "string" && item[0] !== "" &&
      typeof item[1] === "number" && isFinite(item[1]) && isAmount(item[3]) && (item[4] === "reps" || item[4] === "s");
  }

  function isRow(row) {
    return Array.isArray(row) && row.length >= 3 && typeof row[0] === "string" && isAmount(row[1]) && isAmount(row[2]);
  }

  // The sessions this browser holds, oldest first, each with its time; nothing else.
  function sessions() {
    var list;
    try {
      list = JSON.parse(window.localStorage.getItem(HISTORY_KEY) || "[]");
    } catch (error) {
      return [];
    }
    if (!Array.isArray(list)) return [];
    var found = [];
    list.forEach(function (entry) {
      if (!isRecord(entry) || !isTime(entry.date)) return;
      found.push({
        time: new Date(entry.date).getTime(),
        date: entry.date,
        title: typeof entry.title === "string" ? entry.title : "",
        done: entry.finished === true || (isAmount(entry.parts) && entry.parts > 0),
        log: Array.isArray(entry.log) ? entry.log.filter(isLogItem) : [],
        rows: Array.isArray(entry.rows) ? entry.rows.filter(isRow) : []
      });
    });
    return found.sort(function (a, b) { return a.time - b.time; });
  }

  // --- Words ------------------------------------------------------------------------------

  function shortDay(time) {
    return new Date(time).toLocaleDateString("en-GB", { day: "numeric", month: "short" });
  }

  function longDay(time) {
    return new Date(time).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric" });
  }

  function unitWords(n, unit) {
    if (unit === "s") return n + (n === 1 ? " second" : " seconds");
    return n + (n === 1 ? " rep" : " reps");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // "glute-bridge" -> "Glute bridge", for a slug the page does not know (another site version's).
  function nameFromSlug(slug) {
    var words = slug.replace(/-/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  // --- Figures ----------------------------------------------------------------------------

  // Monday of the week holding `time`, as a local midnight.
  function mondayOf(time) {
    var d = new Date(time);
    d.setHours(0, 0, 0, 0);
    d.setDate(d.getDate() - (d.getDay() + 6) % 7);
    return d.getTime();
  }

  // The last WEEKS Monday-based weeks, this one last, with how many sessions each held.
  function perWeek(found, now) {
    var weeks = [];
    var monday = mondayOf(now);
    for (var i = WEEKS - 1; i >= 0; i--) {
      var d = new Date(monday);
      d.setDate(d.getDate() - 7 * i); // by calendar days: a clock change keeps Mondays Mondays
      weeks.push({ start: d.getTime(), count: 0 });
    }
    found.forEach(function (s) {
      if (!s.done) return;
      var start = mondayOf(s.time);
      weeks.forEach(function (w) { if (w.start === start) w.count += 1; });
    });
    return weeks;
  }

  // Each exercise logged, in the order of the latest session first: its points (one per
  // session: the total of its sets' reps, or seconds) and its name. An exercise logged in
  // reps one time and in seconds another has one series for each.
  function perExercise(found, names) {
    var series = {};
    var order = [];
    found.slice().reverse().forEach(function (s) {
      s.log.forEach(function (item) {
        var slug = names.renamed[item[0]] || item[0];
        var key = slug + " " + item[4];
        if (!series[key]) {
          series[key] = { slug: slug, unit: item[4], name: names.names[slug] || nameFromSlug(slug), points: [] };
          order.push(key);
        }
      });
    });
    found.forEach(function (s) {
      var totals = {};
      s.log.forEach(function (item) {
        var key = (names.renamed[item[0]] || item[0]) + " " + item[4];
        totals[key] = (totals[key] || 0) + item[3];
      });
      Object.keys(totals).forEach(function (key) {
        series[key].points.push({ time: s.time, value: totals[key] });
      });
    });
    var units = {};
    order.forEach(function (key) { units[series[key].slug] = (units[series[key].slug] || 0) + 1; });
    return order.map(function (key) {
      var one = series[key];
      if (units[one.slug] > 1) one.name += one.unit === "s" ? " (seconds)" : " (reps)";
      return one;
    });
  }

  // One row of the table per exercise per session: from the log when the player kept one,
  // otherwise from the sets the session counted.
  function tableRows(found, names) {
    var rows = [];
    found.slice().reverse().forEach(function (s) {
      if (s.log.length) {
        var byExercise = {};
        var order = [];
        s.log.forEach(function (item) {
          var slug = names.renamed[item[0]] || item[0];
          var key = slug + " " + item[4];
          if (!byExercise[key]) {
            byExercise[key] = { name: names.names[slug] || nameFromSlug(slug), unit: item[4], sets: [], amounts: [], feels: [] };
            order.push(key);
          }
          var one = byExercise[key];
          if (one.sets.indexOf(item[1]) < 0) one.sets.push(item[1]);
          one.amounts.push(item[3]);
          if (FEELS[item[5]]) one.feels.push(FEELS[item[5]]);
        });
        order.forEach(function (key) {
          var one = byExercise[key];
          var total = one.amounts.reduce(function (a, b) { return a + b; }, 0);
          rows.push([longDay(s.time), one.name, String(one.sets.length),
            unitWords(total, one.unit) + (one.amounts.length > 1 ? " (" + one.amounts.join(", ") + ")" : ""),
            one.feels.length ? one.feels.join(", ") : "not said"]);
        });
      } else {
        s.rows.forEach(function (row) {
          rows.push([longDay(s.time), row[0], row[1] + " of " + row[2], "not logged", "not said"]);
        });
      }
    });
    return rows;
  }

  function latestWords(one) {
    var last = one.points[one.points.length - 1];
    var words = one.name + ": " + unitWords(last.value, one.unit) + " last time (" + longDay(last.time) + ")";
    if (one.points.length < 2) return words + ", the first time logged.";
    var before = one.points[one.points.length - 2].value;
    if (last.value > before) return words + ", up from " + before + ".";
    if (last.value < before) return words + ", down from " + before + ".";
    return words + ", the same as the time before.";
  }

  // --- Drawing ----------------------------------------------------------------------------

  function svgElement(name, attributes, text) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, String(attributes[key])); });
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function chart(label, width, height) {
    return svgElement("svg", {
      viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": label, focusable: "false",
      "class": "la-progress__svg"
    });
  }

  function round(n) {
    return Math.round(n * 10) / 10;
  }

  function weeksChart(weeks) {
    var width = 320, height = 136, top = 18, bottom = 102, slot = width / weeks.length;
    var most = Math.max(3, Math.max.apply(null, weeks.map(function (w) { return w.count; })));
    var label = "Sessions per week, the last " + weeks.length + " weeks: " + weeks.map(function (w, i) {
      return (i === weeks.length - 1 ? "this week " : "week of " + shortDay(w.start) + " ") + w.count;
    }).join(", ") + ".";
    var svg = chart(label, width, height);
    svg.appendChild(svgElement("line", { x1: 0, x2: width, y1: bottom, y2: bottom, "class": "la-progress__axis" }));
    weeks.forEach(function (w, i) {
      var barHeight = (bottom - top) * w.count / most;
      var x = i * slot + slot / 2;
      var now = i === weeks.length - 1;
      if (w.count) {
        svg.appendChild(svgElement("rect", {
          x: round(x - slot * 0.3), y: round(bottom - barHeight), width: round(slot * 0.6), height: round(barHeight),
          rx: 2, "class": "la-progress__bar" + (now ? " la-progress__bar--now" : "")
        }));
      }
      svg.appendChild(svgElement("text", { x: round(x), y: round(bottom - barHeight - 5), "class": "la-progress__value" }, String(w.count)));
      // Each week's Monday: the day, and under it the month where it changes.
      var monday = new Date(w.start);
      var month = monday.toLocaleDateString("en-GB", { month: "short" });
      var newMonth = i === 0 || new Date(weeks[i - 1].start).getMonth() !== monday.getMonth();
      svg.appendChild(svgElement("text", { x: round(x), y: bottom + 14, "class": "la-progress__label" + (now ? " la-progress__label--now" : "") },
        String(monday.getDate())));
      if (newMonth) svg.appendChild(svgElement("text", { x: round(x), y: bottom + 27, "class": "la-progress__label" }, month));
    });
    return svg;
  }

  function exerciseChart(one) {
    var points = one.points.slice(-POINTS);
    var width = 320, height = 120, left = 34, right = 296, top = 16, bottom = 92;
    var most = Math.max.apply(null, points.map(function (p) { return p.value; })) || 1;
    var first = points[0].time, last = points[points.length - 1].time;
    var span = last - first;
    var label = one.name + ", " + (one.unit === "s" ? "seconds" : "reps") + " in each session" +
      (one.points.length > points.length ? " (the last " + points.length + ")" : "") + ": " +
      points.map(function (p) { return p.value + " on " + shortDay(p.time); }).join(", ") + ".";
    var svg = chart(label, width, height);
    function xOf(p) { return span ? left + (right - left) * (p.time - first) / span : (left + right) / 2; }
    function yOf(p) { return bottom - (bottom - top) * p.value / most; }
    svg.appendChild(svgElement("line", { x1: left, x2: right, y1: top, y2: top, "class": "la-progress__grid" }));
    svg.appendChild(svgElement("line", { x1: left, x2: right, y1: bottom, y2: bottom, "class": "la-progress__axis" }));
    svg.appendChild(svgElement("text", { x: left - 6, y: top + 4, "class": "la-progress__label la-progress__label--end" }, String(most)));
    svg.appendChild(svgElement("text", { x: left - 6, y: bottom + 4, "class": "la-progress__label la-progress__label--end" }, "0"));
    if (points.length > 1) {
      svg.appendChild(svgElement("polyline", {
        points: points.map(function (p) { return round(xOf(p)) + "," + round(yOf(p)); }).join(" "), "class": "la-progress__line"
      }));
    }
    points.forEach(function (p, i) {
      var latest = i === points.length - 1;
      svg.appendChild(svgElement("circle", { cx: round(xOf(p)), cy: round(yOf(p)), r: latest ? 5 : 3.5, "class": "la-progress__dot" + (latest ? " la-progress__dot--last" : "") }));
    });
    var end = points[points.length - 1];
    svg.appendChild(svgElement("text", { x: round(Math.min(xOf(end), right - 8)), y: round(yOf(end) - 9), "class": "la-progress__value" }, String(end.value)));
    svg.appendChild(svgElement("text", { x: left, y: bottom + 17, "class": "la-progress__label la-progress__label--start" }, shortDay(first)));
    if (span) svg.appendChild(svgElement("text", { x: right, y: bottom + 17, "class": "la-progress__label la-progress__label--end" }, shortDay(last)));
    svg.appendChild(svgElement("text", { x: (left + right) / 2, y: height - 2, "class": "la-progress__label" }, one.unit === "s" ? "Seconds in each session" : "Reps in each session"));
    return svg;
  }

  // --- The component ----------------------------------------------------------------------

  function Progress(element) {
    this.element = element;
    this.names = { names: {}, renamed: {} };
    try {
      var given = JSON.parse(element.querySelector(".la-progress__names").textContent);
      if (isRecord(given) && isRecord(given.names) && isRecord(given.renamed)) this.names = given;
    } catch (error) { /* names from the slugs */ }
    var redraw = this.draw.bind(this);
    document.addEventListener("la-player:saved", redraw);
    document.addEventListener("la-data:changed", redraw);
    window.addEventListener("storage", function (event) {
      if (event.key === null || event.key === HISTORY_KEY) redraw();
    });
    this.draw();
  }

  Progress.prototype.draw = function () {
    var found = sessions();
    var root = this.element;
    var shown = root.querySelector("[data-la-progress-shown]");
    root.querySelector("[data-la-progress-empty]").hidden = found.length > 0;
    shown.hidden = found.length === 0;
    var weeksBox = root.querySelector("[data-la-progress-weeks]");
    var exercisesBox = root.querySelector("[data-la-progress-exercises]");
    var body = root.querySelector("[data-la-progress-rows]");
    weeksBox.replaceChildren();
    exercisesBox.replaceChildren();
    body.replaceChildren();
    if (!found.length) return;

    var weeks = perWeek(found, Date.now());
    var inWeeks = weeks.reduce(function (sum, w) { return sum + w.count; }, 0);
    weeksBox.appendChild(weeksChart(weeks));
    var said = document.createElement("p");
    said.className = "la-progress__words";
    said.textContent = "Weeks from Monday; this week is the last bar. This week: " + plural(weeks[weeks.length - 1].count, "session", "sessions") + ". The last " +
      WEEKS + " weeks: " + plural(inWeeks, "session", "sessions") + ".";
    weeksBox.appendChild(said);

    var series = perExercise(found, this.names);
    var heading = document.createElement("h3");
    heading.className = "la-progress__heading";
    heading.textContent = "Each exercise";
    exercisesBox.appendChild(heading);
    if (!series.length) {
      var none = document.createElement("p");
      none.textContent = "Each exercise's reps show here once the player logs your sets. Sessions saved without a log are in the table.";
      exercisesBox.appendChild(none);
    }
    var list = document.createElement("div");
    list.className = "la-progress__exercises";
    series.forEach(function (one) {
      var box = document.createElement("div");
      box.className = "la-progress__exercise";
      var name = document.createElement("h4");
      name.textContent = one.name;
      var words = document.createElement("p");
      words.className = "la-progress__words";
      words.textContent = latestWords(one);
      box.appendChild(name);
      box.appendChild(exerciseChart(one));
      box.appendChild(words);
      list.appendChild(box);
    });
    if (series.length) exercisesBox.appendChild(list);

    tableRows(found, this.names).forEach(function (cells) {
      var tr = document.createElement("tr");
      cells.forEach(function (text, i) {
        var cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) cell.setAttribute("scope", "row");
        cell.textContent = text;
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
  };

  window.LazyAthlete.register("la-progress", Progress);
})();
