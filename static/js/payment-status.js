// On "Your payment is being confirmed": ask the site every few seconds whether Stripe has
// confirmed the payment, and go to the booking when it has. The "Check again" link does the
// same by hand, so nothing depends on this script.
(function () {
  "use strict";
  var status = document.querySelector("[data-payment-status]");
  if (!status || !window.fetch) {
    return;
  }
  var url = status.dataset.statusUrl;
  var tries = 0;
  var maxTries = 40;
  function check() {
    tries += 1;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.settled) {
          status.textContent = "Confirmed. Taking you to your booking…";
          window.location.assign(data.url);
        } else {
          later();
        }
      })
      .catch(later);
  }
  function later() {
    if (tries >= maxTries) {
      status.textContent =
        "This is taking longer than usual. You can check again, or come back later: we e-mail you as soon as it is confirmed.";
      return;
    }
    window.setTimeout(check, 3000);
  }
  window.setTimeout(check, 2000);
})();
