/*
 * Maps of the procedures (progressive enhancement): draws every element with the class "mw-procedures-map" with
 * Leaflet (global L, from /static/vendor/leaflet/leaflet.js, loaded before this file). Without JavaScript, or
 * without Leaflet, nothing happens and the page shows the list and coordinates it always shows.
 *
 * Data attributes of the element:
 *   data-tile-url     a tile template ({z}/{x}/{y}) or a WMS URL with a LAYERS parameter (the tenant's setting or
 *                     the installation's); empty: no base map, the shapes on a plain background (the page says so)
 *   data-attribution  the base layer's attribution (plain text)
 *   data-geojson      a GeoJSON address (/verfahren.geojson?…): the procedures of a list, each linked to its page
 *   data-geometry     a GeoJSON geometry (one procedure's page)
 *   data-label        the accessible name of the map region
 *   data-near         "lat,lon,radius_km": the place searched for (?place=): the map shows its circle's box
 *
 * No inline script, no eval, no inline styles: the Content-Security-Policy stays "script-src 'self'".
 */
(function () {
  "use strict";

  if (typeof window.L === "undefined" || !document.querySelectorAll) {
    return;
  }
  var L = window.L;
  var SAXONY = [51.05, 13.35];

  function baseLayer(url, attribution) {
    var options = { attribution: escapeText(attribution), maxZoom: 19 };
    if (url.indexOf("{z}") !== -1) {
      return L.tileLayer(url, options);
    }
    // A WMS service: the address without its query, the layer names from LAYERS.
    var parsed = new URL(url, window.location.href);
    var layers = "";
    var keep = new URLSearchParams();
    parsed.searchParams.forEach(function (value, key) {
      if (key.toLowerCase() === "layers") {
        layers = value;
      } else if (["service", "request", "version", "format", "transparent", "width", "height", "bbox", "srs", "crs", "styles"]
          .indexOf(key.toLowerCase()) === -1) {
        keep.append(key, value);
      }
    });
    var query = keep.toString();
    options.layers = layers;
    options.format = "image/png";
    options.transparent = false;
    return L.tileLayer.wms(parsed.origin + parsed.pathname + (query ? "?" + query : ""), options);
  }

  // Leaflet puts the attribution in as HTML: escape the tenant's plain text.
  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.href;
    link.textContent = properties.title;
    box.appendChild(link);
    var facts = document.createElement("p");
    facts.textContent = [properties.tenant_name, properties.type_label, properties.status_label].join(" · ");
    box.appendChild(facts);
    return box;
  }

  function show(map, data, linked, keepView) {
    var layer = L.geoJSON(data, {
      onEachFeature: function (feature, shape) {
        if (linked && feature.properties) {
          shape.bindPopup(popup(feature.properties));
        }
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid() && !keepView) {
      map.fitBounds(bounds, { maxZoom: 14, padding: [20, 20] });
    }
  }

  function draw(element) {
    var url = element.getAttribute("data-tile-url");
    element.classList.add("mw-procedures-map--ready");
    element.setAttribute("role", "region");
    element.setAttribute("aria-label", element.getAttribute("data-label") || "Karte");
    var map = L.map(element, { scrollWheelZoom: false }).setView(SAXONY, 8);
    if (url) {
      baseLayer(url, element.getAttribute("data-attribution")).addTo(map);
    }
    var near = (element.getAttribute("data-near") || "").split(",").map(Number);
    var centred = near.length === 3 && near.every(isFinite);
    if (centred) {
      // About 111 km to a degree of latitude; a degree of longitude shrinks with the cosine of the latitude.
      var dlat = near[2] / 111.2;
      var dlon = dlat / Math.cos(near[0] * Math.PI / 180);
      map.fitBounds([[near[0] - dlat, near[1] - dlon], [near[0] + dlat, near[1] + dlon]]);
    }

    var geometry = element.getAttribute("data-geometry");
    if (geometry) {
      try {
        show(map, JSON.parse(geometry), false);
      } catch (error) {
        // A geometry the server accepted but the browser cannot read: the base map stays.
      }
    }
    var source = element.getAttribute("data-geojson");
    if (source) {
      fetch(source, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data) {
            show(map, data, true, centred);
          }
        })
        .catch(function () {
          // Offline or refused: the list below the map has the same procedures.
        });
    }
  }

  function start() {
    var maps = document.querySelectorAll(".mw-procedures-map");
    for (var index = 0; index < maps.length; index += 1) {
      draw(maps[index]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
