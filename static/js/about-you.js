// The suitability questions as one group (templates/clients/_screening_fields.html): each
// question's follow-up field shows only while its box is ticked, and "None of these apply to
// me" and the boxes that do apply untick each other. Without this script every follow-up shows
// and the server says when both kinds of box were ticked: it only saves steps.
(function () {
  "use strict";
  document.querySelectorAll("[data-screening-group]").forEach(function (group) {
    var none = group.querySelector("[data-none-apply]");
    var boxes = Array.prototype.slice.call(group.querySelectorAll("[data-applies]"));

    function followUp(box) {
      return group.querySelector('[data-follow-up-for="' + box.id + '"]');
    }

    function show(box) {
      var field = followUp(box);
      if (field) {
        field.hidden = !box.checked;
      }
    }

    boxes.forEach(function (box) {
      show(box);
      box.addEventListener("change", function () {
        if (box.checked && none) {
          none.checked = false;
        }
        show(box);
      });
    });
    if (none) {
      none.addEventListener("change", function () {
        if (!none.checked) {
          return;
        }
        boxes.forEach(function (box) {
          box.checked = false;
          show(box);
        });
      });
    }
  });
})();
