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
        { label: "Trước và đúng hạn (%)", data: d.on_time, backgroundColor: "#198754" },
        { label: "Nộp trực tuyến (%)", data: d.online, backgroundColor: "#0d6efd" },
        { label: "Kết quả điện tử (%)", data: d.electronic, backgroundColor: "#6f42c1" },
        { label: "Hài lòng (%)", data: d.satisfaction, backgroundColor: "#fd7e14" },
        { label: "Bình quân (ngày làm việc)", data: d.average_days, type: "line", yAxisID: "days",
          borderColor: "#212529", backgroundColor: "#212529" }
      ]
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        y: { min: 0, max: 100, title: { display: true, text: "%" } },
        days: { position: "right", min: 0, grid: { drawOnChartArea: false },
                title: { display: true, text: "ngày làm việc" } }
      }
    }
  });
})();
