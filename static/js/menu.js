// The header's menu folds behind a "Menu" button on narrow screens, so the header stays
// small on a phone. Without this script the menu simply stays open.
(function () {
  "use strict";
  function init() {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) return;
    var narrow = window.matchMedia("(max-width: 40rem)");
    function fold(folded) {
      menu.classList.toggle("is-folded", folded);
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    }
    function apply() {
      toggle.hidden = !narrow.matches;
      fold(narrow.matches);
    }
    toggle.addEventListener("click", function () {
      fold(!menu.classList.contains("is-folded"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && !menu.classList.contains("is-folded")) {
        fold(true);
        toggle.focus();
      }
    });
    narrow.addEventListener("change", apply);
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
