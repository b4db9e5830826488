/* People picker: turns each [data-picker] text input into an ARIA 1.2 combobox with a listbox
   fetched from the search endpoint (/pegawai/cari/). Without this script the input still works:
   the form accepts a NIP or a name and re-renders with candidates when a name is ambiguous. */
(function () {
  "use strict";

  function setup(box) {
    var input = box.querySelector("input[type=text], input:not([type])");
    var results = box.querySelector(".picker-results");
    if (!input || !results || input.dataset.pickerReady) return;
    input.dataset.pickerReady = "1";
    var listId = input.id + "-list";
    var timer = null;
    var seq = 0;
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    results.setAttribute("aria-live", "polite");

    function options() { return results.querySelectorAll("[role=option]"); }

    function close() {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    function choose(opt) {
      input.value = opt.dataset.value;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) { results.innerHTML = ""; close(); return; }
      var mine = ++seq;
      var url = box.dataset.searchUrl + "?q=" + encodeURIComponent(q) + "&list=" + encodeURIComponent(listId);
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (mine !== seq) return;  // a newer keystroke already asked again
          results.innerHTML = html;
          results.hidden = !html.trim();
          active = -1;
          input.setAttribute("aria-expanded", options().length ? "true" : "false");
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (e) {
      var open = input.getAttribute("aria-expanded") === "true";
      if (e.key === "ArrowDown") { e.preventDefault(); if (open) highlight(active + 1); else search(); }
      else if (e.key === "ArrowUp" && open) { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter" && open && active >= 0) { e.preventDefault(); choose(options()[active]); }
      else if (e.key === "Escape" && open) { e.preventDefault(); close(); }
    });
    results.addEventListener("mousedown", function (e) {
      var opt = e.target.closest("[role=option]");
      if (opt) { e.preventDefault(); choose(opt); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function init(root) { (root || document).querySelectorAll("[data-picker]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
