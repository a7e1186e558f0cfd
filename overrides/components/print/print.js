// "Print" buttons on routine, pocket-card and print-all pages (data-module="la-print" on the
// button, shown by CSS only when JavaScript runs: .la-js-only).
// Tests: tests/test_filter.py (shown only with JavaScript), tests/test_print.py (what prints).
(function () {
  "use strict";
  function Print(button) {
    button.addEventListener("click", function () { window.print(); });
  }

  window.LazyAthlete.register("la-print", Print);
})();
