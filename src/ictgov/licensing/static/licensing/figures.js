// QĐ 766 figures by month: shares (bars, left axis) and the average processing time (line).
(function () {
  var el = document.getElementById("figures-data");
  var canvas = document.getElementById("figures-chart");
  if (!el || !canvas || typeof Chart === "undefined") return;
  var d = JSON.parse(el.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: d.labels,
      datasets: [
        { label: d.names.on_time, data: d.on_time, backgroundColor: "#198754" },
        { label: d.names.online, data: d.online, backgroundColor: "#0d6efd" },
        { label: d.names.electronic, data: d.electronic, backgroundColor: "#6f42c1" },
        { label: d.names.satisfaction, data: d.satisfaction, backgroundColor: "#fd7e14" },
        { label: d.names.average_days, data: d.average_days, type: "line", yAxisID: "days",
          borderColor: "#212529", backgroundColor: "#212529" }
      ]
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        y: { min: 0, max: 100, title: { display: true, text: "%" } },
        days: { position: "right", min: 0, grid: { drawOnChartArea: false },
                title: { display: true, text: d.names.days_axis } }
      }
    }
  });
})();
