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
