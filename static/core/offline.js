// Offline from the first visit (issue 14): signed in, register the service worker (/documents/sw.js, whole site) and
// have it fetch the pages kept offline; signed out (shared phone), forget the last user's pages. No inline script.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var signedIn = !!document.querySelector("form[action$='/accounts/logout/']");
  if (!signedIn) {
    if (window.caches) {
      caches.open("sotay-documents-v1").then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (r) {
            return new URL(r.url).pathname.indexOf("/static/") !== 0;
          }).map(function (r) { return cache.delete(r); }));
        });
      }).catch(function () {});
    }
    return;
  }
  navigator.serviceWorker.register("/documents/sw.js", {scope: "/"}).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (registration.active) { registration.active.postMessage({type: "sync-bookmarks"}); }
  }).catch(function () {});
})();

// "Tôi sẽ dự" offline (issue 14): with Background Sync, kept in IndexedDB for the service worker (documents/sw.js,
// which says how it is sent); else in localStorage, sent on "online" or the next page. Strings: base.html.
(function () {
  "use strict";
  var KEY = "sotay-rsvp-queue";
  var DB = "sotay-offline", STORE = "rsvp", TAG = "sotay-rsvp";  // as in sw.js
  var script = document.currentScript;
  var text = function (name) { return (script && script.getAttribute("data-" + name)) || ""; };
  var RSVP = /^\/meetings\/\d+\/rsvp\/$/;
  var worker = navigator.serviceWorker;

  function read() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function write(queue) {
    try { window.localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* private mode: nothing kept */ }
  }
  function tell(message, kind) {
    var box = document.getElementById("messages");
    if (!box || !message) { return; }
    var p = document.createElement("p");
    p.className = "message " + kind;
    p.textContent = message;
    box.appendChild(p);
  }
  function sent() {
    tell(text("sent"), "success");
    var queued = document.querySelector("[data-rsvp-queued]");
    if (queued) { queued.remove(); }
  }
  function send() {
    var queue = read();
    if (!queue.length || navigator.onLine === false) { return; }
    write([]);
    queue.forEach(function (item) {
      fetch(item.url, {method: "POST", body: new URLSearchParams(item.body), credentials: "same-origin",
                       headers: {"Content-Type": "application/x-www-form-urlencoded"}})
        .then(function (resp) {
          if (resp.status >= 500) { throw new Error(String(resp.status)); }  // try again later
          if (!resp.ok) { return; }  // refused (the meeting is over, signed out): not sent again
          sent();
        })
        .catch(function () { write(read().concat([item])); });
    });
  }
  function keepForWorker(item) {  // IndexedDB + sync tag; rejects where there is no Background Sync
    if (!worker || !worker.controller || !("SyncManager" in window)) { return Promise.reject(); }
    return worker.ready.then(function (reg) {
      return new Promise(function (resolve, reject) {
        var open = indexedDB.open(DB, 1);
        open.onupgradeneeded = function () { open.result.createObjectStore(STORE, {keyPath: "url"}); };
        open.onerror = reject;
        open.onsuccess = function () {
          var tx = open.result.transaction(STORE, "readwrite");
          tx.objectStore(STORE).put(item);
          tx.oncomplete = resolve;
          tx.onerror = reject;
        };
      }).then(function () {
        return reg.sync.register(TAG).catch(function () {});  // still sent on "online" or load
      });
    });
  }
  function askWorker() {
    if (worker && worker.controller && navigator.onLine !== false) {
      worker.controller.postMessage({type: "replay-rsvp"});
    }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (navigator.onLine !== false || !form || !form.action) { return; }
    var url = new URL(form.action, window.location.href);
    if (url.origin !== window.location.origin || !RSVP.test(url.pathname)) { return; }
    event.preventDefault();
    var body = {};
    new FormData(form).forEach(function (value, name) { body[name] = value; });
    if (event.submitter && event.submitter.name) { body[event.submitter.name] = event.submitter.value; }
    var item = {url: url.pathname, body: body};
    keepForWorker(item).catch(function () {
      write(read().filter(function (kept) { return kept.url !== item.url; }).concat([item]));
    });
    var note = document.createElement("p");
    note.className = "message warning";
    note.setAttribute("data-rsvp-queued", "");
    note.setAttribute("role", "status");
    note.textContent = text("queued");
    form.insertAdjacentElement("afterend", note);
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
  });
  if (worker) {
    worker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "rsvp-sent") { sent(); }
    });
  }
  window.addEventListener("online", function () { send(); askWorker(); });
  send();
  askWorker();
})();
