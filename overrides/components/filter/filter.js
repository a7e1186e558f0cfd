// Narrows the exercise list on the index page by muscle, equipment and level.
// Started on the list's block (data-module="la-filter", overrides/content/exercise-cards.html).
// Without JavaScript the form is not shown (.la-js-only) and the browse pages do the job.
// The choices live in the page's address (?muscle=…&level=…): a link opens the list already
// narrowed, a reload keeps it, and Back undoes the last choice (one history entry per change).
// Tests: tests/test_filter.py.
(function () {
  "use strict";
  function Filter(block) {
    var self = this;
    this.form = block.querySelector(".la-filter");
    this.cards = Array.prototype.slice.call(block.querySelectorAll(".la-card"));
    this.status = this.form.querySelector(".la-filter__status");
    this.fields = Array.prototype.filter.call(this.form.elements, function (field) { return field.name; });
    this.form.addEventListener("change", function () {
      self.apply();
      var next = self.address();
      if (next !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.pushState(window.history.state, "", next);
      }
    });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () { self.readAddress(); self.apply(); });
    this.readAddress();
    this.apply();
  }

  Filter.prototype.apply = function () {
    var fields = this.fields;
    var shown = 0;
    this.cards.forEach(function (card) {
      var match = fields.every(function (field) {
        if (!field.value) return true;
        return (card.dataset[field.name] || "").split(" ").indexOf(field.value) !== -1;
      });
      card.hidden = !match;
      if (match) shown += 1;
    });
    this.status.textContent = "Showing " + shown + " of " + this.cards.length + " exercises";
  };

  // The address for the current choices: only those made, in the form's order; the rest of
  // the query and the fragment kept.
  Filter.prototype.address = function () {
    var params = new URLSearchParams(window.location.search);
    this.fields.forEach(function (field) {
      if (field.value) params.set(field.name, field.value);
      else params.delete(field.name);
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  };

  // The choices the address holds; a value the list does not offer is left out.
  Filter.prototype.readAddress = function () {
    var params = new URLSearchParams(window.location.search);
    this.fields.forEach(function (field) {
      var wanted = params.get(field.name) || "";
      var known = Array.prototype.some.call(field.options || [], function (option) { return option.value === wanted; });
      field.value = known ? wanted : "";
    });
  };

  window.LazyAthlete.register("la-filter", Filter);
})();
