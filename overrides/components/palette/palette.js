// The light/dark toggle (data-module="la-palette", palette.html beside this file): the
// reader's click or Enter switches the palette and saves the choice under the theme's key,
// so the theme and first-paint.html (which chose the palette before the first paint) read it.
// Saved with the theme's __md_set (defined inline by its base.html): Material documents
// no other way to its storage.
// Tests: tests/test_palette.py.
(function () {
  "use strict";
  function Palette(form) {
    var self = this;
    this.inputs = form.querySelectorAll("input");
    this.scheme = document.querySelector('meta[name="color-scheme"]');
    form.addEventListener("change", function (event) {
      self.choose(Array.prototype.indexOf.call(self.inputs, event.target));
    });
    // Enter on the focused toggle switches too, as in the theme.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var next = self.inputs[(Array.prototype.indexOf.call(self.inputs, event.target) + 1) % self.inputs.length];
      next.click();
      next.focus();
    });
  }

  // What first-paint.html's `apply` does: the input's colours on <body>, its label shown.
  Palette.prototype.show = function (index) {
    var input = this.inputs[index];
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      var name = "data-md-color-" + key, value = input.getAttribute(name);
      if (document.body.getAttribute(name) !== value) document.body.setAttribute(name, value);
    });
    input.checked = true;
    this.scheme.content = input.dataset.laColorScheme;
    for (var i = 0; i < this.inputs.length; i++) {
      var label = this.inputs[i].nextElementSibling;
      if (label) label.hidden = i !== index;
    }
  };

  Palette.prototype.choose = function (index) {
    var body = document.body;
    var input = this.inputs[index];
    body.setAttribute("data-md-color-switching", ""); // the theme's CSS: no colour transitions
    this.show(index);
    __md_set("__palette", { index: index, color: {
      media: input.getAttribute("data-md-color-media"), scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"), accent: input.getAttribute("data-md-color-accent")
    } });
    setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
  };

  window.LazyAthlete.register("la-palette", Palette);
})();
