// RemoteGeoJson (ranges/web/elements/remote_geojson.py): the browser fetches a GeoJSON file
// from `url` into `layer`, drawn with `style` (Leaflet path options). A failed fetch leaves the
// layer empty and the map working.
(function (layer, url, style) {
    fetch(url)
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) {
            L.geoJSON(data, {style: style, interactive: false}).addTo(layer);
        })
        .catch(function (e) { console.warn("rangemap: layer not loaded", e); });
})
