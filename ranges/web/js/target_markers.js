// The targets layer (ranges/web/targets.py, TargetMarkers): one diamond per target, filled in
// the colour of the shortest-ranged shown system that reaches it, hollow when none does.
// `data` is wire_data's (its docstring has the format; untrusted text inside). Each row is made
// again as target_data's: [lat, lon, name, kind index, country index, in-range bit mask, fill
// index (-1: hollow), margin per system (in `unit`, null: no launch)..., launch index per
// system... (only where perLaunch)]. Tooltips are built on hover from DOM text nodes: a name
// is never parsed as HTML.
(function (group, data) {
    var n = data.systems.length;
    var icons = {};

    var size = data.size;

    function rows() {
        var kinds = Math.max(1, data.kinds.length), endings = data.endings.length;
        var masks = Math.pow(2, n), fills = data.fills.length + 1, lat = 0;
        function take(radix) {  // the last digit of `code` in that radix
            var digit = code % radix;
            code = (code - digit) / radix;
            return digit;
        }
        var code;
        return data.rows.map(function (w) {
            lat += w[0];
            code = w[3];
            var fill = take(fills) - 1, mask = take(masks), ending = take(endings);
            var kind = take(kinds);
            var row = [lat / 1e4, w[1] / 1e4, w[2] + data.endings[ending], kind, code, mask,
                fill];
            var at = 4;
            for (var j = 0; j < n; j++) {
                var offset = data.offsets[j];
                row.push(offset === null ? w[at++] : row[7] === null ? null : row[7] + offset);
            }
            return row.concat(w.slice(at));
        });
    }

    function diamond(fill) {
        // Colours come from Python, checked against /^#[0-9a-fA-F]{3,8}$/ there.
        var inner = fill === null
            ? 'fill="none" stroke="' + data.ink + '" stroke-width="1.6"'
            : 'fill="' + fill + '" stroke="' + data.ink + '" stroke-width="1.2"';
        return '<svg xmlns="http://www.w3.org/2000/svg" width="' + size + '" height="' + size +
            '" viewBox="0 0 14 14"><path d="M7 1.2 L12.8 7 L7 12.8 L1.2 7 Z" fill="none" ' +
            'stroke="#ffffff" stroke-width="3.2" stroke-opacity="0.85"/>' +
            '<path d="M7 1.2 L12.8 7 L7 12.8 L1.2 7 Z" ' + inner + '/></svg>';
    }

    function icon(fillIndex) {
        if (!(fillIndex in icons)) {
            icons[fillIndex] = L.divIcon({
                html: diamond(fillIndex < 0 ? null : data.fills[fillIndex]),
                className: fillIndex < 0 ? "rm-target rm-target-out" : "rm-target rm-target-in",
                iconSize: [size, size],
                iconAnchor: [size / 2, size / 2],
                tooltipAnchor: [0, -size / 2]
            });
        }
        return icons[fillIndex];
    }

    function amount(value) {
        return Math.abs(value).toLocaleString("en-US") + " " + data.unit;
    }

    function line(parent, text, tag) {
        var el = document.createElement(tag || "div");
        el.textContent = text;
        parent.appendChild(el);
        return el;
    }

    function tooltip(row) {
        var box = document.createElement("div");
        box.className = "rm-target-tip";
        line(box, row[2], "b");
        var about = [data.kinds[row[3]], data.countries[row[4]]].filter(function (t) {
            return t;
        }).join(", ");
        if (about) {
            line(box, about);
        }
        for (var j = 0; j < n; j++) {
            var margin = row[7 + j];
            var launch = data.perLaunch ? data.launches[row[7 + n + j]] : data.launches[0];
            var text;
            if (margin === null || launch === undefined) {
                text = "no launch site";
            } else if (row[5] & (1 << j)) {
                text = "in range by " + amount(margin) + ", from " + launch;
            } else if (margin >= 0) {
                text = "inside its minimum range (nearest: " + launch + ")";
            } else {
                text = "short by " + amount(margin) + " (nearest: " + launch + ")";
            }
            line(box, data.systems[j].name + ": " + text);
        }
        if (data.more) {
            line(box, "and " + data.more + " more systems (the Targets tab lists them)");
        }
        return box;
    }

    // Zoomed out to a continent (zoom 3 or less: a phone's first view), the diamonds shrink
    // by a fifth, so that the rings under them still show; smaller, they would read as dots.
    var SCALE_CSS = ".rm-targets-z3 .rm-target svg {transform: scale(0.8);}";
    if (!document.getElementById("rm-target-scale")) {
        var style = document.createElement("style");
        style.id = "rm-target-scale";
        style.textContent = SCALE_CSS;
        document.head.appendChild(style);
    }

    function scaleToZoom() {
        var map = group._map;
        if (!map) {
            return;
        }
        var zoom = map.getZoom(), box = map.getContainer().classList;
        box.toggle("rm-targets-z3", zoom <= 3);
    }

    function watchZoom() {
        group._map.on("zoomend", scaleToZoom);
        scaleToZoom();
    }

    group.on("add", watchZoom);
    // Each run of the app replaces the layer: the map keeps no listener of a layer it dropped.
    group.on("remove", function () {
        group._map.off("zoomend", scaleToZoom);
    });
    if (group._map) {
        watchZoom();
    }

    rows().forEach(function (row) {
        var marker = L.marker([row[0], row[1]], {
            icon: icon(row[6]),
            keyboard: false,
            // above the city markers and clusters (a target is what the reader put there),
            // below the ring labels and place names (LABEL_Z, 10000: a label stays readable)
            zIndexOffset: row[6] < 0 ? 8000 : 9000
        });
        marker.bindTooltip(function () { return tooltip(row); }, {direction: "top"});
        group.addLayer(marker);
    });
})
