/* Keyboard and screen-reader users after an htmx swap.

   When htmx replaces the element that had focus (a form posted with hx-swap="outerHTML", a button
   that re-renders its rows), the browser drops focus to <body>: a keyboard user must Tab from the top
   of the page to find what happened. After the swap settles, if focus was lost, move it to the most
   useful place inside the swapped region: the first invalid field, else the first alert or status
   message, else the region's heading, else the region itself. Swaps that did not take focus away
   (polling progress, out-of-band rows) leave focus where the user put it. */
(function () {
  "use strict";
  var lastTargetId = null;

  function focusLost() {
    var el = document.activeElement;
    return !el || el === document.body || el === document.documentElement || !document.contains(el);
  }

  function focusable(el) {
    if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
      el.setAttribute("tabindex", "-1");  // focusable by script only, not in the Tab order
    }
    el.focus();
  }

  function moveFocus(region) {
    if (!region || !document.contains(region)) { return; }
    var target = region.querySelector('[aria-invalid="true"]') ||
      region.querySelector('[role="alert"], [role="status"].msg, .msg') ||
      region.querySelector("h1, h2, h3") ||
      region;
    focusable(target);
  }

  document.addEventListener("htmx:beforeSwap", function (ev) {
    var t = ev.detail && ev.detail.target;
    lastTargetId = t && t.id ? t.id : null;
  });

  document.addEventListener("htmx:afterSettle", function (ev) {
    if (!focusLost()) { return; }
    // With hx-swap="outerHTML" the old target is gone: find its replacement by id.
    var region = (lastTargetId && document.getElementById(lastTargetId)) || (ev.detail && ev.detail.target);
    moveFocus(region);
  });
})();
