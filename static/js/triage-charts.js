/*
 * Draws the triage board's charts with the vendored Chart.js (static/vendor/chartjs/).
 *
 * The numbers come from the server (json_script "triage-chart-data"), which also prints them as
 * tables under each chart: without JavaScript, or for screen readers, those tables are the data.
 * Labels are translated in the template (data-* attributes on each canvas).
 */
(function () {
  "use strict";

  var source = document.getElementById("triage-chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var common = {
    animation: reduceMotion ? false : undefined,
    maintainAspectRatio: false,
    plugins: { legend: { display: false } },
  };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new window.Chart(canvas, config);
    }
  }

  draw("chart-per-week", {
    type: "bar",
    data: {
      labels: data.per_week.labels,
      datasets: [
        {
          label: document.getElementById("chart-per-week").dataset.label,
          data: data.per_week.values,
          backgroundColor: "#2e7d9a",
        },
      ],
    },
    options: Object.assign({}, common, {
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    }),
  });

  var answered = document.getElementById("chart-answered");
  draw("chart-answered", {
    type: "doughnut",
    data: {
      labels: [answered.dataset.answered, answered.dataset.unanswered],
      datasets: [
        {
          data: [data.answered.answered, data.answered.unanswered],
          backgroundColor: ["#2e7d32", "#b3541e"],
        },
      ],
    },
    options: Object.assign({}, common, {
      plugins: { legend: { display: true, position: "bottom" } },
    }),
  });

  draw("chart-median", {
    type: "line",
    data: {
      labels: data.median_days.labels,
      datasets: [
        {
          label: document.getElementById("chart-median").dataset.label,
          data: data.median_days.values,
          borderColor: "#6a1b9a",
          backgroundColor: "#6a1b9a",
          spanGaps: true,
        },
      ],
    },
    options: Object.assign({}, common, {
      scales: { y: { beginAtZero: true } },
    }),
  });
})();
