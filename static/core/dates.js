// Date and time fields (inputs marked data-vn-date / data-vn-time by sotay.core.forms): show what was
// understood — "Thứ Năm, 24/12/2026" — under the field as the user types, and offer the native date picker.
// The server stays the authority (sotay/lib/dates.py parses the same forms); without JavaScript the
// fields are plain text inputs and still work.
(function () {
  "use strict";
  var DAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clean(text) { return (text || "").normalize("NFC").toLowerCase().trim().replace(/\s+/g, " "); }

  // dd/mm/yyyy, d/m/yy, ddmmyyyy, ddmmyy, dd-mm-yyyy, dd.mm.yyyy, "dd mm yyyy", yyyy-mm-dd.
  function parseDate(text) {
    var s = clean(text), m, d, mo, y;
    if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) { y = m[1]; mo = m[2]; d = m[3]; }
    else if ((m = /^(\d{1,2}) ?[\/.\- ] ?(\d{1,2}) ?[\/.\- ] ?(\d+)$/.exec(s))) { d = m[1]; mo = m[2]; y = m[3]; }
    else if (/^(\d{6}|\d{8})$/.test(s)) { d = s.slice(0, 2); mo = s.slice(2, 4); y = s.slice(4); }
    if (!y || (y.length !== 2 && y.length !== 4)) return { error: "Chưa hiểu ngày (cần dạng dd/mm/yyyy)" };
    var year = +y, month = +mo, day = +d;
    if (y.length === 2) year += year <= (new Date().getFullYear() % 100) + 1 ? 2000 : 1900;
    if (year < 1900 || year > 2100) return { error: "Năm " + year + " không hợp lệ (1900–2100)" };
    if (month < 1 || month > 12) return { error: "Tháng " + month + " không có" };
    var date = new Date(year, month - 1, day);
    var text2 = pad(day) + "/" + pad(month) + "/" + year;
    if (date.getMonth() !== month - 1 || date.getDate() !== day) return { error: "Không có ngày " + text2 + " trong lịch" };
    return { date: date, text: DAYS[date.getDay()] + ", " + text2, value: text2,
             iso: year + "-" + pad(month) + "-" + pad(day) };
  }

  // 19:30, 19.30, 1930, 930, 19h30, 19h, 7h30 tối, 7 giờ 30 sáng, 7:30 PM.
  function parseTime(text) {
    var s = clean(text), h, mi, period = "", m;
    if (/^\d{3,4}$/.test(s)) { h = +s.slice(0, -2); mi = +s.slice(-2); }
    else if ((m = /^(\d{1,2}) ?(?:(?::|\.|h|g|giờ) ?(\d{1,2})?)? ?(?:phút|p)?(?: ?(sáng|trưa|chiều|tối|đêm|a\.?m\.?|p\.?m\.?))?$/.exec(s))) {
      h = +m[1]; mi = +(m[2] || 0); period = (m[3] || "").replace(/\./g, "");
      if (period && (h === 0 || h > 23)) return { error: "Không có " + h + " giờ " + m[3] };
      if (period && h > 12 && (period === "sáng" || period === "am")) return { error: h + " giờ không thể là buổi sáng" };
      if (period && h <= 12) {
        if (period === "sáng" || period === "am") h = h === 12 ? 0 : h;
        else if (period === "trưa") h = h >= 11 ? h : h + 12;
        else if (period === "chiều" || period === "pm") h = h === 12 ? 12 : h + 12;
        else if (period === "tối") h = h === 12 ? 0 : h + 12;
        else h = h === 12 ? 0 : (h <= 5 ? h : h + 12);  // đêm
      }
    } else return { error: "Chưa hiểu giờ (cần dạng 19:30)" };
    if (h > 23 || mi > 59) return { error: "Không có giờ " + pad(h) + ":" + pad(mi) };
    return { text: pad(h) + ":" + pad(mi) };
  }

  function enhance(input, parse) {
    if (input.dataset.vnReady) return;
    input.dataset.vnReady = "1";
    var echo = document.createElement("small");
    echo.className = "vn-date-echo";
    echo.setAttribute("aria-live", "polite");
    var after = input;
    if (parse === parseDate && input.dataset.vnPick) after = addPicker(input);  // not in table rows
    if (after.parentElement.classList.contains("row")) after = after.parentElement;  // input + button side by side
    after.insertAdjacentElement("afterend", echo);
    function update() {
      var result = input.value.trim() ? parse(input.value) : null;
      echo.textContent = result ? (result.error || result.text) : "";
      echo.classList.toggle("error", !!(result && result.error));
    }
    input.addEventListener("input", update);
    update();
  }

  function addPicker(input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "vn-date-pick";
    button.textContent = input.dataset.vnPick;
    var picker = document.createElement("input");
    picker.type = "date";
    picker.className = "vn-date-native";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    picker.min = "1900-01-01";
    picker.max = "2100-12-31";
    button.addEventListener("click", function () {
      var current = parseDate(input.value);
      picker.value = current.iso || "";
      try { picker.showPicker(); } catch (e) { picker.focus(); picker.click(); }
    });
    picker.addEventListener("change", function () {
      var chosen = parseDate(picker.value);
      if (!chosen.value) return;
      input.value = chosen.value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.focus();
    });
    input.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", picker);
    return picker;
  }

  function scan(root) {
    root.querySelectorAll("input[data-vn-date]").forEach(function (el) { enhance(el, parseDate); });
    root.querySelectorAll("input[data-vn-time]").forEach(function (el) { enhance(el, parseTime); });
  }

  scan(document);
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
  window.sotayDates = { parseDate: parseDate, parseTime: parseTime };
})();
