/* Sổ tay — Web Push handler. Registered on its own (scope /static/notifications/) by push-subscribe.js, or
   imported into the site's service worker with: importScripts("/static/notifications/push-sw.js"); */
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data ? event.data.text() : "" }; }
  var title = data.title || "Sổ tay đảng viên";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    tag: data.id ? "sotay-" + data.id : undefined,
    data: { url: data.id ? "/notifications/" + data.id + "/" : (data.url || "/notifications/") }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/notifications/";
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if ("focus" in list[i] && list[i].url.indexOf(url) !== -1) { return list[i].focus(); }
    }
    return self.clients.openWindow(url);
  }));
});
