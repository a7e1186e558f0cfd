// Video facade (data-module="la-video", overrides/content/exercise.html): nothing is
// requested from YouTube until the reader presses "Watch it in the video". Its link opens the
// privacy-enhanced player at the exercise's second; here the player takes the facade's place
// on the page instead. The player's origin is allowed by the CSP (lazyathlete/site/headers.py).
// Tests: tests/test_security.py (the player opens under the policy), tests/test_video_command.py (the markup).
(function () {
  "use strict";
  function Video(box) {
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
  }

  window.LazyAthlete.register("la-video", Video);
})();
