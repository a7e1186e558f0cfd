// The home page's "today" (today.html beside this file): where the reader is in the plan they
// follow, by the same rules as the plan page (components/plan/schedule.js). It only reads: the
// plan page is where progress is written. Hidden when this browser follows no plan.
// Tests: tests/test_plan_follow.py.
(function () {
  "use strict";

  var S = window.LazyAthleteSchedule;

  function Today(root) {
    this.root = root;
    this.plans = JSON.parse(root.querySelector(".la-today__data").textContent);
    var self = this;
    this.show();
    window.addEventListener("storage", function () { self.show(); });
    window.addEventListener("pageshow", function () { self.show(); }); // back from the plan page
  }

  Today.prototype.show = function () {
    var progress = null;
    try { progress = JSON.parse(window.localStorage.getItem(S.PROGRESS_KEY)); } catch (error) { progress = null; }
    var plan = S.isProgress(progress) ? this.plans[progress.plan] : null;
    this.root.hidden = !plan;
    if (!plan) return;
    var day = S.dayOf(new Date());
    progress = S.catchUp(progress, plan, day); // shown, not written: the plan page writes
    var weeks = plan.weeks.length;
    this.root.querySelector("[data-la-today-plan]").textContent = plan.title +
      (progress.finished ? " · finished" : " · week " + progress.week + " of " + weeks);
    var start = this.root.querySelector("[data-la-today-start]");
    this.root.querySelector("[data-la-today-open]").href = plan.url;
    start.href = plan.url + "#start";
    var said = S.words(S.today(progress, plan, day), plan, day);
    this.root.querySelector("[data-la-today-status]").textContent = said.status;
    this.root.querySelector("[data-la-today-what]").textContent = said.what;
    start.hidden = said.start === null;
    if (said.start) start.textContent = said.start;
  };

  window.LazyAthlete.register("la-today", Today);
})();
