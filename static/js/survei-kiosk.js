/* Kiosk mode of the SKM form (templates/survei/kiosk.html).
 *
 * Every response is queued in localStorage with its own client_token, then uploaded to the public
 * submit API; a retry of the same item is the same response on the server (client_token is unique
 * per unit), so a dropped connection or a reload never counts twice. The form returns to a fresh
 * state after each response and after a minute without input. Without JavaScript the page is the
 * plain form. */
(function () {
  "use strict";
  var root = document.getElementById("kiosk");
  var form = document.querySelector("form.survei-form");
  if (!root || !form || !window.localStorage || !window.fetch) { return; }
  var key = "skm-kiosk-" + root.dataset.kode;
  var idleMs = parseInt(root.dataset.idleMs, 10) || 60000;
  var thanks = document.getElementById("kiosk-thanks");
  var offline = document.getElementById("kiosk-offline");
  var countEl = document.getElementById("kiosk-count");
  var pendingEl = document.getElementById("kiosk-pending");
  var serverCount = parseInt(countEl.textContent, 10) || 0;
  var flushing = false;
  var idleTimer = null;

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(key, JSON.stringify(queue)); }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function render() {
    var pending = load().length;
    countEl.textContent = String(serverCount + pending);
    pendingEl.textContent = pending ? "(" + pending + " " + root.dataset.msgPending + ")" : "";
    offline.hidden = navigator.onLine;
    offline.textContent = navigator.onLine ? "" : root.dataset.msgOffline;
  }

  function refreshCount() {
    return fetch(root.dataset.count, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { serverCount = data.hari_ini; } render(); }, render);
  }

  function flush() {
    if (flushing) { return; }
    var queue = load();
    if (!navigator.onLine || !queue.length) { render(); if (navigator.onLine) { refreshCount(); } return; }
    flushing = true;
    var item = queue[0];
    fetch(root.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(item),
    }).then(function (r) {
      flushing = false;
      // Stored (201), already stored (200) or refused for good (other 4xx, e.g. the period closed):
      // it leaves the queue. 429 and 5xx stay queued and are retried later.
      if (r.ok || (r.status >= 400 && r.status < 500 && r.status !== 429)) {
        save(load().filter(function (x) { return x.client_token !== item.client_token; }));
        flush();
      } else {
        render();
      }
    }, function () { flushing = false; render(); });
  }

  function freshForm() {
    form.reset();
    window.scrollTo(0, 0);
  }

  function resetIdle() {
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(freshForm, idleMs);
  }

  form.noValidate = false; // the browser checks the required answers before anything is queued
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.reportValidity()) { return; }
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { data[name] = value; }
    });
    data.client_token = uuid4();
    var queue = load();
    queue.push(data);
    save(queue);
    freshForm();
    thanks.textContent = root.dataset.msgThanks;
    thanks.focus();
    window.setTimeout(function () { thanks.textContent = ""; }, 6000);
    render();
    flush();
  });
  ["input", "change", "keydown", "pointerdown", "scroll"].forEach(function (name) {
    document.addEventListener(name, resetIdle, { passive: true });
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  window.setInterval(flush, 15000);
  resetIdle();
  render();
  flush();
})();
