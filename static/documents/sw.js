// Sổ tay — service worker (scope /, registered by static/core/offline.js and documents/reader.js).
// Pages are fetched from the network first; a copy of each library page read is kept, and the URLs listed by
// /documents/offline/urls.json (home, handbook, bookmarked documents and guides, the member's meetings page and next
// invitation) are fetched ahead so they can be read offline. Signing out or in clears the kept pages (shared phones).
// An answer "Tôi sẽ dự" given offline is sent by Background Sync (the `sync` event, below).
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
  forgetRsvps();
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
  if (event.data && event.data.type === "replay-rsvp") { event.waitUntil(replayRsvps().catch(function () {})); }
});

// Background Sync of the answers "Tôi sẽ dự" given offline (static/core/offline.js keeps them in IndexedDB and
// registers the tag): each is posted with the session's cookies; a 403 (the CSRF token kept with it no longer
// matches, e.g. after signing in again) is retried once with a fresh token read from the meeting's page. Sent or
// refused, it is dropped; a network or server error keeps it and fails the event, so the browser tries again.
// Open pages are told (postMessage "rsvp-sent") so the member sees it was sent.
var RSVP_DB = "sotay-offline", RSVP_STORE = "rsvp", RSVP_TAG = "sotay-rsvp";
var replaying = null;

self.addEventListener("sync", function (event) {
  if (event.tag === RSVP_TAG) { event.waitUntil(replayRsvps()); }
});

function rsvpDb() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open(RSVP_DB, 1);
    open.onupgradeneeded = function () { open.result.createObjectStore(RSVP_STORE, {keyPath: "url"}); };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
}

function rsvpStore(db, mode, work) {
  return new Promise(function (resolve, reject) {
    var tx = db.transaction(RSVP_STORE, mode), result;
    var request = work(tx.objectStore(RSVP_STORE));
    if (request) { request.onsuccess = function () { result = request.result; }; }
    tx.oncomplete = function () { resolve(result); };
    tx.onerror = function () { reject(tx.error); };
  });
}

function forgetRsvps() {  // signing in or out on a shared phone: the last user's answers are not sent
  try { indexedDB.deleteDatabase(RSVP_DB); } catch (e) { /* nothing kept */ }
}

function tellPages(message) {
  return self.clients.matchAll({type: "window", includeUncontrolled: true}).then(function (pages) {
    pages.forEach(function (page) { page.postMessage(message); });
  });
}

function freshToken(rsvpUrl) {
  var meeting = rsvpUrl.replace(/rsvp\/$/, "");
  return fetch(meeting, {credentials: "same-origin", cache: "no-store"}).then(function (resp) {
    return resp.ok ? resp.text() : "";
  }).then(function (html) {
    var found = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
    return found ? found[1] : "";
  });
}

function postRsvp(item, retried) {
  return fetch(item.url, {method: "POST", body: new URLSearchParams(item.body), credentials: "same-origin",
                          headers: {"Content-Type": "application/x-www-form-urlencoded"}})
    .then(function (resp) {
      if (resp.status >= 500) { return "retry"; }
      if (resp.status === 403 && !retried) {
        return freshToken(item.url).then(function (token) {
          if (!token) { return "refused"; }
          item.body.csrfmiddlewaretoken = token;
          return postRsvp(item, true);
        });
      }
      var signedOut = new URL(resp.url).pathname.indexOf("/accounts/") === 0;
      return resp.ok && !signedOut ? "sent" : "refused";
    }, function () { return "retry"; });
}

function replayRsvps() {
  if (replaying) { return replaying; }
  replaying = rsvpDb().then(function (db) {
    return rsvpStore(db, "readonly", function (store) { return store.getAll(); }).then(function (items) {
      return Promise.all((items || []).map(function (item) {
        return postRsvp(item, false).then(function (outcome) {
          if (outcome === "retry") { throw new Error("offline"); }
          return rsvpStore(db, "readwrite", function (store) { store.delete(item.url); }).then(function () {
            if (outcome === "sent") { return tellPages({type: "rsvp-sent", url: item.url}); }
          });
        });
      }));
    }).finally(function () { db.close(); });
  }).finally(function () { replaying = null; });
  return replaying;
}

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
