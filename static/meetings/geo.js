// Meetings: fill the hidden latitude/longitude of a .geo-form when the browser shares its location.
// Without JavaScript or without permission the form still submits (the server decides whether location is needed).
(function () {
  "use strict";
  if (!("geolocation" in navigator)) return;
  document.querySelectorAll("form.geo-form").forEach(function (form) {
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        form.querySelector("input[name=latitude]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("input[name=longitude]").value = pos.coords.longitude.toFixed(6);
      },
      function () {},
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 }
    );
  });
})();
