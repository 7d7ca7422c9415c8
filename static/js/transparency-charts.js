/*
 * Draws the transparency page's charts with the vendored Chart.js (static/vendor/chartjs/),
 * the same way as the triage board (static/js/triage-charts.js).
 *
 * The numbers come from the server (json_script "transparency-chart-data"), which also prints
 * them as a table beside each chart: without JavaScript, or for screen readers, those tables
 * are the data. Labels are translated on the server (status names in the data, series names in
 * data-* attributes on each canvas).
 */
(function () {
  "use strict";

  var source = document.getElementById("transparency-chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var common = {
    animation: reduceMotion ? false : undefined,
    maintainAspectRatio: false,
  };
  var countAxis = { beginAtZero: true, ticks: { precision: 0 } };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new window.Chart(canvas, config);
    }
  }

  var status = document.getElementById("chart-status");
  draw("chart-status", {
    type: "bar",
    data: {
      labels: data.status.labels,
      datasets: [
        {
          label: status && status.dataset.label,
          data: data.status.values,
          backgroundColor: "#2e7d9a",
        },
      ],
    },
    options: Object.assign({}, common, {
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: { x: countAxis },
    }),
  });

  var monthly = document.getElementById("chart-monthly");
  draw("chart-monthly", {
    type: "bar",
    data: {
      labels: data.monthly.labels,
      datasets: [
        {
          label: monthly && monthly.dataset.received,
          data: data.monthly.received,
          backgroundColor: "#0b4f8a",
        },
        {
          label: monthly && monthly.dataset.answered,
          data: data.monthly.answered,
          backgroundColor: "#2e7d32",
        },
      ],
    },
    options: Object.assign({}, common, {
      plugins: { legend: { display: true, position: "bottom" } },
      scales: { y: countAxis },
    }),
  });
})();
