// The recovery codes page: "In" prints the codes, "Sao chép" copies them (one a line). Without JavaScript the buttons
// stay hidden and the codes can still be written down or printed from the browser's menu.
(function () {
  "use strict";
  var box = document.querySelector("[data-recovery-codes]");
  if (!box) return;
  var codes = Array.prototype.map.call(box.querySelectorAll("code"), function (c) { return c.textContent.trim(); });
  var status = document.querySelector("[data-recovery-status]");
  var print = document.querySelector("[data-recovery-print]");
  var copy = document.querySelector("[data-recovery-copy]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(codes.join("\n")).then(
        function () { if (status) status.textContent = copy.getAttribute("data-done"); },
        function () { if (status) status.textContent = copy.getAttribute("data-failed"); }
      );
    });
  }
})();
