// Saves a quiz attempt's answers as the learner gives them. The page works without this
// script (the "Bewaar" button); with it, no answer is lost on a refresh, a closed tab or a
// dropped connection (see autosave.js).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.LmsAutosave) return;
  window.LmsAutosave(form, {
    status: document.getElementById("autosave-status"),
    delay: 700,
    events: ["change", "input"],
  });
})();
