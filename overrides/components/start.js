// The starter: each component's script registers its class under the name its markup
// carries (data-module="la-<name>"), and the class is started once for each such element,
// in the order the scripts register, each over its elements in page order (GOV.UK
// Frontend's initAll). Every script is deferred, so the page is parsed when one registers.
// A component that fails is reported and the others still start.
// Tests: every component's own (named at the top of its script); tests/test_security.py
// (no inline code), tests/test_quality.py (axe, the HTML checker).
(function (root) {
  "use strict";
  var registered = {};

  function startAll(name, Component) {
    document.querySelectorAll('[data-module="' + name + '"]').forEach(function (element) {
      if (element.hasAttribute("data-module-started")) return;
      element.setAttribute("data-module-started", "");
      try {
        new Component(element);
      } catch (error) {
        setTimeout(function () { throw error; }); // still reported, as an uncaught error
      }
    });
  }

  // Styles a component shows only once opened come as print styles (main.html), which the
  // browser fetches without holding up the first paint: from here on they are the screen's too.
  document.querySelectorAll("link[data-la-open-style]").forEach(function (link) { link.media = "all"; });

  root.LazyAthlete = {
    register: function (name, Component) {
      registered[name] = Component;
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () { startAll(name, Component); });
      } else {
        startAll(name, Component);
      }
    }
  };
})(window);
