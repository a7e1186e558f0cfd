// Narrows the exercise list on the index page by muscle, equipment and level.
// Without JavaScript the form is not shown (.la-js-only) and the browse pages do the job.
// The choices live in the page's address (?muscle=…&level=…): a link opens the list already
// narrowed, a reload keeps it, and Back undoes the last choice (one history entry per change).
(function () {
  "use strict";
  function setUp(block) {
    var form = block.querySelector(".la-filter");
    var cards = Array.prototype.slice.call(block.querySelectorAll(".la-card"));
    var status = form.querySelector(".la-filter__status");
    var fields = Array.prototype.filter.call(form.elements, function (field) { return field.name; });
    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var match = fields.every(function (field) {
          if (!field.value) return true;
          return (card.dataset[field.name] || "").split(" ").indexOf(field.value) !== -1;
        });
        card.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + cards.length + " exercises";
    }
    // The address for the current choices: only those made, in the form's order; the rest of
    // the query and the fragment kept.
    function address() {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (field) {
        if (field.value) params.set(field.name, field.value);
        else params.delete(field.name);
      });
      var query = params.toString();
      return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    }
    // The choices the address holds; a value the list does not offer is left out.
    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (field) {
        var wanted = params.get(field.name) || "";
        var known = Array.prototype.some.call(field.options || [], function (option) { return option.value === wanted; });
        field.value = known ? wanted : "";
      });
    }
    form.addEventListener("change", function () {
      apply();
      var next = address();
      if (next !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.pushState(window.history.state, "", next);
      }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () { readAddress(); apply(); });
    readAddress();
    apply();
  }
  document.querySelectorAll("[data-la-filter]").forEach(setUp);
})();

// "Print" buttons on routine pages (shown by CSS only when JavaScript runs).
(function () {
  "use strict";
  document.querySelectorAll("[data-la-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Moving drawings play on their own (CSS only); a button, added here, pauses and plays them.
(function () {
  "use strict";
  document.querySelectorAll("[data-la-moving]").forEach(function (box) {
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
  });
})();

// Video facade: nothing is requested from YouTube until the reader presses
// "Watch it in the video". Its link opens the privacy-enhanced player at the
// exercise's second; here the player takes the facade's place on the page instead.
(function () {
  "use strict";
  document.querySelectorAll("[data-la-video]").forEach(function (box) {
    var play = box.querySelector(".la-video__play");
    play.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return; // a new tab or window, as asked
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(box.dataset.laVideo) +
        "?autoplay=1&start=" + encodeURIComponent(box.dataset.laStart);
      frame.title = "Video: " + box.dataset.laTitle;
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.setAttribute("allowfullscreen", "");
      frame.className = "la-video__frame";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
})();

// Offline: after one visit the site keeps working without a network (the service
// worker the build writes, lazyathlete/site/offline.py), registered for the site's own
// path only. With the owner's switch off (extra.offline: false) the page has no
// la-offline tag and registers nothing; a worker a reader already has removes itself
// (lazyathlete/site/sw-off.js), leaving copies of the site under other paths alone.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var tag = document.querySelector('meta[name="la-offline"]');
  if (!tag) return;
  var scope = new URL(tag.getAttribute("data-scope"), window.location.href);
  navigator.serviceWorker.register(new URL(tag.content, window.location.href), { scope: scope.pathname })
    .catch(function () { /* offline use is a bonus: the site works without it */ });
})();
