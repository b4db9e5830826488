/* Log harian form: keeps an unsent draft in localStorage so it survives a reload or a dropped
   connection, restores it on load, and clears it once the server confirms that exact draft
   (same client_token) was saved. The client_token travels with the draft, so re-sending a restored
   draft can never create a second log. Files cannot be kept in localStorage: the user is told. */
(function () {
  "use strict";
  var FIELDS = ["tanggal", "rhk", "kegiatan", "output_jumlah", "output_satuan", "jam_mulai", "jam_selesai",
    "link_bukti", "client_token"];

  function storageKey(form) { return "kinerja-log-draft:" + (form.dataset.user || "anon"); }

  function readDraft(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  // The texts come translated from the template (data-saved, data-restored, data-offline).
  function say(which) {
    var el = document.getElementById("log-draft-status");
    if (el) { el.textContent = el.dataset[which] || ""; }
  }

  function saveDraft(form) {
    var data = { savedAt: Date.now() };
    FIELDS.forEach(function (name) {
      var el = form.elements[name];
      if (el) { data[name] = el.value; }
    });
    try {
      window.localStorage.setItem(storageKey(form), JSON.stringify(data));
      say("saved");
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  function restoreDraft(form, draft) {
    FIELDS.forEach(function (name) {
      var el = form.elements[name];
      if (el && draft[name] !== undefined && draft[name] !== null) { el.value = draft[name]; }
    });
    say("restored");
  }

  function init() {
    var form = document.getElementById("log-form");
    if (!form || form.dataset.draftReady) { return; }
    form.dataset.draftReady = "1";
    var key = storageKey(form);
    var draft = readDraft(key);
    var savedToken = form.dataset.savedToken;
    if (draft && savedToken && draft.client_token === savedToken) {
      window.localStorage.removeItem(key);  // the server has this draft: forget it
      draft = null;
    }
    if (form.dataset.bound) {
      saveDraft(form);  // server returned errors: what is on screen is the draft now
    } else if (draft) {
      restoreDraft(form, draft);
    }
    form.addEventListener("input", function () { saveDraft(form); });
    form.addEventListener("change", function () { saveDraft(form); });
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
  // A timeout or a dropped connection leaves the form (and its client_token) as it was: sending
  // again is safe and never makes a second log.
  ["htmx:timeout", "htmx:sendError", "htmx:responseError"].forEach(function (name) {
    document.addEventListener(name, function (ev) {
      if (ev.target && ev.target.id === "log-form") {
        say("offline");
      }
    });
  });
})();
