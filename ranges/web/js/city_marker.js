// The marker of one city in a cluster (ranges/web/cities.py, FastMarkerCluster's callback):
// `row` is [lat, lon, tooltip (escaped HTML)]; a grey dot (#333333, CITY_COLOR).
(function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 4, color: "#ffffff", weight: 1, fillColor: "#333333", fillOpacity: 0.85,
         className: "rm-city"});
    marker.bindTooltip(row[2]);
    return marker;
})
