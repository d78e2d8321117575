/* The registry map: markers from the GeoJSON endpoint (same filters and scope as the list),
   clustered; tiles from the configured server, or a plain background when there is none or it
   cannot be reached. Text is set with textContent (names come from users). */
(function () {
  "use strict";
  var el = document.getElementById("facility-map");
  if (!el || typeof L === "undefined") return;
  var notice = document.getElementById("map-notice");
  function say(text) {
    notice.textContent = text;
    notice.classList.remove("d-none");
  }
  var map = L.map(el, { maxZoom: 19, minZoom: 4 }).setView([16.0, 106.0], 6);
  var tiles = el.dataset.tiles;
  if (tiles) {
    var layer = L.tileLayer(tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 });
    var failed = false;
    layer.on("tileerror", function () {
      if (!failed) { failed = true; say(el.dataset.noTiles); }
    });
    layer.addTo(map);
  } else {
    say(el.dataset.noTiles);
  }
  var clusters = L.markerClusterGroup({ chunkedLoading: true });
  map.addLayer(clusters);
  function popup(feature) {
    var p = feature.properties;
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = p.name;
    box.appendChild(title);
    var kind = document.createElement("div");
    kind.className = "small";
    kind.textContent = (el.dataset["kind" + p.kind.replace(/(^|_)(\w)/g, function (m, a, b) { return b.toUpperCase(); })] || p.kind) + (p.code ? " · " + p.code : "");
    box.appendChild(kind);
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = el.dataset.open;
    link.setAttribute("data-testid", "map-popup-link");
    box.appendChild(link);
    return box;
  }
  fetch(el.dataset.geojson, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      var markers = data.features.map(function (f) {
        var c = f.geometry.coordinates;
        var css = "registry-marker kind-" + f.properties.kind + (f.properties.condition === "broken" ? " broken" : "");
        var icon = L.divIcon({ className: "", html: '<div class="' + css + '"></div>', iconSize: [14, 14] });
        var m = L.marker([c[1], c[0]], { icon: icon, title: f.properties.name });
        m.bindPopup(function () { return popup(f); });
        return m;
      });
      clusters.addLayers(markers);
      el.dataset.loaded = String(markers.length);
      document.getElementById("map-count").textContent = markers.length + " " + el.dataset.count;
      if (markers.length) map.fitBounds(clusters.getBounds(), { maxZoom: 15, padding: [20, 20] });
    })
    .catch(function () { say(el.dataset.failed); el.dataset.loaded = "error"; });
})();
