// Documents library: reading position, the offline service worker. No inline script (CSP).
(function () {
  "use strict";
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }
  // Resume where the reader left off, then remember the position as they scroll.
  var reader = document.querySelector(".reader[data-position-url]");
  if (reader) {
    var saved = parseInt(reader.getAttribute("data-position") || "0", 10);
    if (saved > 0 && !location.hash) {
      var target = (document.documentElement.scrollHeight - window.innerHeight) * saved / 100;
      window.scrollTo(0, target);
    }
    var timer = null, last = saved;
    window.addEventListener("scroll", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () {
        var span = document.documentElement.scrollHeight - window.innerHeight;
        var percent = span > 0 ? Math.round(window.scrollY * 100 / span) : 0;
        if (Math.abs(percent - last) < 3 || !navigator.onLine) { return; }
        last = percent;
        var body = new URLSearchParams({percent: String(percent)});
        fetch(reader.getAttribute("data-position-url"), {
          method: "POST", body: body, credentials: "same-origin", headers: {"X-CSRFToken": csrf()}
        }).catch(function () {});
      }, 800);
    }, {passive: true});
  }
  // The service worker keeps the bookmarked documents and guides for offline reading.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/documents/sw.js", {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (registration.active) { registration.active.postMessage({type: "sync-bookmarks"}); }
    }).catch(function () {});
  }
})();
