// The rubric's running total on the grading page: while the trainer clicks levels, the sum
// of the chosen levels' points and whether that is enough. Without this script the line
// stays hidden and the server computes the total when the review is saved.
(function () {
  "use strict";

  var output = document.getElementById("rubric-total");
  var line = document.getElementById("rubric-total-line");
  var verdict = document.getElementById("rubric-total-verdict");
  if (!output || !line) return;
  var form = output.closest("form");
  var criteria = form ? form.querySelectorAll("fieldset.criterion") : [];
  var max = parseFloat(output.getAttribute("data-max"));
  var passMark = parseFloat(output.getAttribute("data-pass"));
  var language = document.documentElement.lang || "nl";

  function update() {
    var total = 0;
    var chosen = 0;
    Array.prototype.forEach.call(criteria, function (fieldset) {
      var radio = fieldset.querySelector("input[type=radio]:checked");
      if (!radio) return;
      var label = radio.closest("[data-points]");
      var points = label ? parseFloat(label.getAttribute("data-points")) : NaN;
      if (!isNaN(points)) {
        total += points;
        chosen += 1;
      }
    });
    output.textContent = total.toLocaleString(language, { maximumFractionDigits: 2 });
    if (!verdict) return;
    if (chosen < criteria.length) {
      verdict.textContent = "(" + verdict.getAttribute("data-open") + ")";
    } else if (max > 0 && (total / max) * 100 >= passMark) {
      verdict.textContent = "(" + verdict.getAttribute("data-sufficient") + ")";
    } else {
      verdict.textContent = "(" + verdict.getAttribute("data-insufficient") + ")";
    }
  }

  line.hidden = false;
  form.addEventListener("change", update);
  update();
})();
