/*
 * Draws a survey's result charts with the vendored Chart.js. The numbers come from the server
 * (json_script "survey-chart-data"), which also prints each chart's table: without JavaScript,
 * or for screen readers, the tables are the data.
 */
(function () {
  "use strict";

  var source = document.getElementById("survey-chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  document.querySelectorAll("canvas.survey-chart").forEach(function (canvas) {
    var question = data[canvas.dataset.question];
    if (!question) {
      return;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: question.labels,
        datasets: [{ label: canvas.dataset.label, data: question.values, backgroundColor: "#00588f" }],
      },
      options: {
        animation: reduceMotion ? false : undefined,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
})();
