// The leaders' dashboard: a stacked bar per lead unit (done on time, done late, within deadline,
// overdue). Data comes from the page (json_script); Chart.js is served by the app.
(function () {
  "use strict";
  const data = document.getElementById("by-unit-data");
  const canvas = document.getElementById("by-unit-chart");
  if (!data || !canvas || typeof Chart === "undefined") return;
  const chart = JSON.parse(data.textContent);
  const colors = ["#198754", "#ffc107", "#0d6efd", "#dc3545"];
  chart.datasets.forEach(function (ds, i) {
    ds.backgroundColor = colors[i];
  });
  new Chart(canvas, {
    type: "bar",
    data: chart,
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: {
          stacked: true,
          // Long unit names would be cut at the left edge on a phone: shorten them (the
          // tooltip keeps the whole name).
          ticks: {
            callback: function (value) {
              const label = this.getLabelForValue(value);
              const max = canvas.clientWidth < 576 ? 22 : 48;
              return label.length > max ? label.slice(0, max - 1) + "…" : label;
            },
          },
        },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
