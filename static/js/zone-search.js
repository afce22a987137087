// The zone picker's search box (templates/bookings/_zone_picker.html): as she types, only the
// zones whose name, city or old names match stay in the list, and the first match is chosen,
// so Enter shows times there. Without JavaScript the box stays hidden and the grouped list
// works on its own.
(function () {
  "use strict";
  var box = document.querySelector("[data-zone-search]");
  var select = document.getElementById("zone-select");
  if (!box || !select) {
    return;
  }
  var input = box.querySelector("input[type='search']");
  var count = document.getElementById("zone-search-count");

  // "São Paulo" is found by "sao paulo", "America/New_York" by "new york".
  function normal(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[_/]/g, " ").toLowerCase();
  }

  var options = Array.prototype.map.call(select.options, function (option) {
    return {
      option: option,
      text: normal([option.text, option.value, option.dataset.aliases || ""].join(" ")),
    };
  });

  function filter() {
    var query = normal(input.value.trim());
    var first = null;
    var shown = 0;
    options.forEach(function (entry) {
      var match = !query || entry.text.indexOf(query) !== -1;
      entry.option.hidden = !match;
      if (match) {
        shown += 1;
        first = first || entry.option;
      }
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
    if (query && first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
      first.selected = true;
    }
    count.textContent = query ? shown + (shown === 1 ? " time zone matches." : " time zones match.") : "";
  }

  input.addEventListener("input", filter);
  box.hidden = false;
})();
