/* Sổ tay — turn Web Push on for this browser (preferences page). Without JavaScript the page still works; only
   push cannot be switched on. */
(function () {
  var box = document.getElementById("push-box");
  if (!box) { return; }
  var button = document.getElementById("push-enable");
  var status = document.getElementById("push-status");
  var key = box.getAttribute("data-vapid-key");
  function say(text) { status.textContent = text; }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !key) {
    say(box.getAttribute("data-unsupported"));
    return;
  }
  button.hidden = false;
  function keyBytes(b64) {
    var pad = "=".repeat((4 - b64.length % 4) % 4);
    var raw = atob((b64 + pad).replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.serviceWorker.register(box.getAttribute("data-worker")).then(function (reg) {
      return Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { throw new Error(box.getAttribute("data-denied")); }
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      });
    }).then(function (sub) {
      return fetch(box.getAttribute("data-url"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(sub.toJSON())
      });
    }).then(function (response) { return response.json(); }).then(function (data) {
      say(data.message || data.error || "");
    }).catch(function (err) { say(err.message); }).then(function () { button.disabled = false; });
  });
})();
