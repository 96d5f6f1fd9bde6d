// LEFI Online: small enhancements. Every page works without this file; it is loaded
// with `defer` from our own origin (the CSP allows no inline script).
(function () {
  "use strict";

  // The error summary gets focus, so a screen reader reads it first and a keyboard
  // user starts there (GOV.UK's way: `autofocus` is not allowed on a div).
  var summary = document.querySelector("[data-felsammanfattning]");
  if (summary) {
    summary.focus();
    // A link in the summary moves focus to its field and shows the field's label
    // (or, for the checkboxes, their heading) rather than scrolling the input to the
    // very top of the window.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var group = field.closest(".falt");
      var label = group ? group.querySelector("label, h1, h2, legend") : null;
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // "Markera alla" ticks every box without a round trip; without the script the
  // button asks the server, which answers with the form, all ticked.
  var tickAll = document.querySelector("button[data-markera-alla]");
  if (tickAll && tickAll.form) {
    tickAll.addEventListener("click", function (event) {
      event.preventDefault();
      var boxes = tickAll.form.querySelectorAll("input[type='checkbox'][name='formaner']");
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].checked = true;
      }
      var status = tickAll.form.querySelector("[data-markera-alla-status]");
      if (status) {
        status.textContent = "Alla " + boxes.length + " förmåner är markerade.";
      }
    });
  }

  // A wide table scrolls inside its frame; the frame is a tab stop (so it can be
  // scrolled with the keyboard) only while it actually scrolls.
  var frames = document.querySelectorAll(".tabell-omslag");
  function updateFrames() {
    for (var i = 0; i < frames.length; i++) {
      var scrolls = frames[i].scrollWidth > frames[i].clientWidth + 1;
      if (scrolls) {
        frames[i].setAttribute("tabindex", "0");
      } else {
        frames[i].removeAttribute("tabindex");
      }
    }
  }
  if (frames.length) {
    updateFrames();
    window.addEventListener("resize", updateFrames);
  }
})();
