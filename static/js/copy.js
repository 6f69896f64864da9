// A "copy" button next to a read-only field: [data-copy="<field id>"] copies the field's
// value to the clipboard and says so in [data-copy-status="<field id>"]. Without this script
// (or a clipboard) the button stays hidden and the field can be selected and copied by hand.
(function () {
  "use strict";

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.querySelector('[data-copy-status="' + button.dataset.copy + '"]');
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = button.dataset.copiedText;
      }, function () {
        field.select();
        if (status) status.textContent = button.dataset.failedText;
      });
    });
  });
})();
