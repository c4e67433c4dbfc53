// Charts of the outcome page, drawn with Chart.js (vendor/, no CDN) from the figures in
// the page's <script type="application/json" id="outcome-charts"> block: no inline
// script, so the CSP holds. Each <canvas data-chart="name"> gets the chart of that name;
// the same numbers stand in a table beside it, which screen readers read instead.
(function () {
  var COLOURS = ["#0172ad", "#b35900"];  // blue and dark orange: apart for colour-blind eyes

  function options(spec) {
    return {
      indexAxis: spec.horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: spec.series.length > 1 } },
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0 } },
        y: { beginAtZero: true, ticks: { precision: 0 }, max: spec.max }
      }
    };
  }

  function draw() {
    var block = document.getElementById("outcome-charts");
    if (!block || typeof Chart === "undefined") { return; }
    var charts = JSON.parse(block.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = charts[canvas.getAttribute("data-chart")];
      if (!spec) { return; }
      var datasets = spec.series.map(function (series, i) {
        return { label: series.label, data: series.values, backgroundColor: COLOURS[i % 2] };
      });
      new Chart(canvas, { type: "bar", data: { labels: spec.labels, datasets: datasets },
                          options: options(spec) });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
