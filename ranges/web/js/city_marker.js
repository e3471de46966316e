// The marker of one city in a cluster (ranges/web/cities.py, FastMarkerCluster's callback):
// `row` is [lat, lon, name, country, people, distance, launch], the texts already escaped for
// HTML (Python's html_text; `people` an integer); a grey dot (#333333, CITY_COLOR) whose tooltip
// reads as cities.city_tooltip writes it. The tooltip's markup is made here, not sent with
// every city: a third of the layer's bytes.
(function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 4, color: "#ffffff", weight: 1, fillColor: "#333333", fillOpacity: 0.85,
         className: "rm-city"});
    marker.bindTooltip("<b>" + row[2] + "</b>, " + row[3] + "<br>pop. "
        + Number(row[4]).toLocaleString("en-US") + " &middot; " + row[5] + " from " + row[6]);
    return marker;
})
