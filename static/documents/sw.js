// Sổ tay — service worker (scope /, registered by static/core/offline.js and documents/reader.js).
// Pages are fetched from the network first; a copy of each library page read is kept, and the URLs listed by
// /documents/offline/urls.json (home, handbook, bookmarked documents and guides, the member's meetings page and next
// invitation) are fetched ahead so they can be read offline. Signing out or in clears the kept pages (shared phones).
"use strict";
try { importScripts("/static/notifications/push-sw.js"); } catch (e) { /* Web Push handler (sotay/notifications) */ }
var CACHE = "sotay-documents-v1";
var CORE = ["/documents/offline/", "/static/css/sotay.css", "/static/documents/documents.css",
            "/static/documents/reader.js", "/static/documents/manifest.webmanifest"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(CORE.map(function (url) { return cache.add(url).catch(function () {}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }).then(syncBookmarks));
});

function syncBookmarks() {
  return fetch("/documents/offline/urls.json", {credentials: "same-origin", cache: "no-store"})
    .then(function (r) { return r.ok ? r.json() : {urls: []}; })
    .then(function (data) {
      return caches.open(CACHE).then(function (cache) {
        return Promise.all((data.urls || []).map(function (url) {
          return fetch(url, {credentials: "same-origin"}).then(function (resp) {
            if (resp.ok && !resp.redirected) { return cache.put(url, resp); }
          }).catch(function () {});
        }));
      });
    }).catch(function () {});
}

// Pages kept when read: the library, the handbook, the home page, the member's meetings and each meeting opened.
var KEEP = [/^\/$/, /^\/documents\//, /^\/handbook\//, /^\/meetings\/mine\/$/, /^\/meetings\/\d+\/$/];
function keep(path) {
  return KEEP.some(function (pattern) { return pattern.test(path); });
}

function forgetPages() {
  return caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.filter(function (r) {
        return new URL(r.url).pathname.indexOf("/static/") !== 0;
      }).map(function (r) { return cache.delete(r); }));
    });
  });
}

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "sync-bookmarks") { event.waitUntil(syncBookmarks()); }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var isPage = request.mode === "navigate";
  if (isPage && url.pathname.indexOf("/accounts/") === 0) {  // signing in or out: forget the last user's pages
    event.waitUntil(forgetPages());
    return;
  }
  if (request.method !== "GET") { return; }
  var isStatic = url.pathname.indexOf("/static/") === 0;
  if (!isPage && !isStatic) { return; }
  event.respondWith(fetch(request).then(function (resp) {
    // Keep a copy of the pages worth reading offline (not searches) and of static files.
    if (resp.ok && !resp.redirected && (isStatic || (keep(url.pathname) && !url.search))) {
      var copy = resp.clone();
      caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return resp;
  }).catch(function () {
    return caches.match(url.pathname).then(function (hit) {
      return hit || (isPage ? caches.match("/documents/offline/") : Response.error());
    });
  }));
});
