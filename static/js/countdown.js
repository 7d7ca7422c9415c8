/*
 * Keeps "Closes in 5 days, 3 hours" on challenge pages up to date while the page stays open.
 *
 * Progressive enhancement: the server already wrote the sentence; without this script (or
 * without Intl unit formatting) it simply stays as written. The paragraph is not a live region:
 * updating once a minute must not interrupt screen reader users. The sentence template comes
 * translated from the server (data-template with "{remaining}"); numbers and units are written
 * in the page's language by Intl.
 */
(function () {
  "use strict";

  var MINUTE = 60 * 1000;
  var UNITS = [
    ["day", 24 * 60 * MINUTE],
    ["hour", 60 * MINUTE],
    ["minute", MINUTE],
  ];

  function supportsUnits() {
    try {
      new Intl.NumberFormat(undefined, { style: "unit", unit: "day" }).format(1);
      return true;
    } catch (error) {
      return false;
    }
  }

  function unitText(count, unit, lang) {
    return new Intl.NumberFormat(lang, { style: "unit", unit: unit, unitDisplay: "long" }).format(count);
  }

  // Like Django's timeuntil: the largest unit and, if not zero, the next one ("5 days, 3 hours").
  function remainingText(milliseconds, lang) {
    var index = 0;
    while (index < UNITS.length - 1 && milliseconds < UNITS[index][1]) {
      index += 1;
    }
    var count = Math.floor(milliseconds / UNITS[index][1]);
    var parts = [unitText(count, UNITS[index][0], lang)];
    var next = UNITS[index + 1];
    if (next) {
      var nextCount = Math.floor((milliseconds - count * UNITS[index][1]) / next[1]);
      if (nextCount > 0) {
        parts.push(unitText(nextCount, next[0], lang));
      }
    }
    if (parts.length > 1 && window.Intl && Intl.ListFormat) {
      return new Intl.ListFormat(lang, { style: "long", type: "unit" }).format(parts);
    }
    return parts.join(", ");
  }

  function start(element, lang) {
    var deadline = Date.parse(element.getAttribute("data-deadline"));
    var template = element.getAttribute("data-template");
    var output = element.querySelector(".countdown-text");
    if (isNaN(deadline) || !template || !output) {
      return;
    }
    function update() {
      var left = deadline - Date.now();
      var text = left <= 0
        ? element.getAttribute("data-closed-text")
        : template.replace("{remaining}", remainingText(left, lang));
      if (output.textContent !== text) {
        output.textContent = text;
      }
      if (left > 0) {
        window.setTimeout(update, Math.min(MINUTE, left));
      }
    }
    update();
  }

  if (!supportsUnits()) {
    return;
  }
  var lang = document.documentElement.lang || undefined;
  Array.prototype.forEach.call(document.querySelectorAll("[data-countdown]"), function (element) {
    start(element, lang);
  });
})();
