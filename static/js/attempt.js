// The quiz attempt page: its answers saved as the learner gives them, the count of questions
// answered, and the clock of a timed attempt. The page works without this script (the "Bewaar"
// button, the deadline in words, the server hands in when the time is up); with it, no answer is
// lost on a refresh, a closed tab or a dropped connection (see autosave.js).
//
// A save sends only the questions changed since the last accepted save: their inputs and
// their "present" marker (so that an answer taken back is sent as empty). The server leaves
// every question not in the post as it is (assessments/quizzes/forms.py). A save that fails
// keeps its questions marked, so the next one sends them again.
//
// The clock counts down from the seconds left that the server wrote into the page, on the
// browser's monotonic clock (performance.now(), not the wall clock, which may be wrong), and
// takes the server's seconds left again from every save's answer. It never runs ahead of the
// server: at zero the page hands in, as the "Lever in" button does, inside the server's grace.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var clock = startClock(form);
  countAnswers(form);
  if (form.hasAttribute("data-autosave")) autosave(form, clock);

  // --- autosave ---------------------------------------------------------------------------------

  function autosave(form, clock) {
    if (!window.LmsAutosave || !window.fetch || !window.FormData) return;
    var changed = {}; // position -> how many changes; cleared when a save with that count is accepted
    var inputName = /^q([0-9]+)(?:-|$)/;

    // The page now says that answers are saved as the learner works, not only with the button.
    var manual = document.querySelector("[data-saving-manual]");
    var automatic = document.querySelector("[data-saving-auto]");
    if (manual && automatic) {
      manual.hidden = true;
      automatic.hidden = false;
    }

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
      saved: function (sent, response) {
        Object.keys(sent.counts || {}).forEach(function (position) {
          if (changed[position] === sent.counts[position]) delete changed[position];
        });
        if (clock && response && response.status === 200) {
          response.json().then(function (data) {
            if (data && typeof data.seconds_left === "number") clock.set(data.seconds_left);
          }, function () {});
        }
      },
    });
  }

  // --- n of m questions answered ----------------------------------------------------------------

  // A question counts as answered when one of its fields has a value: a choice ticked, a text
  // typed, a select chosen. Updated silently: the count is no live region.
  function countAnswers(form) {
    var counter = document.getElementById("answered-count");
    if (!counter || !counter.dataset.text) return;

    function answered(question) {
      var fields = question.querySelectorAll("input, select, textarea");
      for (var i = 0; i < fields.length; i++) {
        var field = fields[i];
        if (field.type === "hidden" || field.type === "submit" || field.type === "button") continue;
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.checked) return true;
        } else if (field.value.trim() !== "") {
          return true;
        }
      }
      return false;
    }

    function update() {
      var count = 0;
      var questions = form.querySelectorAll("fieldset.question");
      for (var i = 0; i < questions.length; i++) if (answered(questions[i])) count += 1;
      var text = counter.dataset.text.replace("__answered__", String(count));
      if (counter.textContent !== text) counter.textContent = text;
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
  }

  // --- the clock --------------------------------------------------------------------------------

  // The time left is shown as m:ss (h:mm:ss from an hour), rounded up as a countdown is. The
  // one status region says something only at 5 minutes, at 1 minute and at zero; the time
  // itself is no live region. data-show-from: show the clock from this many seconds left
  // (empty: always).
  function startClock(form) {
    var box = document.getElementById("attempt-clock");
    if (!box || !window.performance || !performance.now) return null;
    var line = box.querySelector(".clock-line");
    var time = document.getElementById("attempt-clock-time");
    var warning = document.getElementById("attempt-clock-warning");
    var showFrom = box.dataset.showFrom ? Number(box.dataset.showFrom) : Infinity;
    var endsAt = 0, timer = null, stage = 0, handingIn = false, waiting = false;

    function pad(n) { return (n < 10 ? "0" : "") + n; }

    function format(seconds) {
      var hours = Math.floor(seconds / 3600), minutes = Math.floor((seconds % 3600) / 60);
      var rest = pad(seconds % 60);
      return hours ? hours + ":" + pad(minutes) + ":" + rest : minutes + ":" + rest;
    }

    function tick() {
      clearTimeout(timer);
      var ms = Math.max(0, endsAt - performance.now());
      var seconds = Math.ceil(ms / 1000);
      time.textContent = format(seconds);
      if (seconds <= showFrom && line.hidden) {
        line.hidden = false;
        box.classList.add("is-running");
      }
      var now = ms <= 0 ? 3 : ms < 60000 ? 2 : ms < 300000 ? 1 : 0;
      if (now > stage) {
        stage = now;
        box.classList.add("is-warning");
        if (stage === 1) warning.textContent = box.dataset.fiveText;
        if (stage === 2) warning.textContent = box.dataset.oneText;
      }
      if (ms <= 0) {
        handIn();
        return;
      }
      // the next moment the shown second changes
      timer = setTimeout(tick, ms - (seconds - 1) * 1000 + 10);
    }

    function handIn() {
      if (handingIn) return;
      if (navigator.onLine === false) {
        warning.textContent = box.dataset.offlineText;
        if (!waiting) {
          waiting = true;
          window.addEventListener("online", function () { waiting = false; handIn(); });
        }
        return;
      }
      handingIn = true;
      warning.textContent = box.dataset.timeUpText;
      var button = form.querySelector("[data-hand-in]");
      form.noValidate = true; // hand in what there is, as the server reads it
      if (form.requestSubmit && button) {
        form.requestSubmit(button);
      } else {
        if (button) form.action = button.formAction;
        form.submit();
      }
    }

    function set(seconds) {
      if (typeof seconds !== "number" || !isFinite(seconds)) return;
      endsAt = performance.now() + Math.max(0, seconds) * 1000;
      tick();
    }

    // A tab in the background gets its timers slowed down: catch up when it is seen again.
    document.addEventListener("visibilitychange", function () { if (!document.hidden) tick(); });
    window.addEventListener("pageshow", function (event) { if (event.persisted) tick(); });

    set(Number(box.dataset.secondsLeft));
    return { set: set };
  }
})();
