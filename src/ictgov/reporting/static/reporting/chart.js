// One indicator over periods (province total of approved figures).
(function () {
  var el = document.getElementById("series-data");
  var canvas = document.getElementById("series-chart");
  if (!el || !canvas || typeof Chart === "undefined") return;
  var d = JSON.parse(el.textContent);
  new Chart(canvas, {
    type: "line",
    data: { labels: d.labels, datasets: [{ label: d.label, data: d.values, borderColor: "#0d6efd",
      backgroundColor: "#0d6efd", spanGaps: true }] },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }
  });
})();
