// Offline: after one visit the site keeps working without a network (the service
// worker the build writes, lazyathlete/site/offline.py), registered for the site's own
// path only. Started from the la-offline tag in the page's head (overrides/main.html: the
// worker's address, and the site's root as data-scope). With the owner's switch off
// (extra.offline: false) the page has no such tag and registers nothing; a worker a reader
// already has removes itself (lazyathlete/site/sw-off.js), leaving copies of the site
// under other paths alone.
// Tests: tests/test_offline.py.
(function () {
  "use strict";
  function Offline(tag) {
    if (!("serviceWorker" in navigator)) return;
    var scope = new URL(tag.getAttribute("data-scope"), window.location.href);
    navigator.serviceWorker.register(new URL(tag.content, window.location.href), { scope: scope.pathname })
      .catch(function () { /* offline use is a bonus: the site works without it */ });
  }

  window.LazyAthlete.register("la-offline", Offline);
})();
