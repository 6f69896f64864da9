// Autosave for a form that also works without it: every change is sent a moment later,
// a failed send is retried when the browser is back online, and the last state goes out with
// sendBeacon when the page is closed. Used by the quiz attempt and the open work pages.
//
//   LmsAutosave(form, { status: element, delay: ms, body: fn(form) -> FormData,
//                       accepts: fn(event) -> bool, events: ["input", ...],
//                       saved: fn(sentBody, response) called when a send was accepted })
// The form's data-saving-text, data-saved-text, data-refused-text and data-offline-text say
// what the status element shows.
window.LmsAutosave = function (form, options) {
  "use strict";
  if (!form || !window.fetch || !window.FormData) return;
  var body = options.body || function (f) { return new FormData(f); };
  var accepts = options.accepts || function () { return true; };
  var status = options.status;
  var timer = null, dirty = false, sending = false;

  function say(text) { if (status) status.textContent = text; }

  function send() {
    if (sending) { dirty = true; return; }
    sending = true;
    dirty = false;
    say(form.dataset.savingText);
    var sent = body(form);
    fetch(form.action, {
      method: "POST",
      body: sent,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      sending = false;
      if (response.ok) {
        if (options.saved) options.saved(sent, response);
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

  function later(event) {
    if (!accepts(event)) return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(send, options.delay || 700);
  }

  (options.events || ["change", "input"]).forEach(function (name) {
    form.addEventListener(name, later);
  });
  form.addEventListener("submit", function () { clearTimeout(timer); dirty = false; });
  window.addEventListener("online", function () { if (dirty) send(); });
  window.addEventListener("pagehide", function () {
    if (dirty && navigator.sendBeacon) navigator.sendBeacon(form.action, body(form));
  });
};
