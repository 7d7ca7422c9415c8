/*
 * The bar chart of a prioritisation round's results, with the vendored Chart.js. The table
 * beside it holds the same numbers (the accessible version, and the one without JavaScript).
 */
(function () {
  "use strict";

  var source = document.getElementById("prioritisation-chart-data");
  var canvas = document.getElementById("chart-prioritisation");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: canvas.dataset.label, data: data.points, backgroundColor: "#0b4f8a" }],
    },
    options: {
      animation: reduceMotion ? false : undefined,
      maintainAspectRatio: false,
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
})();
