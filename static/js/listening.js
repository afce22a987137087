// On her recording's page: add up the time the player has actually played (not where it
// stands: skipping ahead plays nothing) and report it to the site every 15 seconds and whenever
// playing stops, so today counts once she has heard most of it. Without this script the page's
// "I listened today" button does the same by hand.
(function () {
  "use strict";
  var player = document.querySelector("audio[data-listened-url]");
  if (!player || !window.FormData) {
    return;
  }
  var url = player.dataset.listenedUrl;
  var token = player.dataset.csrf;
  var status = document.querySelector("[data-listening-status]");
  var REPORT_EVERY = 15000;
  var last = null; // where the player stood at the last tick while playing
  var unsent = 0; // seconds played and not reported yet

  function tick() {
    var position = player.currentTime;
    if (last !== null && !player.paused && !player.seeking) {
      var step = position - last;
      // Between two ticks (several a second) playing moves a fraction of a second, times the
      // playback rate; anything larger, or backwards, is a jump, not listening.
      if (step > 0 && step <= 2 * Math.max(1, player.playbackRate)) {
        unsent += step;
      }
    }
    last = position;
  }

  function forget() {
    last = null;
  }

  function show(message) {
    if (status && message && status.textContent !== message) {
      status.textContent = message;
    }
  }

  function report(leaving) {
    tick();
    var seconds = leaving ? Math.round(unsent) : Math.floor(unsent);
    if (seconds < 1) {
      return;
    }
    unsent -= seconds;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    data.append("seconds", String(seconds));
    if (leaving && navigator.sendBeacon) {
      // The page is going away: a beacon still reaches the site.
      if (!navigator.sendBeacon(url, data)) {
        unsent += seconds;
      }
      return;
    }
    if (!window.fetch) {
      return;
    }
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        show(answer.message);
      })
      .catch(function () {
        unsent += seconds; // tried again with the next report
      });
  }

  player.addEventListener("timeupdate", tick);
  player.addEventListener("playing", function () {
    last = player.currentTime;
  });
  player.addEventListener("seeking", forget);
  player.addEventListener("seeked", function () {
    last = player.currentTime;
  });
  player.addEventListener("pause", function () {
    report(false);
    forget();
  });
  player.addEventListener("ended", function () {
    report(false);
    forget();
  });
  window.setInterval(function () {
    if (!player.paused) {
      report(false);
    }
  }, REPORT_EVERY);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      report(true);
    }
  });
  window.addEventListener("pagehide", function () {
    report(true);
  });
})();
