// Saves a quiz attempt's answers as the learner gives them. The page works without this
// script (the "Bewaar" button); with it, no answer is lost on a refresh, a closed tab or a
// dropped connection (see autosave.js).
//
// A save sends only the questions changed since the last accepted save: their inputs and
// their "present" marker (so that an answer taken back is sent as empty). The server leaves
// every question not in the post as it is (assessments/quizzes/forms.py). A save that fails
// keeps its questions marked, so the next one sends them again.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.LmsAutosave) return;
  var changed = {}; // position -> how many changes; cleared when a save with that count is accepted
  var inputName = /^q([0-9]+)(?:-|$)/;

  function positionOf(element) {
    var fieldset = element && element.closest ? element.closest("fieldset.question") : null;
    var marker = fieldset ? fieldset.querySelector("input[name=present]") : null;
    return marker ? marker.value : null;
  }

  form.addEventListener("input", note, true);
  form.addEventListener("change", note, true);
  function note(event) {
    var position = positionOf(event.target);
    if (position !== null) changed[position] = (changed[position] || 0) + 1;
  }

  function body(f) {
    var all = new FormData(f), data = new FormData(), counts = {};
    all.forEach(function (value, name) {
      var match = inputName.exec(name);
      var position = name === "present" ? value : match ? match[1] : null;
      if (name === "csrfmiddlewaretoken" || (position !== null && position in changed)) {
        data.append(name, value);
      }
    });
    Object.keys(changed).forEach(function (position) { counts[position] = changed[position]; });
    data.counts = counts;
    return data;
  }

  window.LmsAutosave(form, {
    status: document.getElementById("autosave-status"),
    delay: 700,
    events: ["change", "input"],
    body: body,
    saved: function (sent) {
      Object.keys(sent.counts || {}).forEach(function (position) {
        if (changed[position] === sent.counts[position]) delete changed[position];
      });
    },
  });
})();
