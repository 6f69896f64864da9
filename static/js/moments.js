// Moments of a recording: a time shown next to an audio player becomes a button that plays
// the recording from that moment. Without this script the time stays plain text.
(function () {
  "use strict";

  function playFrom(audio, seconds) {
    function go() {
      audio.currentTime = seconds;
      var playing = audio.play();
      if (playing && playing.catch) playing.catch(function () {});
    }
    if (audio.readyState >= 1) {
      go();
    } else {
      audio.addEventListener("loadedmetadata", go, { once: true });
      if (audio.networkState === 0 || audio.preload === "none") audio.load();
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-seek]"), function (button) {
    var audio = document.getElementById(button.getAttribute("aria-controls"));
    var seconds = parseFloat(button.getAttribute("data-seek"));
    if (!audio || typeof audio.play !== "function" || isNaN(seconds)) return;
    var text = button.previousElementSibling;
    if (text && text.hasAttribute("data-moment-text")) text.hidden = true;
    button.hidden = false;
    button.addEventListener("click", function () { playFrom(audio, seconds); });
  });
})();
