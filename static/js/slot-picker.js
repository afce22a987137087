// The slot picker (templates/bookings/_slot_picker.html) without a page load for each day: a
// tap on a day, or on earlier or later days, fetches the page its link leads to and swaps in
// that page's day strip and times, so the page does not jump back to the top. The address
// changes as if the link had been followed (Back shows the previous day again), focus goes to
// the times' heading, and a polite status says what is shown.
// Without JavaScript, or when anything goes wrong, the links load the page as they always did.
(function () {
  "use strict";
  // The parts of the page that belong to the chosen day: the day strip, the times, and what
  // the zone form carries along (the day), each marked data-slot-part in the templates.
  var PARTS = ["days", "times", "zone-keep"];
  var REQUIRED = ["days", "times"];

  function part(root, name) {
    return root.querySelector('[data-slot-part="' + name + '"]');
  }

  if (!REQUIRED.every(function (name) { return part(document, name); }) ||
      !window.fetch || !window.DOMParser || !window.URL || !window.history.pushState) {
    return;
  }

  var path = window.location.pathname;
  var status = document.querySelector("[data-slot-status]");
  var shown = withoutHash(window.location.href);
  var latest = 0;

  function withoutHash(href) {
    var url = new URL(href, window.location.href);
    url.hash = "";
    return url.href;
  }

  // A chosen day whose chip is partly out of the strip is brought to its middle, with its
  // neighbours either side (the strip scrolls, never the page).
  function revealChosenDay() {
    var strip = document.querySelector('[data-slot-part="days"] .day-list');
    var chosen = strip && strip.querySelector('[aria-current="true"]');
    if (!chosen) {
      return;
    }
    var box = strip.getBoundingClientRect();
    var chip = chosen.getBoundingClientRect();
    if (chip.left < box.left || chip.right > box.right) {
      strip.scrollLeft += chip.left + chip.width / 2 - (box.left + box.width / 2);
    }
  }

  function announce() {
    var heading = document.getElementById("times-title");
    var count = document.querySelector('[data-slot-part="days"] [aria-current="true"] .day-count');
    if (heading) {
      // Focus leaves the link that is gone; a screen reader reads the day's heading from here.
      heading.focus({ preventScroll: true });
    }
    if (status && heading) {
      status.textContent = "";
      var words = (count ? count.textContent + " on " : "Times for ") + heading.textContent + ".";
      window.setTimeout(function () { status.textContent = words; }, 50);
    }
  }

  function swapIn(fresh) {
    var found = {};
    PARTS.forEach(function (name) { found[name] = part(fresh, name); });
    if (!REQUIRED.every(function (name) { return found[name]; })) {
      return false;
    }
    PARTS.forEach(function (name) {
      var current = part(document, name);
      if (current && found[name]) {
        current.replaceWith(document.importNode(found[name], true));
      }
    });
    return true;
  }

  // Show the picker at `href`; `how` is "push" for a tap (the address changes) or "pop" for
  // Back and Forward (it has changed already).
  function show(href, how) {
    var ticket = ++latest;
    var times = part(document, "times");
    times.setAttribute("aria-busy", "true");

    function giveUp() {
      if (how === "push") {
        window.location.assign(href);
      } else {
        window.location.reload();
      }
    }

    window.fetch(href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        var landed = new URL(response.url);
        // A redirect elsewhere (sign-in, her booking) or an error page: let the browser go.
        if (!response.ok || landed.origin !== window.location.origin || landed.pathname !== path) {
          throw new Error("not this picker");
        }
        return response.text();
      })
      .then(function (html) {
        if (ticket !== latest) {
          return; // a later tap won
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        if (!swapIn(fresh)) {
          throw new Error("no picker in the page");
        }
        if (how === "push") {
          window.history.pushState({ slotPicker: true }, "", href);
        }
        shown = withoutHash(href);
        revealChosenDay();
        announce();
      })
      .catch(function () {
        if (ticket === latest) {
          giveUp();
        }
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('[data-slot-part="days"] a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== path) {
      return;
    }
    event.preventDefault();
    show(url.href, "push");
  });

  window.addEventListener("popstate", function () {
    var href = withoutHash(window.location.href);
    // A jump to an anchor (the skip link) changes only the fragment: nothing to swap.
    if (window.location.pathname !== path || href === shown) {
      return;
    }
    show(href, "pop");
  });

  revealChosenDay();
})();
