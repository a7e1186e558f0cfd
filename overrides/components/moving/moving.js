// Moving drawings play on their own (CSS only, site.css); a button, added here to the
// drawing's box (data-module="la-moving", overrides/content/exercise.html), pauses and plays them.
// Tests: tests/test_drawings_move.py.
(function () {
  "use strict";
  function Moving(box) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "la-moving__pause md-button";
    button.setAttribute("aria-pressed", "false");
    button.textContent = "Pause the drawing";
    button.addEventListener("click", function () {
      var paused = box.classList.toggle("is-paused");
      button.setAttribute("aria-pressed", String(paused));
    });
    box.appendChild(button);
  }

  window.LazyAthlete.register("la-moving", Moving);
})();
