// The copy button beside an address (her private calendar feed on the set-up page).
// Without this script the button stays hidden and the address is selectable text. When the
// clipboard can't be written to, the address is selected so she can copy it herself.
(function () {
  "use strict";

  function say(area, text) {
    var status = area && area.querySelector("[data-copy-status]");
    if (status) {
      status.textContent = text;
    }
  }

  function selectAll(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function copied(area) {
    say(area, "Copied. Now paste it into your calendar app.");
  }

  function fallback(field, area) {
    selectAll(field);
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    if (done) {
      copied(area);
    } else {
      say(area, "The address is selected: copy it with Ctrl+C (or Command+C on a Mac).");
    }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    var area = button.closest("[data-copy-area]");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () {
          selectAll(field);
          copied(area);
        },
        function () {
          fallback(field, area);
        }
      );
    } else {
      fallback(field, area);
    }
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button);
    });
  });
})();
