// Keeps the "minutes left" of a held booking current, and when the hold ends, loads the page
// again: the server then says what is true now (the hold has ended, or was extended meanwhile
// by paying in another tab), so a page left open never offers to pay for a time no longer held.
// The count starts from the seconds the server gave, so a wrong clock in the browser cannot
// end it early or late.
(function () {
  "use strict";
  var holder = document.querySelector("[data-hold-seconds]");
  if (!holder) {
    return;
  }
  var output = holder.querySelector("[data-hold-left]");
  var seconds = parseInt(holder.dataset.holdSeconds, 10);
  if (!output || isNaN(seconds)) {
    return;
  }
  var expires = Date.now() + seconds * 1000;
  var timer = null;
  function update() {
    window.clearTimeout(timer);
    var left = expires - Date.now();
    if (left <= 0) {
      output.textContent = "The hold has ended. Checking whether the time is still free…";
      window.location.reload();
      return;
    }
    var minutes = Math.ceil(left / 60000);
    var text = minutes === 1 ? "About 1 minute left." : "About " + minutes + " minutes left.";
    // The output is a polite live region: changed only when the minute changes, so a screen
    // reader hears the time left once a minute, never the same words twice.
    if (output.textContent !== text) {
      output.textContent = text;
    }
    // Wake when the next minute starts (or the hold ends).
    timer = window.setTimeout(update, (left % 60000) || 60000);
  }
  // A page brought back with the Back button is checked at once, not 15 seconds later.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      update();
    }
  });
  update();
})();
