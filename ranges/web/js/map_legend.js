// MapLegend (ranges/web/elements/map_legend.py): gives the Leaflet control `legend` a box that
// `fill(div)` fills (with markup already escaped) and adds it to `map`. Clicks and wheel turns
// on the box stay in it.
(function (map, legend, fill) {
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "rm-legend-box");
        fill(div);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    legend.addTo(map);
})
