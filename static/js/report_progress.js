// A report being made: ask for its status every two seconds, show the progress, and reload
// the page (with its downloads) once it is finished. Without JavaScript the page has a link
// to reload it by hand.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box || !box.hasAttribute("data-running")) {
    return;
  }
  var bar = document.getElementById("report-bar");
  var text = document.getElementById("report-percent");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (!status) {
          return;
        }
        if (status.finished) {
          window.location.reload();
          return;
        }
        if (bar) {
          bar.value = status.percent;
          bar.textContent = status.percent + "%";
        }
        if (text) {
          text.textContent = status.percent + "% · " + status.label;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
