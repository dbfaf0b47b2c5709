// The attendance screen: show the tapped status at once (optimistic), and put it back with a clear message when the
// request fails (slow or lost network); the server's answer replaces the card either way.
(function () {
  "use strict";
  function card(el) { return el.closest ? el.closest(".att-card") : null; }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".att-b");
    if (!button) return;
    var li = card(button);
    if (!li) return;
    li.dataset.before = Array.prototype.map.call(li.querySelectorAll(".att-b"), function (b) {
      return b.getAttribute("aria-pressed");
    }).join(",");
    li.querySelectorAll(".att-b").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
    li.classList.add("saving");
  });
  function failed(event) {
    var li = card(event.target);
    var box = document.getElementById("att-error");
    if (box) box.hidden = false;
    if (!li || !li.dataset.before) return;
    var before = li.dataset.before.split(",");
    li.querySelectorAll(".att-b").forEach(function (b, i) { b.setAttribute("aria-pressed", before[i] || "false"); });
    li.classList.remove("saving");
  }
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:timeout", failed);
  document.addEventListener("htmx:afterSwap", function () {
    var box = document.getElementById("att-error");
    if (box) box.hidden = true;
  });
})();
