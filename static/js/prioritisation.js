/*
 * The "points left" counter of a prioritisation ballot: only an aid, the server checks the
 * budget and the per-initiative cap whatever this shows.
 */
(function () {
  "use strict";

  var form = document.querySelector(".ballot-form");
  var output = document.getElementById("points-left");
  if (!form || !output) {
    return;
  }
  var budget = parseInt(form.dataset.budget, 10) || 0;
  var inputs = form.querySelectorAll("input.ballot-points");

  function update() {
    var used = 0;
    inputs.forEach(function (input) {
      var value = parseInt(input.value, 10);
      used += isNaN(value) || value < 0 ? 0 : value;
    });
    var left = budget - used;
    output.textContent = output.dataset.template.replace("%(left)s", String(left));
    output.parentNode.classList.toggle("points-over", left < 0);
  }

  output.parentNode.hidden = false;
  inputs.forEach(function (input) {
    input.addEventListener("input", update);
  });
  update();
})();
