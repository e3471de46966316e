// Made from ranges/web/js/*.js by `python -m ranges.web.scripts`: do not edit.
window.rangemap = window.rangemap || {};
rangemap.city_marker = // The markers of the cities in a cluster (ranges/web/cities.py, FastMarkerCluster's callback):
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
});
rangemap.drawing_guard = // DrawingGuard (ranges/web/elements/drawing_guard.py): while a shape is being drawn, the map's
// click listeners are set aside (put back `clickPauseMs` after the drawing stops: the click
// that finishes a shape comes after draw:drawstop); a finished shape leaves the drawing layer
// `keepMs` after it was drawn (the app draws it again, as a launch area). The map's first report
// says "no drawings" as a list, as every later one does: streamlit-folium starts from null and
// turns it into the drawing layer's shapes ([]) at the first click on any marker or ring, a
// changed value that reran the app, whose new layers closed the popup that click had opened.
(function (map, keepMs, clickPauseMs) {
    var data = window.__GLOBAL_DATA__;
    if (data && data.all_drawings === null) {
        data.all_drawings = [];
    }
    var aside = [];
    map.on("draw:drawstart", function () {
        var listeners = (map._events && map._events.click) || [];
        aside = listeners.map(function (l) { return [l.fn, l.ctx]; });
        aside.forEach(function (l) { map.off("click", l[0], l[1]); });
    });
    map.on("draw:drawstop", function () {
        var back = aside;
        aside = [];
        setTimeout(function () {
            back.forEach(function (l) { map.on("click", l[0], l[1]); });
        }, clickPauseMs);
    });
    map.on("draw:created", function (e) {
        var layer = e.layer;
        setTimeout(function () {
            if (window.drawnItems && window.drawnItems.removeLayer) {
                window.drawnItems.removeLayer(layer);
            }
            layer.remove();
        }, keepMs);
    });
});
rangemap.fit_rings = // FitRings (ranges/web/elements/fit_rings.py): once, when the first rings (paths of class
// rm-ring) are on a map smaller than `small` ([width, height], px) that does not show them
// whole, fit the view to them. Later rings (a slider moved) never move the view.
(function (map, small) {
    var done = false, queued = false;
    function fit() {
        queued = false;
        if (done) { return; }
        var bounds = null;
        map.eachLayer(function (layer) {
            var cls = layer.options && layer.options.className;
            if (layer.getBounds && cls && /\brm-ring\b/.test(cls)) {
                bounds = bounds ? bounds.extend(layer.getBounds()) : L.latLngBounds(
                    layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
            }
        });
        var size = map.getSize();
        if (!bounds || !size.x || !size.y) { return; }  // not yet: a later layer or resize
        done = true;
        map.off("layeradd resize", later);
        if (size.x >= small[0] && size.y >= small[1]) { return; }
        if (map.getBounds().contains(bounds)) { return; }
        map.fitBounds(bounds, {padding: [6, 6], animate: false});
    }
    function later() { if (!queued) { queued = true; setTimeout(fit, 0); } }
    map.on("layeradd resize", later);
    later();
});
rangemap.inline_geojson = // InlineGeoJson (ranges/web/elements/inline_geojson.py): GeoJSON written into the page, drawn
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
});
rangemap.labels_in_view = // LabelsInView (ranges/web/elements/labels_in_view.py): places the ring labels and place names
// on screen after every zoom, pan, resize or new layer. Ring labels first, in the order the
// server sent them (ranges/web/labels.py), then place names, largest first: each keeps its
// place if it is wholly on the map and covers no control, legend, marker (a launch point, the
// target of "Reach a target"; not the diamonds of a targets list, hundreds of which would leave
// a ring no place) or label placed before it, else takes the first of its places (data-spots:
// lat,lon,bearing;... on its rings; a name: the sides of its dot) where it does; a label with
// no such place is hidden (the legend still names its ring). At most `maxNames` place names
// show at once, and only those whose data-zoom is at most the map's zoom: a handful, not a
// carpet.
(function (map, maxNames) {
    var SIDES = {0: "n", 45: "ne", 90: "e", 135: "se", 180: "s", 225: "sw",
                 270: "w", 315: "nw"};
    var NAME_SIDES = ["e", "w", "ne", "nw", "se", "sw"];
    var queued = false;
    // The box of a label drawn on ``side`` of the point ``ll`` (as the rm-at-* classes
    // place it), in the map's pixels, from its measured size.
    function boxAt(ll, side, w, h) {
        var pt = map.latLngToContainerPoint(ll);
        var gap = side.length === 1 ? 4 : 2, left, top;
        if (side.indexOf("e") >= 0) { left = pt.x + gap; }
        else if (side.indexOf("w") >= 0) { left = pt.x - gap - w; }
        else { left = pt.x - w / 2; }
        if (side.indexOf("n") >= 0) { top = pt.y - gap - h; }
        else if (side.indexOf("s") >= 0) { top = pt.y + gap; }
        else { top = pt.y - h / 2; }
        return {left: left, top: top, right: left + w, bottom: top + h};
    }
    function inView(b, size) {
        var pad = 4;
        return b.left >= pad && b.top >= pad && b.right <= size.x - pad &&
               b.bottom <= size.y - pad;
    }
    function clear(b, taken) {
        return taken.every(function (o) {
            return b.right <= o.left || b.left >= o.right || b.bottom <= o.top ||
                   b.top >= o.bottom;
        });
    }
    // The controls, the legend and the launch points' and target's markers, in the map's
    // pixels: no label goes over them.
    function obstacles() {
        var root = map.getContainer().getBoundingClientRect(), out = [];
        var els = map.getContainer().querySelectorAll(
            ".leaflet-control, .rm-legend-box, .leaflet-marker-icon:not(.rm-label-anchor)" +
            ":not(.rm-name-anchor):not(.marker-cluster):not(.rm-target)");
        Array.prototype.forEach.call(els, function (el) {
            var r = el.getBoundingClientRect();
            if (r.width && r.height) {
                out.push({left: r.left - root.left - 2, top: r.top - root.top - 2,
                          right: r.right - root.left + 2, bottom: r.bottom - root.top + 2});
            }
        });
        return out;
    }
    function spotsOf(label) {
        if (label.dataset.spots) {
            var inward = label.dataset.ring && label.dataset.ring.split(",")[4] === "1";
            return label.dataset.spots.split(";").map(function (s) {
                var v = s.split(",").map(Number);
                return {ll: L.latLng(v[0], v[1]), bearing: v[2],
                        side: SIDES[inward ? (v[2] + 180) % 360 : v[2]] || "e"};
            });
        }
        return null;
    }
    function place() {
        queued = false;
        if (map._animatingZoom) { later(); return; }
        var size = map.getSize(), zoom = map.getZoom(), taken = obstacles();
        var rings = [], names = [];
        map.eachLayer(function (layer) {
            var el = layer.getElement && layer.getElement();
            var label = el && el.firstElementChild;
            if (!label || !label.classList) { return; }
            if (label.classList.contains("rm-ring-label")) { rings.push([layer, label, el]); }
            else if (label.classList.contains("rm-place-name")) {
                names.push([layer, label, el]);
            }
        });
        names.sort(function (a, b) {
            return Number(a[1].dataset.rank) - Number(b[1].dataset.rank);
        });
        var all = rings.concat(names);
        // Measure every label shown (one layout), then place them.
        all.forEach(function (p) { p[2].style.display = ""; });
        var sizes = all.map(function (p) { return [p[1].offsetWidth, p[1].offsetHeight]; });
        var shownNames = 0;
        all.forEach(function (p, i) {
            var layer = p[0], label = p[1], w = sizes[i][0], h = sizes[i][1];
            var isName = label.classList.contains("rm-place-name");
            var spots = spotsOf(label);
            if (!spots) {
                spots = NAME_SIDES.map(function (s) { return {ll: layer.getLatLng(), side: s}; });
            }
            if (isName && (shownNames >= maxNames || Number(label.dataset.zoom) > zoom)) {
                p[2].style.display = "none";
                return;
            }
            var at = Number(label.dataset.at || 0), order = [at];
            for (var k = 0; k < spots.length; k++) { if (k !== at) { order.push(k); } }
            var best = -1, box = null;
            for (var j = 0; j < order.length; j++) {
                var s = spots[order[j]];
                if (!s) { continue; }
                var b = boxAt(s.ll, s.side, w, h);
                if (inView(b, size) && clear(b, taken)) { best = order[j]; box = b; break; }
            }
            if (best < 0) { p[2].style.display = "none"; return; }
            taken.push(box);
            if (isName) { shownNames += 1; }
            if (best !== at || !label.dataset.at) {
                var spot = spots[best];
                label.dataset.at = String(best);
                label.className = label.className.replace(/\brm-at-\w+/, "rm-at-" + spot.side);
                if (spot.bearing !== undefined && label.dataset.ring) {
                    var r = label.dataset.ring.split(",");
                    r[3] = String(spot.bearing);
                    label.dataset.ring = r.join(",");
                }
                if (!layer.getLatLng().equals(spot.ll)) { layer.setLatLng(spot.ll); }
            }
        });
    }
    function later() { if (!queued) { queued = true; setTimeout(place, 0); } }
    map.on("zoomend moveend layeradd resize", later);
    later();
});
rangemap.map_legend = // MapLegend (ranges/web/elements/map_legend.py): gives the Leaflet control `legend` a box that
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
});
rangemap.place_names = // PlaceNames (ranges/web/placenames.py): the name markers of the largest places reached, drawn
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
});
rangemap.remote_geojson = // RemoteGeoJson (ranges/web/elements/remote_geojson.py): the browser fetches a GeoJSON file
// from `url` into `layer`, drawn with `style` (Leaflet path options). A failed fetch leaves the
// layer empty and the map working.
(function (layer, url, style) {
    fetch(url)
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) {
            L.geoJSON(data, {style: style, interactive: false}).addTo(layer);
        })
        .catch(function (e) { console.warn("rangemap: layer not loaded", e); });
});
rangemap.target_markers = // The targets layer (ranges/web/targets.py: the design, and wire_data's format of `data`, whose
// rows are made again as target_data's). Tooltips are made of DOM text: names are never HTML.
(function (group, data) {
    var n = data.systems.length;
    var icons = {};

    var size = data.size;

    function rows() {
        var kinds = Math.max(1, data.kinds.length), endings = data.endings.length;
        var masks = Math.pow(2, n), fills = data.fills.length + 1, lat = 0;
        function take(radix) {  // code's last digit in that radix
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
        // Colours checked in Python (_color)
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

    // At zoom 3 or less (a continent, a phone's first view) 80 %: the rings still show.
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
    // Each run replaces the layer: no listener outlives it.
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
            // over cities, under labels (LABEL_Z 10000)
            zIndexOffset: row[6] < 0 ? 8000 : 9000
        });
        marker.bindTooltip(function () { return tooltip(row); }, {direction: "top"});
        group.addLayer(marker);
    });
});
rangemap.tooltips_in_view = // TooltipsInView (ranges/web/elements/tooltips_in_view.py): every tooltip of the page, once
// Leaflet has placed it (beside the pointer or its marker), is moved back inside the map if it
// runs over an edge: a ring's tooltip near the map's top ran 58 px above it, cut off.
(function (map) {
    var proto = L.Tooltip.prototype;
    if (proto.rmInView) { return; }
    var setPosition = proto._setPosition;
    proto._setPosition = function (pos) {
        setPosition.call(this, pos);
        var owner = this._map, el = this._container;
        if (!owner || !el) { return; }
        var box = el.getBoundingClientRect();
        var root = owner.getContainer().getBoundingClientRect();
        var pad = 4, dx = 0, dy = 0;
        if (box.height + 2 * pad <= root.height) {
            if (box.top < root.top + pad) { dy = root.top + pad - box.top; }
            else if (box.bottom > root.bottom - pad) { dy = root.bottom - pad - box.bottom; }
        }
        if (box.width + 2 * pad <= root.width) {
            if (box.left < root.left + pad) { dx = root.left + pad - box.left; }
            else if (box.right > root.right - pad) { dx = root.right - pad - box.right; }
        }
        if (dx || dy) {
            L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add(L.point(dx, dy)));
        }
    };
    proto.rmInView = true;
});
rangemap.unit_scale = // UnitScale (ranges/web/elements/unit_scale.py): Leaflet's scale bar in `unit` ("km", "mi" or
// "nmi"). Leaflet knows only metric and imperial: nautical miles replace its metric bar.
(function (map, unit) {
    var Scale = L.Control.Scale.extend({
        _updateMetric: function (maxMeters) {
            if (unit !== "nmi") {
                return L.Control.Scale.prototype._updateMetric.call(this, maxMeters);
            }
            var nmi = maxMeters / 1852, n = this._getRoundNum(nmi);
            this._updateScale(this._mScale, n + " nmi", n / nmi);
        }
    });
    new Scale({position: "bottomleft", metric: unit !== "mi",
               imperial: unit === "mi", maxWidth: 120})
        .addTo(map);
});
