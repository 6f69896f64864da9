// Open work: saves the learner's texts as they type, and records audio in the browser.
// The page works without this script (the "Bewaar" button and a file input); with it, typed
// work is sent a moment after each change, retried when the browser is back online and sent
// with sendBeacon when the page is closed. Files and new annotations go with a button only.
(function () {
  "use strict";

  function textsOnly(form) {
    var data = new FormData();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled) return;
      if (el.name === "csrfmiddlewaretoken" || el.name === "text" || el.name === "transcript" ||
          el.name.indexOf("answer-") === 0) {
        data.append(el.name, el.value);
      }
    });
    return data;
  }

  var form = document.querySelector("form[data-draft-autosave]");
  if (form && window.LmsAutosave) {
    window.LmsAutosave(form, {
      status: document.getElementById("draft-status"),
      delay: 1000,
      events: ["input"],
      body: textsOnly,
      accepts: function (event) {
        var name = event.target && event.target.name;
        return !!name && (name === "text" || name === "transcript" || name.indexOf("answer-") === 0);
      },
    });
  }

  // The recorder: shown only where MediaRecorder works; the recording is put into the
  // form's file input, so the ordinary "Bewaar" or "Lever in" sends it.
  if (!window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-recorder]"), function (box) {
    var input = document.getElementById(box.dataset.target);
    var start = box.querySelector("[data-record-start]");
    var stop = box.querySelector("[data-record-stop]");
    var status = box.querySelector("[data-record-status]");
    var preview = box.querySelector("[data-record-preview]");
    if (!input || !start || !stop) return;
    box.hidden = false;
    var recorder = null, chunks = [];
    var extension = function (type) {
      if (type.indexOf("ogg") >= 0) return "ogg";
      if (type.indexOf("mp4") >= 0 || type.indexOf("aac") >= 0) return "m4a";
      return "webm";
    };
    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (e) { if (e.data.size) chunks.push(e.data); });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          var type = recorder.mimeType || "audio/webm";
          var blob = new Blob(chunks, { type: type });
          var file = new File([blob], "opname." + extension(type), { type: type });
          var transfer = new DataTransfer();
          transfer.items.add(file);
          input.files = transfer.files;
          if (preview) { preview.src = URL.createObjectURL(blob); preview.hidden = false; }
          status.textContent = box.dataset.doneText;
          start.disabled = false;
          stop.disabled = true;
          start.focus();
        });
        recorder.start();
        status.textContent = box.dataset.recordingText;
        start.disabled = true;
        stop.disabled = false;
        stop.focus();
      }).catch(function () {
        status.textContent = box.dataset.deniedText;
      });
    });
    stop.addEventListener("click", function () {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    });
  });
})();
