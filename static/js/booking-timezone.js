// On a first visit, show times in the browser's own time zone: pick it in the zone form and
// submit it once. The form works without JavaScript; this only saves a step.
(function () {
  "use strict";
  var form = document.getElementById("zone-form");
  if (!form || form.dataset.zoneKnown === "true") {
    return;
  }
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  var select = form.querySelector("select[name='tz']");
  if (!zone || !select || form.dataset.zoneCurrent === zone) {
    return;
  }
  var offered = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!offered) {
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
  select.value = zone;
  form.submit();
})();
