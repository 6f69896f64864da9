// "Select everyone" for a table of checkboxes: the box with data-select-all ticks or clears
// every checkbox with the same name as its data-select-all value ("certificate" by default)
// in its form.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var name = all.dataset.selectAll || "certificate";
    all.addEventListener("change", function () {
      var scope = all.form || document;
      scope.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
})();
