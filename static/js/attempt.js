// Saves a quiz attempt's answers as the learner gives them. The page works without this
// script (the "Bewaar" button); with it, no answer is lost on a refresh, a closed tab or a
// dropped connection: every change is sent, failures are retried when the browser is back
// online, and the last state goes out with sendBeacon when the page is closed.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var timer = null;
  var dirty = false;
  var sending = false;

  function say(text) { if (status) status.textContent = text; }

  function send() {
    if (sending) { dirty = true; return; }
    sending = true;
    dirty = false;
    say(form.dataset.savingText);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      sending = false;
      if (response.ok) {
        say(form.dataset.savedText);
        if (dirty) send();
      } else {
        say(form.dataset.refusedText);
      }
    }).catch(function () {
      sending = false;
      dirty = true;
      say(form.dataset.offlineText);
    });
  }

  function later() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(send, 700);
  }

  form.addEventListener("change", later);
  form.addEventListener("input", later);
  window.addEventListener("online", function () { if (dirty) send(); });
  window.addEventListener("pagehide", function () {
    if (dirty && navigator.sendBeacon) navigator.sendBeacon(form.action, new FormData(form));
  });
})();
