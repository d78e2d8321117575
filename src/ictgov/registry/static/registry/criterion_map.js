/* The commune ICT criterion on a map: one dot per commune (green met, red not met, grey
   unknown) at the average position of its located facilities, from the page's own data
   (json_script); tiles as on the facility map, or a plain background. Text is set with
   textContent. */
(function () {
  "use strict";
  var el = document.getElementById("criterion-map");
  var data = document.getElementById("criterion-points");
  if (!el || !data || typeof L === "undefined") return;
  var points = JSON.parse(data.textContent);
  var notice = document.getElementById("map-notice");
  var map = L.map(el, { maxZoom: 19, minZoom: 4 }).setView([16.0, 106.0], 6);
  function plain() {
    notice.textContent = el.dataset.noTiles;
    notice.classList.remove("d-none");
  }
  if (el.dataset.tiles) {
    var layer = L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 });
    var failed = false;
    layer.on("tileerror", function () { if (!failed) { failed = true; plain(); } });
    layer.addTo(map);
  } else {
    plain();
  }
  var group = L.featureGroup().addTo(map);
  points.forEach(function (p) {
    var icon = L.divIcon({ className: "", html: '<div class="criterion-dot ' + p.verdict + '"></div>', iconSize: [14, 14] });
    var marker = L.marker([p.lat, p.lon], { icon: icon, title: p.name + " — " + p.label });
    marker.bindPopup(function () {
      var box = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p.name;
      box.appendChild(title);
      var verdict = document.createElement("div");
      verdict.textContent = p.label;
      box.appendChild(verdict);
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = el.dataset.open;
      box.appendChild(link);
      return box;
    });
    group.addLayer(marker);
  });
  el.dataset.loaded = String(points.length);
  if (points.length) map.fitBounds(group.getBounds(), { maxZoom: 13, padding: [20, 20] });
})();
