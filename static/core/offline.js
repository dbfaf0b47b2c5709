// Offline reading from the first visit (issue 14): register the site's service worker (served from
// /documents/sw.js, allowed the whole site) and ask it to fetch the pages kept offline, when signed in (the page
// has the sign-out form). Signed out (a shared phone), the pages kept for the last user are forgotten; static files
// stay. No inline script (CSP).
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

// "Tôi sẽ dự" without network (issue 14): the answer is kept on the phone and sent as soon as the network is back
// (the "online" event), or on the next page opened with network (the fallback); the member is told both times.
// The strings come translated from the script tag's data attributes (base.html).
(function () {
  "use strict";
  var KEY = "sotay-rsvp-queue";
  var script = document.currentScript;
  var text = function (name) { return (script && script.getAttribute("data-" + name)) || ""; };
  var RSVP = /^\/meetings\/\d+\/rsvp\/$/;

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
          tell(text("sent"), "success");
          var queued = document.querySelector("[data-rsvp-queued]");
          if (queued) { queued.remove(); }
        })
        .catch(function () { write(read().concat([item])); });
    });
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
    write(read().filter(function (item) { return item.url !== url.pathname; }).concat([{url: url.pathname, body: body}]));
    var note = document.createElement("p");
    note.className = "message warning";
    note.setAttribute("data-rsvp-queued", "");
    note.setAttribute("role", "status");
    note.textContent = text("queued");
    form.insertAdjacentElement("afterend", note);
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
  });
  window.addEventListener("online", send);
  send();
})();
