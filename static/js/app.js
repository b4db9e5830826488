/* Small behaviours of every page, bound by data attributes: the Content-Security-Policy allows no
   inline event handlers (onclick=...), so they live here.
   data-nav-toggle="<id>"     button that opens/closes the navigation with that id
   data-autosubmit            a <select> that submits its form when changed
   data-check-all="<selector>" a checkbox that (un)checks every checkbox matching the selector
   data-confirm="<question>"  a form that asks before it is submitted */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (toggle) {
      var nav = document.getElementById(toggle.getAttribute("data-nav-toggle"));
      if (nav) { toggle.setAttribute("aria-expanded", String(nav.classList.toggle("open"))); }
    }
    var all = event.target.closest("[data-check-all]");
    if (all) {
      document.querySelectorAll(all.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) { select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
})();
