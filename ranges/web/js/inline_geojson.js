// InlineGeoJson (ranges/web/elements/inline_geojson.py): GeoJSON written into the page, drawn
// into `layer` with `style` (Leaflet path options), not interactive: the standalone export's
// country borders, which an offline page cannot fetch.
(function (layer, data, style) {
    L.geoJSON(data, {style: style, interactive: false}).addTo(layer);
})
