// PlaceNames (ranges/web/placenames.py): the name markers of the largest places reached, drawn
// into `group` from compact rows [lat, lon, name, zoom], largest first (a row's index is its
// rank). Each name arrives already escaped for HTML (Python's html_text) inside JSON that
// tojson wrote; the markers are the ones LabelsInView places (`rm-place-name`, `data-rank`,
// `data-zoom`), not interactive, above the clusters (`zIndexOffset`).
(function (group, rows, zIndexOffset) {
    rows.forEach(function (row, rank) {
        var html = '<div class="rm-place-name rm-at-e" data-rank="' + rank + '" data-zoom="'
            + Number(row[3]) + '">' + row[2] + '</div><span class="rm-place-dot"></span>';
        L.marker([row[0], row[1]], {
            icon: L.divIcon({
                html: html,
                iconSize: [0, 0],
                iconAnchor: [0, 0],
                className: "rm-label-anchor rm-name-anchor"
            }),
            interactive: false,
            keyboard: false,
            zIndexOffset: zIndexOffset
        }).addTo(group);
    });
})
