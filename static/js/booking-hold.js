// Keeps the "minutes left" of a held booking current. The page already says until when the
// time is held; this is only a convenience, and the hold can always be extended.
(function () {
  "use strict";
  var holder = document.querySelector("[data-hold-expires]");
  if (!holder) {
    return;
  }
  var output = holder.querySelector("[data-hold-left]");
  var expires = Date.parse(holder.dataset.holdExpires);
  if (!output || isNaN(expires)) {
    return;
  }
  function update() {
    var left = expires - Date.now();
    if (left <= 0) {
      output.textContent = "The hold has ended; if the time is still free you can keep it for 30 more minutes.";
      return;
    }
    var minutes = Math.ceil(left / 60000);
    output.textContent = minutes === 1 ? "About 1 minute left." : "About " + minutes + " minutes left.";
    window.setTimeout(update, 15000);
  }
  update();
})();
