// Narrows the exercise list on the index page by muscle, equipment and level.
// Without JavaScript the form stays hidden and the browse pages do the job.
(function () {
  "use strict";
  function setUp(block) {
    var form = block.querySelector(".la-filter");
    var cards = Array.prototype.slice.call(block.querySelectorAll(".la-card"));
    var status = form.querySelector(".la-filter__status");
    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var match = Array.prototype.every.call(form.elements, function (field) {
          if (!field.name || !field.value) return true;
          return (card.dataset[field.name] || "").split(" ").indexOf(field.value) !== -1;
        });
        card.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + cards.length + " exercises";
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  document.querySelectorAll("[data-la-filter]").forEach(setUp);
})();

// "Print" buttons on routine pages: shown only when JavaScript can press them.
(function () {
  "use strict";
  document.querySelectorAll("[data-la-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
