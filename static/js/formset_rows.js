// Blank rows of a formset added in the page: a button [data-add-row="<prefix>"] clones the
// formset's empty form (a <template id="<prefix>-row-template">) into [data-rows="<prefix>"]
// and raises the management form's TOTAL_FORMS. Without this script the same button is a
// submit button: the server saves the draft and shows the page with one more row.
(function () {
  "use strict";

  Array.prototype.forEach.call(document.querySelectorAll("[data-add-row]"), function (button) {
    var prefix = button.dataset.addRow;
    var rows = document.querySelector('[data-rows="' + prefix + '"]');
    var template = document.getElementById(prefix + "-row-template");
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    if (!rows || !template || !total) return;
    var max = parseInt(rows.dataset.maxRows, 10) || 30;
    var help = button.parentNode.querySelector("[data-add-row-help]");
    if (help) help.hidden = true;

    function refresh() {
      button.hidden = parseInt(total.value, 10) >= max;
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      if (index >= max) return;
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      refresh();
      var first = row.querySelector("input, select, textarea");
      if (first) first.focus();
    });
    refresh();
  });
})();
