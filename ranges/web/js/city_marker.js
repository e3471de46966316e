// The markers of the cities in a cluster (ranges/web/cities.py, FastMarkerCluster's callback):
// called with `tables` ({countries, launches, unit}), it gives the function that makes the
// marker of one `row`, [lat, lon, name, country, people, distance, launch]: `country` and
// `launch` index the tables, `distance` is whole units; every text is already escaped for
// HTML (Python's html_text). A grey dot (#333333, CITY_COLOR) whose tooltip reads as
// cities.city_tooltip writes it. The markup, the countries and the launch points' names are
// made or sent once, not with every city: half the layer's bytes.
(function (tables) {
    return function (row) {
        var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
            {radius: 4, color: "#ffffff", weight: 1, fillColor: "#333333", fillOpacity: 0.85,
             className: "rm-city"});
        marker.bindTooltip("<b>" + row[2] + "</b>, " + tables.countries[row[3]] + "<br>pop. "
            + Number(row[4]).toLocaleString("en-US") + " &middot; "
            + Number(row[5]).toLocaleString("en-US") + " " + tables.unit + " from "
            + tables.launches[row[6]]);
        return marker;
    };
})
