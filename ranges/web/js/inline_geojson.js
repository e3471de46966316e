// InlineGeoJson (ranges/web/elements/inline_geojson.py): GeoJSON written into the page, drawn
// into `layer` with `style` (Leaflet path options), not interactive: the standalone export's
// country borders, which an offline page cannot fetch. Each feature becomes a plain path
// (L.GeoJSON.geometryToLayer), not an L.GeoJSON layer: those are the rings' layers.
(function (layer, data, style) {
    var options = L.extend({interactive: false}, style);
    data.features.forEach(function (feature) {
        var path = L.GeoJSON.geometryToLayer(feature, options);
        if (path.setStyle) { path.setStyle(style); }
        path.addTo(layer);
    });
})
