// The client's time zone travels in the URL (?tz=) and in a cookie that only this script
// writes; the server never sets it, so cached pages stay the same for everyone (see
// bookings/timezones.py). Everything works without JavaScript; this only saves steps.
(function () {
  "use strict";
  var COOKIE = "time_zone"; // bookings.timezones.COOKIE_NAME
  var form = document.getElementById("zone-form");
  if (!form) {
    return;
  }
  var current = form.dataset.zoneCurrent;

  function remember(zone) {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie =
      COOKIE + "=" + zone + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
  }

  if (form.dataset.zoneKnown === "true") {
    // Times on this page are in the visitor's own zone: remember it for the next page, for
    // sign-up and for pages reached without ?tz= (a link from elsewhere, the Back button).
    remember(current);
    return;
  }

  // A first visit: show times in the browser's own zone.
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  var select = form.querySelector("select[name='tz']");
  if (!zone || !select) {
    return;
  }
  // The list names each place once, by its current name; some browsers report an older one
  // (Chrome: Asia/Calcutta), which the option carries in data-aliases.
  var offered = Array.prototype.find.call(select.options, function (option) {
    return option.value === zone || (option.dataset.aliases || "").split(" ").indexOf(zone) !== -1;
  });
  if (!offered) {
    return;
  }
  zone = offered.value;
  remember(zone);
  if (zone === current) {
    return;
  }
  // Try once per tab, so that a zone the server refuses can never cause a reload loop.
  try {
    if (window.sessionStorage.getItem("qh-zone-sent") === zone) {
      return;
    }
    window.sessionStorage.setItem("qh-zone-sent", zone);
  } catch (error) {
    return;
  }
  var url = new URL(window.location.href);
  url.searchParams.set("tz", zone);
  window.location.replace(url.toString());
})();
