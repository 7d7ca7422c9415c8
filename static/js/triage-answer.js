/*
 * Cluster page of the triage board: choosing an answer template copies its text into the
 * answer box at once. Without this script the "Use this template" button does the same through
 * the server.
 */
(function () {
  "use strict";

  var source = document.getElementById("triage-answer-templates");
  var select = document.getElementById("answer-template");
  var body = document.getElementById("answer-body");
  if (!source || !select || !body) {
    return;
  }
  var bodies = JSON.parse(source.textContent);
  select.addEventListener("change", function () {
    if (bodies[select.value]) {
      body.value = bodies[select.value];
    }
  });
})();
